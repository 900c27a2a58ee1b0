package com.example.demo;

/**
 * The demo's "business operations", outside {@code io.lantern} (a package the agent never weaves)
 * so that {@code -Dlantern.methods.include=com.example.demo.DemoOperations[greet,fail]} measures
 * them: the Service overview's "Business operations" row then has a method that succeeds and one
 * that always throws.
 */
public final class DemoOperations {
  private DemoOperations() {}

  /** {@code /hello}'s answer. */
  public static String greet() {
    return "hello\n";
  }

  /** {@code /error}: fails on purpose. */
  public static void fail() {
    throw new IllegalStateException("the demo fails on purpose");
  }
}
