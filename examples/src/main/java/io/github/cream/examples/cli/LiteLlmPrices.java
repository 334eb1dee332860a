package io.github.cream.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads LiteLLM's {@code model_prices_and_context_window.json} (US dollars per token, keyed by model id) into
 * cream's five prices per million tokens. Offline: the user downloads the file.
 *
 * <p>Per entry: {@code input_cost_per_token}, {@code output_cost_per_token}, {@code cache_read_input_token_cost}
 * (else the input price), {@code cache_creation_input_token_cost} (else the input price: no write fee), and
 * {@code cache_creation_input_token_cost_above_1hr} (else twice the input price for Anthropic models, as Anthropic
 * bills 1-hour writes, and the 5-minute price otherwise). Entries without both an input and an output price, with a
 * mode other than {@code chat} or {@code responses}, or with an unreadable price are skipped and counted.
 */
final class LiteLlmPrices {

  /** Largest LiteLLM file read: the real one is a few MiB. */
  static final long MAX_BYTES = 64L << 20;

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private LiteLlmPrices() {}

  /**
   * One model's prices, dollars per million tokens, six decimals at most.
   *
   * @param provider LiteLLM's {@code litellm_provider}
   * @param prices input, output, cacheRead, cacheWrite5m, cacheWrite1h
   */
  record Entry(String provider, Map<String, BigDecimal> prices) {}

  /**
   * What a file held.
   *
   * @param entries usable entries by LiteLLM key, in file order
   * @param skipped how many entries were skipped (not chat, no price, unreadable)
   */
  record Result(Map<String, Entry> entries, int skipped) {}

  static Result read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException("the file is larger than 64 MiB");
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    int skipped = 0;
    try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the file is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (p.nextToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          skipped++;
          continue;
        }
        Entry e = entry(p);
        if (key.equals("sample_spec") || key.isBlank() || key.length() > 200 || e == null) {
          skipped++;
        } else {
          out.put(key, e);
        }
      }
    }
    return new Result(out, skipped);
  }

  private static Entry entry(JsonParser p) throws IOException {
    Map<String, BigDecimal> raw = new LinkedHashMap<>();
    String provider = null;
    String mode = null;
    boolean bad = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken v = p.nextToken();
      switch (f) {
        case "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
            "cache_creation_input_token_cost", "cache_creation_input_token_cost_above_1hr" -> {
          BigDecimal d = perMillion(p, v);
          if (d == null) {
            bad = true;
          } else {
            raw.put(f, d);
          }
        }
        case "litellm_provider" -> provider = v == JsonToken.VALUE_STRING ? p.getText() : null;
        case "mode" -> mode = v == JsonToken.VALUE_STRING ? p.getText() : null;
        default -> p.skipChildren();
      }
    }
    BigDecimal in = raw.get("input_cost_per_token");
    BigDecimal out = raw.get("output_cost_per_token");
    if (bad || in == null || out == null || (mode != null && !mode.equals("chat") && !mode.equals("responses"))) {
      return null;
    }
    BigDecimal write5m = raw.getOrDefault("cache_creation_input_token_cost", in);
    boolean anthropic = provider != null && provider.toLowerCase(java.util.Locale.ROOT).contains("anthropic");
    BigDecimal write1h = raw.getOrDefault("cache_creation_input_token_cost_above_1hr",
        anthropic ? in.multiply(BigDecimal.valueOf(2)) : write5m);
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    prices.put("input", in);
    prices.put("output", out);
    prices.put("cacheRead", raw.getOrDefault("cache_read_input_token_cost", in));
    prices.put("cacheWrite5m", write5m);
    prices.put("cacheWrite1h", write1h);
    prices.replaceAll((k, d) -> d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros());
    return new Entry(provider == null || provider.isBlank() ? "unknown" : provider, prices);
  }

  /** A per-token price as dollars per million tokens, rounded half-even to six decimals; null if unusable. */
  private static BigDecimal perMillion(JsonParser p, JsonToken v) throws IOException {
    BigDecimal d;
    try {
      if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
        if (p.getTextLength() > 40) {
          return null;
        }
        d = new BigDecimal(p.getText());
      } else if (v == JsonToken.VALUE_STRING && p.getTextLength() <= 40) {
        d = new BigDecimal(p.getText().strip());
      } else {
        p.skipChildren();
        return null;
      }
    } catch (NumberFormatException e) {
      return null;
    }
    if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
      return null;
    }
    return d.multiply(MILLION).setScale(6, RoundingMode.HALF_EVEN);
  }
}
