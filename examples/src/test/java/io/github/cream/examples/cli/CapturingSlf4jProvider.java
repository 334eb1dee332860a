package io.github.cream.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A test-scope SLF4J provider (registered in {@code src/test/resources/META-INF/services}) that keeps, while a
 * capture is on, every log event of every level down to TRACE, formatted with its arguments and stack trace, so
 * the privacy test can search what cream logs. Written here rather than adding a logging backend: slf4j-api stays
 * the only logging dependency, and the provider does nothing when no capture is on.
 */
public final class CapturingSlf4jProvider implements SLF4JServiceProvider {

  private static final List<String> EVENTS = new ArrayList<>();
  private static boolean capturing;

  /** Starts keeping events (clearing earlier ones). */
  static synchronized void start() {
    EVENTS.clear();
    capturing = true;
  }

  /** Stops keeping events and returns them. */
  static synchronized List<String> stop() {
    capturing = false;
    return List.copyOf(EVENTS);
  }

  private static synchronized void keep(String event) {
    if (capturing) {
      EVENTS.add(event);
    }
  }

  private final ILoggerFactory loggers = CapturingLogger::new;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  /** Every level enabled, so that every logging call's arguments are formatted and searched. */
  private static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      StringBuilder sb = new StringBuilder().append(level).append(' ').append(name).append(": ")
          .append(MessageFormatter.basicArrayFormat(pattern, arguments));
      if (throwable != null) {
        StringWriter w = new StringWriter();
        throwable.printStackTrace(new PrintWriter(w));
        sb.append('\n').append(w);
      }
      keep(sb.toString());
    }
  }
}
