package io.lantern.agent.log;

/**
 * Severity of a Lantern event, lowest first; {@code lantern.log.level} is the lowest written.
 * {@code TRACE} exists for the application's own records ({@code log} events); the agent itself
 * writes nothing below {@code DEBUG}.
 */
public enum Level {
  TRACE, DEBUG, INFO, WARN, ERROR
}
