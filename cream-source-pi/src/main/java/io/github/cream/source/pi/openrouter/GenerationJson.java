package io.github.cream.source.pi.openrouter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads OpenRouter's generation record, {@code {"data": {...}}}, into an {@link Enrichment}. Unknown fields are
 * skipped; a record that is not an object, lacks {@code data}, names another id, or holds a value of the wrong type,
 * a negative count or an absurd amount is refused whole.
 */
final class GenerationJson {

  /**
   * The answer nests a few levels ({@code provider_responses} is a list of objects); its numbers are costs and
   * counts; its longest strings are ids, user agents and referers. The body itself is bounded before parsing.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64).maxStringLength(1 << 20)
                  .build())
          .build();

  private static final BigDecimal MAX_USD = new BigDecimal("1000000");

  private GenerationJson() {}

  /**
   * The enrichment a generation record gives.
   *
   * @param key the generation id asked about
   * @param body the answer's bytes
   * @return the enrichment, or empty when the answer is not a valid generation record of that id
   */
  static Optional<Enrichment> parse(String key, byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      Enrichment found = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("data") && v == JsonToken.START_OBJECT) {
          found = data(key, p);
          if (found == null) {
            return Optional.empty();
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return Optional.empty(); // trailing content: not one JSON document
      }
      return Optional.ofNullable(found);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Enrichment data(String key, JsonParser p) throws IOException {
    String id = null;
    BigDecimal total = null;
    BigDecimal discount = null;
    BigDecimal upstreamCost = null;
    String provider = null;
    boolean byok = false;
    Long prompt = null;
    Long completion = null;
    Long cached = null;
    Long reasoning = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "id" -> id = string(p, v);
        case "total_cost" -> total = amount(p, v);
        case "cache_discount" -> discount = amount(p, v);
        case "upstream_inference_cost" -> upstreamCost = amount(p, v);
        case "provider_name" -> provider = string(p, v);
        case "is_byok" -> {
          if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE && v != JsonToken.VALUE_NULL) {
            return null;
          }
          byok = v == JsonToken.VALUE_TRUE;
        }
        case "native_tokens_prompt" -> prompt = count(p, v);
        case "native_tokens_completion" -> completion = count(p, v);
        case "native_tokens_cached" -> cached = count(p, v);
        case "native_tokens_reasoning" -> reasoning = count(p, v);
        default -> p.skipChildren();
      }
    }
    if (id != null && !id.equals(key)) {
      return null;
    }
    if (total != null && total.signum() < 0 || upstreamCost != null && upstreamCost.signum() < 0) {
      return null;
    }
    Optional<Money> cost = Optional.ofNullable(total).map(Money::ofUsd);
    if (byok && upstreamCost != null && total != null) {
      cost = Optional.of(Money.ofUsd(total.add(upstreamCost))); // OpenRouter's fee, and the provider's own bill
    }
    Optional<Enrichment.NativeTokens> tokens = Optional.empty();
    if (prompt != null && completion != null) {
      tokens = Optional.of(new Enrichment.NativeTokens(prompt, completion, cached == null ? 0 : cached,
          reasoning == null ? 0 : reasoning));
    }
    return new Enrichment(OpenRouterEnricher.ID, key, slug(provider), cost,
        Optional.ofNullable(discount).map(Money::ofUsd), Optional.ofNullable(upstreamCost).map(Money::ofUsd), byok,
        tokens);
  }

  /**
   * A provider's display name as a lowercase id: "Amazon Bedrock" is {@code amazon-bedrock}, "Google AI Studio" is
   * {@code google-ai-studio}.
   *
   * @param name the name, or null
   * @return the id, or empty when nothing usable is left
   */
  static Optional<String> slug(String name) {
    if (name == null) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder();
    for (char c : name.strip().toLowerCase(Locale.ROOT).toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
      if (ok) {
        sb.append(c);
      } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') {
        sb.append('-');
      }
      if (sb.length() > 64) {
        return Optional.empty();
      }
    }
    while (sb.length() > 0 && (sb.charAt(sb.length() - 1) == '-' || sb.charAt(sb.length() - 1) == '.')) {
      sb.setLength(sb.length() - 1);
    }
    if (sb.length() == 0 || sb.charAt(0) == '.') {
      return Optional.empty();
    }
    return Optional.of(sb.toString());
  }

  private static String string(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING) {
      throw new IOException("not a string");
    }
    return p.getText();
  }

  private static BigDecimal amount(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new IOException("not a number");
    }
    BigDecimal d = p.getDecimalValue();
    if (d.abs().compareTo(MAX_USD) > 0) {
      throw new IOException("an absurd amount");
    }
    return d;
  }

  private static Long count(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_NUMBER_INT) {
      throw new IOException("not an integer");
    }
    long n = p.getValueAsLong(-1);
    if (n < 0 || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new IOException("not a count");
    }
    return n;
  }
}
