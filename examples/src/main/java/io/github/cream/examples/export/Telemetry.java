package io.github.cream.examples.export;

import io.github.cream.api.Environment;
import io.github.cream.examples.cli.TerminalText;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The OpenTelemetry SDK as {@code cream export} sets it up: autoconfigured from the standard {@code OTEL_*}
 * variables of the environment (endpoint, protocol, headers, certificates, compression, timeout, export interval,
 * {@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES}), with metrics only, and a resource that always says
 * who and where: {@code service.name} ({@code cream} unless set), {@code service.version}, {@code host.name} and
 * {@code user.id}.
 */
final class Telemetry implements AutoCloseable {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
  static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
  static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");

  private final OpenTelemetrySdk sdk;
  private final Resource resource;
  private final boolean userIdHashed;

  private Telemetry(OpenTelemetrySdk sdk, Resource resource, boolean userIdHashed) {
    this.sdk = sdk;
    this.resource = resource;
    this.userIdHashed = userIdHashed;
  }

  /**
   * Builds the SDK.
   *
   * @param env the environment whose {@code OTEL_*} variables configure it
   * @param overrides properties that win over the variables ({@code otel.metrics.exporter}, ...)
   * @param userId the {@code user.id} the command line chose, or null
   * @param meters adds the metric readers the command needs (the Prometheus server), or returns the builder
   * @param exporters wraps the exporter the variables configured
   * @return the SDK
   * @throws BadArgument when the variables cannot configure an SDK
   */
  static Telemetry build(
      Environment env,
      Map<String, String> overrides,
      String userId,
      BiFunction<SdkMeterProviderBuilder, ConfigProperties, SdkMeterProviderBuilder> meters,
      BiFunction<MetricExporter, ConfigProperties, MetricExporter> exporters) throws BadArgument {
    Map<String, String> properties = new HashMap<>();
    env.variables().forEach((k, v) -> {
      if (k.startsWith("OTEL_")) {
        properties.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    properties.put("otel.sdk.disabled", "false");
    properties.put("otel.traces.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    properties.putAll(overrides);
    boolean[] hashed = new boolean[1];
    Resource[] built = new Resource[1];
    try {
      AutoConfiguredOpenTelemetrySdk auto = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesCustomizer(config -> properties)
          .addResourceCustomizer((resource, config) -> {
            AttributesBuilder b = Attributes.builder();
            String service = resource.getAttribute(SERVICE_NAME);
            if (service == null || service.startsWith("unknown_service")) {
              b.put(SERVICE_NAME, "cream");
            }
            if (resource.getAttribute(SERVICE_VERSION) == null) {
              b.put(SERVICE_VERSION, version());
            }
            String host = resource.getAttribute(HOST_NAME);
            if (host == null || host.isBlank()) {
              host = Identity.hostName(env);
              b.put(HOST_NAME, host);
            }
            if (userId != null) {
              b.put(USER_ID, userId);
            } else if (resource.getAttribute(USER_ID) == null || resource.getAttribute(USER_ID).isBlank()) {
              b.put(USER_ID, Identity.defaultUserId(env, host));
              hashed[0] = true;
            }
            built[0] = resource.merge(Resource.create(b.build()));
            return built[0];
          })
          .addMeterProviderCustomizer(meters)
          .addMetricExporterCustomizer(exporters)
          .disableShutdownHook()
          .build();
      return new Telemetry(auto.getOpenTelemetrySdk(), built[0], hashed[0]);
    } catch (ConfigurationException e) {
      throw new BadArgument("OpenTelemetry configuration: " + BadArgument.quote(String.valueOf(e.getMessage())));
    }
  }

  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** The value of a resource attribute. */
  String attribute(AttributeKey<String> key) {
    return resource.getAttribute(key);
  }

  /** Who and where, for a line: {@code user.id=alice@example.com, host.name=laptop}. */
  String identity() {
    return "user.id=" + TerminalText.line(attribute(USER_ID)) + ", host.name="
        + TerminalText.line(attribute(HOST_NAME));
  }

  /** When {@code user.id} is the default hash, says how to choose one. */
  void hint(PrintStream err) {
    if (userIdHashed) {
      err.println("cream: user.id is a hash of user@host; choose it with --user-id (or"
          + " OTEL_RESOURCE_ATTRIBUTES=user.id=...) to join your machines on the team's dashboards");
    }
  }

  /** Exports (or, for a pull reader, collects) now. */
  CompletableResultCode flush() {
    return sdk.getSdkMeterProvider().forceFlush();
  }

  /** Shuts the SDK down, waiting at most a few seconds. */
  @Override
  public void close() {
    sdk.shutdown().join(5, TimeUnit.SECONDS);
  }

  /** This build's version, from the CLI's version file. */
  static String version() {
    try (InputStream in = io.github.cream.examples.cli.Main.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
