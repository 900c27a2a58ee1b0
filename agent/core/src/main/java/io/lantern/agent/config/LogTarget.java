package io.lantern.agent.config;

/** Where Lantern's own log events go ({@code lantern.log.target}). */
public enum LogTarget {
  FILE, STDOUT, STDERR, NONE
}
