package io.github.cream.examples.export;

import io.github.cream.api.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where {@code cream export otlp} sends, from the standard variables, as the OpenTelemetry SDK reads them: {@code
 * OTEL_EXPORTER_OTLP_METRICS_PROTOCOL} or {@code OTEL_EXPORTER_OTLP_PROTOCOL} ({@code grpc}, the Java SDK's
 * default, or {@code http/protobuf}); {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT} as it is, else {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} (plus {@code v1/metrics} over HTTP), else {@code localhost} on the protocol's port.
 * Checked before anything is sent, so that a bad URL is one line and exit status 2.
 *
 * @param protocol {@code grpc} or {@code http/protobuf}
 * @param uri the URL requests go to
 */
record OtlpEndpoint(String protocol, URI uri) {

  static final String GRPC = "grpc";
  static final String HTTP = "http/protobuf";

  static OtlpEndpoint of(Environment env) throws BadArgument {
    String protocolVariable = env.get("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL").isPresent()
        ? "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL" : "OTEL_EXPORTER_OTLP_PROTOCOL";
    String protocol = env.get(protocolVariable).map(String::strip).orElse(GRPC);
    if (!protocol.equals(GRPC) && !protocol.equals(HTTP)) {
      throw new BadArgument(protocolVariable + ": expected grpc or http/protobuf, got " + BadArgument.quote(protocol));
    }
    Optional<String> metrics = env.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT").filter(s -> !s.isBlank());
    if (metrics.isPresent()) {
      return new OtlpEndpoint(protocol, url("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", metrics.get(), true));
    }
    Optional<String> base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT").filter(s -> !s.isBlank());
    if (base.isPresent()) {
      URI u = url("OTEL_EXPORTER_OTLP_ENDPOINT", base.get(), protocol.equals(HTTP));
      if (protocol.equals(HTTP)) {
        String s = u.toString();
        u = URI.create(s + (s.endsWith("/") ? "" : "/") + "v1/metrics");
      }
      return new OtlpEndpoint(protocol, u);
    }
    return new OtlpEndpoint(protocol,
        URI.create(protocol.equals(HTTP) ? "http://localhost:4318/v1/metrics" : "http://localhost:4317"));
  }

  /** A URL the SDK accepts: http or https, a host, a port in range, no query or fragment. */
  private static URI url(String variable, String value, boolean pathAllowed) throws BadArgument {
    String v = value.strip();
    URI u;
    try {
      u = new URI(v);
    } catch (URISyntaxException e) {
      throw new BadArgument(variable + ": not a URL: " + BadArgument.quote(value));
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new BadArgument(variable + ": expected an http:// or https:// URL such as http://localhost:4318, got "
          + BadArgument.quote(value));
    }
    if (u.getHost() == null || u.getHost().isEmpty() || u.getRawAuthority() == null || u.getRawUserInfo() != null) {
      throw new BadArgument(variable + ": expected a URL with a host name, got " + BadArgument.quote(value));
    }
    if (u.getPort() > 65535) {
      throw new BadArgument(variable + ": the port must be at most 65535, got " + BadArgument.quote(value));
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new BadArgument(variable + ": a URL without ? or #, got " + BadArgument.quote(value));
    }
    if (!pathAllowed && u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
      throw new BadArgument(variable + ": OTLP over gRPC takes no path, got " + BadArgument.quote(value));
    }
    return u;
  }

  @Override
  public String toString() {
    return uri + " (" + (protocol.equals(GRPC) ? "OTLP/gRPC" : "OTLP/HTTP") + ")";
  }
}
