package io.github.cream.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Money;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * One line of the enrichment answers file ({@link EnrichmentStore}): an answer as a JSON object whose last field is
 * a CRC-32 of the line's text before it, {@code {"enricher":...,"key":...,"status":...,...,"crc":"1a2b3c4d"}}.
 * Amounts are integer nano-dollars ({@code costNanos}, {@code cacheDiscountNanos}, {@code upstreamCostNanos}).
 */
final class EnrichmentLines {

  private static final String CRC_FIELD = ",\"crc\":\"";
  private static final JsonFactory JSON =
      JsonFactory.builder()
          // an answer line nests two levels and holds short strings; anything larger is damage
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(40).maxStringLength(4096)
                  .build())
          .build();

  private EnrichmentLines() {}

  /** One answer line, or null when it is damaged (checksum, JSON, fields). */
  static EnrichmentStore.Entry entry(byte[] all, int start, int end) {
    String line = new String(all, start, end - start, StandardCharsets.UTF_8);
    int crcAt = line.lastIndexOf(CRC_FIELD);
    if (crcAt < 0 || line.length() != crcAt + CRC_FIELD.length() + 10 || !line.endsWith("\"}")) {
      return null;
    }
    String body = line.substring(0, crcAt);
    String crc = line.substring(crcAt + CRC_FIELD.length(), crcAt + CRC_FIELD.length() + 8);
    if (!crc.equals(crc(body))) {
      return null;
    }
    try (JsonParser p = JSON.createParser(line)) {
      return decode(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String crc(String body) {
    CRC32 c = new CRC32();
    c.update(body.getBytes(StandardCharsets.UTF_8));
    return String.format(java.util.Locale.ROOT, "%08x", c.getValue());
  }

  private static EnrichmentStore.Entry decode(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String enricher = null;
    String key = null;
    String status = null;
    int attempts = 1;
    Instant at = null;
    String upstream = null;
    Long cost = null;
    Long discount = null;
    Long upstreamCost = null;
    boolean byok = false;
    long[] tokens = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "enricher" -> enricher = text(p, v);
        case "key" -> key = text(p, v);
        case "status" -> status = text(p, v);
        case "attempts" -> attempts = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
        case "at" -> at = Instant.parse(Objects.requireNonNull(text(p, v)));
        case "upstreamProvider" -> upstream = text(p, v);
        case "costNanos" -> cost = nanos(p, v);
        case "cacheDiscountNanos" -> discount = nanos(p, v);
        case "upstreamCostNanos" -> upstreamCost = nanos(p, v);
        case "byok" -> byok = v == JsonToken.VALUE_TRUE;
        case "nativeTokens" -> {
          if (v != JsonToken.START_OBJECT) {
            return null;
          }
          tokens = new long[4];
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String t = p.currentName();
            JsonToken tv = p.nextToken();
            int i = switch (t) {
              case "prompt" -> 0;
              case "completion" -> 1;
              case "cached" -> 2;
              case "reasoning" -> 3;
              default -> -1;
            };
            if (tv != JsonToken.VALUE_NUMBER_INT) {
              return null;
            }
            if (i >= 0) {
              tokens[i] = p.getLongValue();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    if (enricher == null || key == null || status == null || at == null || attempts < 1) {
      return null;
    }
    EnrichmentStore.Status s = switch (status) {
      case "found" -> EnrichmentStore.Status.FOUND;
      case "not-found" -> EnrichmentStore.Status.NOT_FOUND;
      case "failed" -> EnrichmentStore.Status.FAILED;
      default -> null;
    };
    if (s == null) {
      return null;
    }
    Optional<Enrichment> e = Optional.empty();
    if (s == EnrichmentStore.Status.FOUND) {
      e = Optional.of(new Enrichment(enricher, key, Optional.ofNullable(upstream),
          Optional.ofNullable(cost).map(Money::ofNanos), Optional.ofNullable(discount).map(Money::ofNanos),
          Optional.ofNullable(upstreamCost).map(Money::ofNanos), byok,
          tokens == null ? Optional.empty()
              : Optional.of(new Enrichment.NativeTokens(tokens[0], tokens[1], tokens[2], tokens[3]))));
    }
    return new EnrichmentStore.Entry(enricher, key, s, attempts, at, e);
  }

  private static String text(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING) {
      throw new IOException("not a string");
    }
    return p.getText();
  }

  private static Long nanos(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_NUMBER_INT) {
      throw new IOException("not an integer");
    }
    return p.getLongValue();
  }

  /**
   * One answer as a line of the file, checksum and newline included.
   *
   * @param e the answer
   * @return the line's bytes
   */
  static byte[] line(EnrichmentStore.Entry e) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(buf)) {
      g.writeStartObject();
      g.writeStringField("enricher", e.enricher());
      g.writeStringField("key", e.key());
      g.writeStringField("status", switch (e.status()) {
        case FOUND -> "found";
        case NOT_FOUND -> "not-found";
        case FAILED -> "failed";
      });
      g.writeNumberField("attempts", e.attempts());
      g.writeStringField("at", e.at().toString());
      if (e.enrichment().isPresent()) {
        Enrichment x = e.enrichment().get();
        if (x.upstreamProvider().isPresent()) {
          g.writeStringField("upstreamProvider", x.upstreamProvider().get());
        }
        if (x.cost().isPresent()) {
          g.writeNumberField("costNanos", x.cost().get().nanos());
        }
        if (x.cacheDiscount().isPresent()) {
          g.writeNumberField("cacheDiscountNanos", x.cacheDiscount().get().nanos());
        }
        if (x.upstreamCost().isPresent()) {
          g.writeNumberField("upstreamCostNanos", x.upstreamCost().get().nanos());
        }
        g.writeBooleanField("byok", x.byok());
        if (x.nativeTokens().isPresent()) {
          Enrichment.NativeTokens t = x.nativeTokens().get();
          g.writeObjectFieldStart("nativeTokens");
          g.writeNumberField("prompt", t.prompt());
          g.writeNumberField("completion", t.completion());
          g.writeNumberField("cached", t.cached());
          g.writeNumberField("reasoning", t.reasoning());
          g.writeEndObject();
        }
      }
      // the object is closed by hand below, after the checksum of everything before it
    } catch (IOException ex) {
      throw new IllegalStateException("an answer could not be written as JSON", ex);
    }
    String body = buf.toString(StandardCharsets.UTF_8);
    if (body.endsWith("}")) {
      body = body.substring(0, body.length() - 1); // the generator closed the object on close
    }
    return (body + CRC_FIELD + crc(body) + "\"}\n").getBytes(StandardCharsets.UTF_8);
  }
}
