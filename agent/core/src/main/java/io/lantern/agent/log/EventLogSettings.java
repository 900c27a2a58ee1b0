package io.lantern.agent.log;

/**
 * Immutable settings of an {@link EventLog}. Built with {@link #builder()}; {@link Builder#build()}
 * never throws: a missing or out-of-range value is replaced by its default (or clamped), so a bad
 * configuration can never stop the application. Parsing and {@code config_warning} events are the
 * configuration's job, not this class's.
 */
public final class EventLogSettings {
  public static final EventLogTarget DEFAULT_TARGET = EventLogTarget.FILE;
  public static final String DEFAULT_FILE = "logs/lantern.log";
  public static final long DEFAULT_MAX_FILE_SIZE_BYTES = 10L * 1024 * 1024;
  public static final int DEFAULT_MAX_FILES = 10;
  public static final Level DEFAULT_LEVEL = Level.INFO;
  public static final int DEFAULT_QUEUE_SIZE = 8192;
  /** Used when no service name is given (the configuration normally always gives one). */
  public static final String DEFAULT_SERVICE = "unknown_service:java";

  /** Smallest total number of files (active + rotated) that the rolling policy supports. */
  public static final int MIN_MAX_FILES = 2;
  /** Largest total number of files (active + rotated). */
  public static final int MAX_MAX_FILES = 1000;
  public static final long MIN_MAX_FILE_SIZE_BYTES = 1024;
  public static final int MIN_QUEUE_SIZE = 2;
  public static final int MAX_QUEUE_SIZE = 1 << 24;

  private final EventLogTarget target;
  private final String file;
  private final long maxFileSizeBytes;
  private final int maxFiles;
  private final Level level;
  private final int queueSize;
  private final String service;
  private final String serviceVersion;
  private final String deploymentEnvironment;

  private EventLogSettings(Builder b) {
    this.target = b.target == null ? DEFAULT_TARGET : b.target;
    this.file = b.file == null || b.file.trim().isEmpty() ? DEFAULT_FILE : b.file.trim();
    this.maxFileSizeBytes = b.maxFileSizeBytes <= 0 ? DEFAULT_MAX_FILE_SIZE_BYTES
        : Math.max(MIN_MAX_FILE_SIZE_BYTES, b.maxFileSizeBytes);
    this.maxFiles = b.maxFiles <= 0 ? DEFAULT_MAX_FILES
        : Math.min(MAX_MAX_FILES, Math.max(MIN_MAX_FILES, b.maxFiles));
    this.level = b.level == null ? DEFAULT_LEVEL : b.level;
    this.queueSize = b.queueSize <= 0 ? DEFAULT_QUEUE_SIZE
        : Math.min(MAX_QUEUE_SIZE, Math.max(MIN_QUEUE_SIZE, b.queueSize));
    this.service = blankToNull(b.service) == null ? DEFAULT_SERVICE : b.service;
    this.serviceVersion = blankToNull(b.serviceVersion);
    this.deploymentEnvironment = blankToNull(b.deploymentEnvironment);
  }

  private static String blankToNull(String s) {
    return s == null || s.trim().isEmpty() ? null : s;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with these settings. */
  public Builder toBuilder() {
    return new Builder().target(target).file(file).maxFileSizeBytes(maxFileSizeBytes).maxFiles(maxFiles)
        .level(level).queueSize(queueSize).service(service).serviceVersion(serviceVersion)
        .deploymentEnvironment(deploymentEnvironment);
  }

  public EventLogTarget target() {
    return target;
  }

  /** Path of the active log file (target FILE); rotated files are {@code <file>.1 .. <file>.<maxFiles-1>}. */
  public String file() {
    return file;
  }

  public long maxFileSizeBytes() {
    return maxFileSizeBytes;
  }

  /** Total number of files kept, the active one included. */
  public int maxFiles() {
    return maxFiles;
  }

  public Level level() {
    return level;
  }

  /** Capacity of the event queue (rounded up to a power of two by the queue). */
  public int queueSize() {
    return queueSize;
  }

  public String service() {
    return service;
  }

  /** Null when unset. */
  public String serviceVersion() {
    return serviceVersion;
  }

  /** Null when unset. */
  public String deploymentEnvironment() {
    return deploymentEnvironment;
  }

  @Override
  public String toString() {
    return "EventLogSettings{target=" + target + ", file=" + file + ", maxFileSizeBytes=" + maxFileSizeBytes
        + ", maxFiles=" + maxFiles + ", level=" + level + ", queueSize=" + queueSize + ", service=" + service
        + ", serviceVersion=" + serviceVersion + ", deploymentEnvironment=" + deploymentEnvironment + '}';
  }

  /** Unset values take the defaults of contract section 2. */
  public static final class Builder {
    private EventLogTarget target = DEFAULT_TARGET;
    private String file = DEFAULT_FILE;
    private long maxFileSizeBytes = DEFAULT_MAX_FILE_SIZE_BYTES;
    private int maxFiles = DEFAULT_MAX_FILES;
    private Level level = DEFAULT_LEVEL;
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private String service;
    private String serviceVersion;
    private String deploymentEnvironment;

    private Builder() {}

    public Builder target(EventLogTarget target) {
      this.target = target;
      return this;
    }

    public Builder file(String file) {
      this.file = file;
      return this;
    }

    /** Bytes; at least 1024 (smaller values are raised); 0 or less means the default (10 MB). */
    public Builder maxFileSizeBytes(long maxFileSizeBytes) {
      this.maxFileSizeBytes = maxFileSizeBytes;
      return this;
    }

    /** Total files kept, active included; clamped to [2, 1000]; 0 or less means the default (10). */
    public Builder maxFiles(int maxFiles) {
      this.maxFiles = maxFiles;
      return this;
    }

    public Builder level(Level level) {
      this.level = level;
      return this;
    }

    public Builder queueSize(int queueSize) {
      this.queueSize = queueSize;
      return this;
    }

    public Builder service(String service) {
      this.service = service;
      return this;
    }

    public Builder serviceVersion(String serviceVersion) {
      this.serviceVersion = serviceVersion;
      return this;
    }

    public Builder deploymentEnvironment(String deploymentEnvironment) {
      this.deploymentEnvironment = deploymentEnvironment;
      return this;
    }

    public EventLogSettings build() {
      return new EventLogSettings(this);
    }

  }
}
