package io.lantern.agent.config;

/** Where finished spans go ({@code lantern.traces.exporter}). */
public enum TracesExporter {
  NONE, OTLP, LOG
}
