package io.lantern.agent.config;

/** Where event lines also go as log records ({@code lantern.logs.exporter}). */
public enum LogsExporter {
  NONE, OTLP
}
