package io.lantern.agent.log;

/** Severity of a Lantern event, lowest first; {@code lantern.log.level} is the lowest written. */
public enum Level {
  DEBUG, INFO, WARN, ERROR
}
