package io.github.cream.examples.export;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the OpenTelemetry SDK and OkHttp log (through {@code java.util.logging}), kept instead of printed: the CLI
 * turns a failed export into one line of its own, with the reason the exporter logged.
 */
final class OtelLog extends Handler {

  /** Held, so that the configuration is not lost with a collected logger. */
  private static final Logger[] LOGGERS = {Logger.getLogger("io.opentelemetry"), Logger.getLogger("okhttp3")};

  private static final OtelLog INSTANCE = new OtelLog();

  private volatile String last;

  private OtelLog() {
    setLevel(Level.WARNING);
  }

  /**
   * Routes the SDK's warnings and errors here, once per process.
   *
   * @return the log
   */
  static synchronized OtelLog install() {
    for (Logger l : LOGGERS) {
      if (l.getUseParentHandlers()) {
        l.setUseParentHandlers(false);
        l.addHandler(INSTANCE);
      }
    }
    return INSTANCE;
  }

  @Override
  public void publish(LogRecord r) {
    if (r == null || r.getLevel().intValue() < Level.WARNING.intValue()) {
      return;
    }
    String message = r.getMessage();
    if (message != null && r.getParameters() != null && r.getParameters().length > 0) {
      try {
        message = java.text.MessageFormat.format(message, r.getParameters());
      } catch (IllegalArgumentException e) {
        // the pattern as it is
      }
    }
    Throwable thrown = r.getThrown();
    if (thrown != null) {
      Throwable root = thrown;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
      message = message == null ? why : message + " " + why;
    }
    last = message;
  }

  /**
   * The last warning or error, and forgets it.
   *
   * @return the message, or null
   */
  String take() {
    String m = last;
    last = null;
    return m;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
