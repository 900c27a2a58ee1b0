package com.example.demo;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo's "business operations", outside {@code io.lantern} (a package the agent never weaves)
 * so that {@code -Dlantern.methods.include=com.example.demo.DemoOperations[greet,fail]} measures
 * them: the Service overview's "Business operations" row then has a method that succeeds and one
 * that always throws. Both log through java.util.logging (the JDK's, no dependency), so that with
 * {@code -Dlantern.logs.capture=true} the demo has application {@code log} events: one INFO per
 * greeting, one ERROR with the exception per failure (the Logs dashboard's "Application logs").
 */
public final class DemoOperations {
  private static final Logger LOG = Logger.getLogger(DemoOperations.class.getName());

  private DemoOperations() {}

  /** {@code /hello}'s answer. */
  public static String greet() {
    LOG.info("greeting a visitor");
    return "hello\n";
  }

  /** {@code /error}: fails on purpose. */
  public static void fail() {
    IllegalStateException failure = new IllegalStateException("the demo fails on purpose");
    LOG.log(Level.SEVERE, "request failed", failure);
    throw failure;
  }
}
