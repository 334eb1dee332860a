package io.github.cream.core.internal.pricing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the price file format with jackson-core's streaming parser, reporting every problem to a {@link Problems}
 * callback instead of deciding itself whether a problem is fatal.
 *
 * <p>The reader checks syntax and value ranges only. Whether an entry is complete (a new model needs every price) is
 * decided by {@link PriceTable}, which knows whether it is reading a full table or overrides for a base table.
 */
final class PriceFileReader {

  /** The only format this reader understands. */
  static final String FORMAT = "cream.prices/1";

  /** Largest price accepted, in dollars per million tokens. */
  private static final BigDecimal MAX_PRICE = BigDecimal.valueOf(1_000_000);
  /** Largest service-tier or regional multiplier accepted. */
  private static final BigDecimal MAX_FACTOR = BigDecimal.valueOf(1_000);
  /** Largest long-context threshold accepted, in prompt tokens. */
  private static final long MAX_THRESHOLD = 1_000_000_000_000L;
  private static final int MAX_TEXT = 4_096;
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,12}(\\.\\d{1,30})?");

  static final List<String> PRICE_FIELDS = List.of("input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h");

  private static final JsonFactory JSON = new JsonFactory();

  private PriceFileReader() {}

  /** Where problems go. Locations are 1-based lines and 0-based byte offsets, or -1 when unknown. */
  interface Problems {
    /**
     * The whole file cannot be used.
     *
     * @param reason fixed text
     * @param line line of the problem
     * @param offset byte offset of the problem
     */
    void file(String reason, long line, long offset);

    /**
     * One model entry cannot be used; the rest of the file can.
     *
     * @param model the entry's model id
     * @param field the field at fault, or null
     * @param reason fixed text
     * @param line line of the problem
     * @param offset byte offset of the problem
     */
    void entry(String model, String field, String reason, long line, long offset);

    /**
     * An unknown field was ignored; the entry is kept.
     *
     * @param model the entry's model id, or null at the top level
     * @param field the unknown field
     * @param line line of the field
     * @param offset byte offset of the field
     */
    void unknownField(String model, String field, long line, long offset);
  }

  /**
   * A long-context tier as written: every price is required.
   *
   * @param threshold the prompt size above which the tier applies
   * @param prices the tier's prices, by field name
   * @param higher a higher tier nested in this one, or null
   */
  record RawLongContext(long threshold, Map<String, BigDecimal> prices, RawLongContext higher) {}

  /**
   * Earlier prices of a model, valid until an instant (exclusive) and since the end of the period before.
   *
   * @param until the first instant the next period's prices apply
   * @param prices the prices that differ from the next period's, by field name
   * @param longContext the period's long-context tier, if it differs from the next period's
   * @param line line of the period
   * @param offset byte offset of the period
   */
  record RawPeriod(Instant until, Map<String, BigDecimal> prices, RawLongContext longContext, long line,
      long offset) {}

  /**
   * One model entry as written; absent fields are null.
   *
   * @param id the model id (the entry's key)
   * @param provider the provider, if given
   * @param prices the prices given, by field name
   * @param longContext the long-context tier, if given
   * @param longContextRemoved whether the entry says {@code "longContext": null}
   * @param tiers the service-tier multipliers, if given
   * @param bedrockRegional the Bedrock regional multiplier, if given
   * @param bedrockRegionalRemoved whether the entry says {@code "bedrockRegionalMultiplier": null}
   * @param aliases the aliases, if given
   * @param source the source, if given
   * @param validFrom the first instant the entry's prices apply, if given
   * @param earlier the model's earlier prices, oldest first, if given
   * @param promptLimit the largest prompt the provider prices, if given
   * @param tierPromptLimits the largest prompt each service tier has a published price for, if given
   * @param line line of the entry
   * @param offset byte offset of the entry
   */
  record RawEntry(
      String id,
      String provider,
      Map<String, BigDecimal> prices,
      RawLongContext longContext,
      boolean longContextRemoved,
      Map<String, BigDecimal> tiers,
      BigDecimal bedrockRegional,
      boolean bedrockRegionalRemoved,
      List<String> aliases,
      String source,
      Instant validFrom,
      List<RawPeriod> earlier,
      Long promptLimit,
      Map<String, Long> tierPromptLimits,
      long line,
      long offset) {}

  /**
   * What a file held.
   *
   * @param version the table's version, or null when the file has none
   * @param entries the model entries that were syntactically valid, in file order
   */
  record RawFile(String version, List<RawEntry> entries) {}

  /** Thrown internally to abandon the whole file after {@link Problems#file} was called. */
  private static final class FileAbandoned extends Exception {
    private static final long serialVersionUID = 1L;

    FileAbandoned() {
      super(null, null, false, false);
    }
  }

  /** Thrown internally to abandon one entry after {@link Problems#entry} was called. */
  private static final class EntryAbandoned extends Exception {
    private static final long serialVersionUID = 1L;

    EntryAbandoned() {
      super(null, null, false, false);
    }
  }

  /**
   * Reads a price file.
   *
   * @param bytes the file's content
   * @param problems where problems go
   * @return what the file held, or null when {@link Problems#file} was called
   */
  static RawFile read(byte[] bytes, Problems problems) {
    try (JsonParser p = JSON.createParser(bytes)) {
      return readFile(p, problems);
    } catch (FileAbandoned e) {
      return null;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      problems.file(
          "is not valid JSON", loc == null ? -1 : loc.getLineNr(), loc == null ? -1 : loc.getByteOffset());
      return null;
    } catch (IOException e) {
      problems.file("could not be read", -1, -1);
      return null;
    }
  }

  private static RawFile readFile(JsonParser p, Problems problems) throws IOException, FileAbandoned {
    JsonToken t = p.nextToken();
    if (t == null) {
      problems.file("is empty", 1, 0);
      throw new FileAbandoned();
    }
    if (t != JsonToken.START_OBJECT) {
      fail(p, problems, "is not a JSON object");
    }
    String version = null;
    List<RawEntry> entries = null;
    Set<String> seen = new HashSet<>();
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (!seen.add(field)) {
        fail(p, problems, "repeats the top-level field " + PriceTable.quote(field));
      }
      switch (field) {
        case "format":
          if (v != JsonToken.VALUE_STRING || !FORMAT.equals(p.getText())) {
            fail(p, problems, "has an unsupported format (expected \"" + FORMAT + "\")");
          }
          break;
        case "version":
          if (v != JsonToken.VALUE_STRING || p.getTextLength() == 0 || p.getTextLength() > 64) {
            fail(p, problems, "has a version that is not a short string");
          }
          version = p.getText();
          break;
        case "currency":
          if (v != JsonToken.VALUE_STRING || !"USD".equals(p.getText())) {
            fail(p, problems, "has a currency other than \"USD\"");
          }
          break;
        case "unit":
          if (v != JsonToken.VALUE_STRING || !"per-million-tokens".equals(p.getText())) {
            fail(p, problems, "has a unit other than \"per-million-tokens\"");
          }
          break;
        case "notes":
          p.skipChildren();
          break;
        case "models":
          if (v != JsonToken.START_OBJECT) {
            fail(p, problems, "has a 'models' field that is not an object");
          }
          entries = readModels(p, problems);
          break;
        default:
          problems.unknownField(null, field, line(p), offset(p));
          p.skipChildren();
          break;
      }
    }
    if (t != JsonToken.END_OBJECT) {
      fail(p, problems, "is not a JSON object");
    }
    if (p.nextToken() != null) {
      fail(p, problems, "has content after its JSON object");
    }
    if (entries == null) {
      problems.file("has no 'models' object", 1, 0);
      throw new FileAbandoned();
    }
    return new RawFile(version, List.copyOf(entries));
  }

  private static List<RawEntry> readModels(JsonParser p, Problems problems) throws IOException, FileAbandoned {
    List<RawEntry> out = new ArrayList<>();
    Map<String, Long> seen = new LinkedHashMap<>();
    Set<String> repeated = new HashSet<>();
    JsonStreamContext models = p.getParsingContext();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String id = p.currentName();
      long line = line(p);
      long offset = offset(p);
      JsonToken v = p.nextToken();
      try {
        if (id.isBlank() || id.length() > ModelIds.MAX_LENGTH) {
          problems.entry(id, null, "has an empty or overlong model id", line, offset);
          throw new EntryAbandoned();
        }
        String key = ModelIds.canonical(id);
        Long first = seen.putIfAbsent(key, line);
        if (first != null) {
          // neither copy is applied: which one the author meant cannot be known
          repeated.add(key);
          problems.entry(id, null, "is listed more than once (first on line " + first
              + "); every copy of it was skipped", line, offset);
          throw new EntryAbandoned();
        }
        if (v != JsonToken.START_OBJECT) {
          problems.entry(id, null, "is not a JSON object", line, offset);
          throw new EntryAbandoned();
        }
        out.add(readEntry(p, problems, id, line, offset));
      } catch (EntryAbandoned e) {
        skipRestOfValue(p, models);
      }
    }
    if (t != JsonToken.END_OBJECT) {
      fail(p, problems, "has a malformed 'models' object");
    }
    if (!repeated.isEmpty()) {
      out.removeIf(e -> repeated.contains(ModelIds.canonical(e.id())));
    }
    return out;
  }

  /**
   * After an abandoned entry, moves the parser to the end of that entry's value, wherever inside it the problem was
   * found: tokens are read until the parser is back in the 'models' object.
   */
  private static void skipRestOfValue(JsonParser p, JsonStreamContext models) throws IOException {
    while (p.getParsingContext() != models) {
      if (p.nextToken() == null) {
        return;
      }
    }
  }

  private static RawEntry readEntry(JsonParser p, Problems problems, String id, long line, long offset)
      throws IOException, EntryAbandoned {
    String provider = null;
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    RawLongContext longContext = null;
    boolean longContextRemoved = false;
    Map<String, BigDecimal> tiers = null;
    BigDecimal regional = null;
    boolean regionalRemoved = false;
    List<String> aliases = null;
    String source = null;
    Instant validFrom = null;
    List<RawPeriod> earlier = null;
    Long promptLimit = null;
    Map<String, Long> tierPromptLimits = null;
    Set<String> seen = new HashSet<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (!seen.add(field)) {
        entryFail(p, problems, id, field, "is given twice");
      }
      switch (field) {
        case "provider":
          provider = text(p, problems, id, field, v);
          if (provider.isBlank() || provider.length() > 64) {
            entryFail(p, problems, id, field, "is not a short name");
          }
          break;
        case "input":
        case "output":
        case "cacheRead":
        case "cacheWrite5m":
        case "cacheWrite1h":
          prices.put(field, price(p, problems, id, field, v));
          break;
        case "longContext":
          if (v == JsonToken.VALUE_NULL) {
            longContextRemoved = true;
          } else {
            longContext = readLongContext(p, problems, id, "longContext", v);
          }
          break;
        case "tiers":
          tiers = readTiers(p, problems, id, v);
          break;
        case "bedrockRegionalMultiplier":
          if (v == JsonToken.VALUE_NULL) {
            regionalRemoved = true;
          } else {
            regional = factor(p, problems, id, field, v);
          }
          break;
        case "aliases":
          aliases = readAliases(p, problems, id, v);
          break;
        case "source":
          source = text(p, problems, id, field, v);
          if (source.length() > MAX_TEXT) {
            entryFail(p, problems, id, field, "is too long");
          }
          break;
        case "note":
          text(p, problems, id, field, v);
          break;
        case "validFrom":
          validFrom = instant(p, problems, id, field, v);
          break;
        case "earlier":
          earlier = readEarlier(p, problems, id, v);
          break;
        case "promptLimit":
          promptLimit = tokenCount(p, problems, id, field, v);
          break;
        case "tierPromptLimits":
          tierPromptLimits = readTierPromptLimits(p, problems, id, v);
          break;
        default:
          problems.unknownField(id, field, line(p), offset(p));
          p.skipChildren();
          break;
      }
    }
    if (t != JsonToken.END_OBJECT) {
      entryFail(p, problems, id, null, "is malformed");
    }
    if (validFrom != null && earlier != null) {
      entryFail(p, problems, id, "validFrom", "cannot be combined with 'earlier' (the first earlier period has no start)");
    }
    if (earlier != null && longContextRemoved) {
      entryFail(p, problems, id, "earlier", "cannot be combined with \"longContext\": null");
    }
    return new RawEntry(
        id, provider, prices, longContext, longContextRemoved, tiers, regional, regionalRemoved, aliases, source,
        validFrom, earlier, promptLimit, tierPromptLimits, line, offset);
  }

  /** The earlier prices: an array of periods, each ending before the next one ends. */
  private static List<RawPeriod> readEarlier(JsonParser p, Problems problems, String id, JsonToken v)
      throws IOException, EntryAbandoned {
    if (v != JsonToken.START_ARRAY) {
      entryFail(p, problems, id, "earlier", "is not an array of periods");
    }
    List<RawPeriod> out = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
      long line = line(p);
      long offset = offset(p);
      Instant until = null;
      Map<String, BigDecimal> prices = new LinkedHashMap<>();
      RawLongContext lc = null;
      Set<String> seen = new HashSet<>();
      JsonToken ft;
      while ((ft = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken fv = p.nextToken();
        String path = "earlier." + field;
        if (!seen.add(field)) {
          entryFail(p, problems, id, path, "is given twice");
        }
        if (field.equals("until")) {
          until = instant(p, problems, id, path, fv);
        } else if (PRICE_FIELDS.contains(field)) {
          prices.put(field, price(p, problems, id, path, fv));
        } else if (field.equals("longContext")) {
          lc = readLongContext(p, problems, id, "earlier.longContext", fv);
        } else if (field.equals("source") || field.equals("note")) {
          String text = text(p, problems, id, path, fv);
          if (text.length() > MAX_TEXT) {
            entryFail(p, problems, id, path, "is too long");
          }
        } else {
          problems.unknownField(id, path, line(p), offset(p));
          p.skipChildren();
        }
      }
      if (ft != JsonToken.END_OBJECT) {
        entryFail(p, problems, id, "earlier", "is malformed");
      }
      if (until == null) {
        entryFail(p, problems, id, "earlier.until", "is missing");
      }
      if (!out.isEmpty() && !until.isAfter(out.get(out.size() - 1).until())) {
        entryFail(p, problems, id, "earlier.until", "is not later than the period before it");
      }
      out.add(new RawPeriod(until, Map.copyOf(prices), lc, line, offset));
    }
    if (t != JsonToken.END_ARRAY || out.isEmpty()) {
      entryFail(p, problems, id, "earlier", "is not a non-empty array of periods");
    }
    return List.copyOf(out);
  }

  /** An instant: {@code 2026-10-07} (midnight UTC) or {@code 2026-10-07T12:00:00Z}. */
  private static Instant instant(JsonParser p, Problems problems, String id, String field, JsonToken v)
      throws IOException, EntryAbandoned {
    String s = text(p, problems, id, field, v).strip();
    Instant i = null;
    try {
      i = s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
          : s.length() <= 40 ? Instant.parse(s) : null;
    } catch (DateTimeException e) {
      i = null;
    }
    if (i == null || i.isBefore(EARLIEST) || !i.isBefore(LATEST)) {
      entryFail(p, problems, id, field, "is not a date (2026-10-07) or a UTC instant (2026-10-07T00:00:00Z)");
    }
    return i;
  }

  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private static long tokenCount(JsonParser p, Problems problems, String id, String field, JsonToken v)
      throws IOException, EntryAbandoned {
    if (v != JsonToken.VALUE_NUMBER_INT) {
      entryFail(p, problems, id, field, "is not a whole number");
    }
    if (!p.getNumberType().equals(JsonParser.NumberType.INT)
        && !p.getNumberType().equals(JsonParser.NumberType.LONG)) {
      entryFail(p, problems, id, field, "is out of range");
    }
    long n = p.getLongValue();
    if (n <= 0 || n > MAX_THRESHOLD) {
      entryFail(p, problems, id, field, "is not a positive token count");
    }
    return n;
  }

  private static RawLongContext readLongContext(
      JsonParser p, Problems problems, String id, String where, JsonToken v) throws IOException, EntryAbandoned {
    if (v != JsonToken.START_OBJECT) {
      entryFail(p, problems, id, where, "is not an object");
    }
    if (p.getParsingContext().getNestingDepth() > 12) {
      entryFail(p, problems, id, where, "is nested too deeply");
    }
    long threshold = -1;
    RawLongContext higher = null;
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken fv = p.nextToken();
      String path = where + "." + field;
      if (!seen.add(field)) {
        entryFail(p, problems, id, path, "is given twice");
      }
      if (field.equals("threshold")) {
        threshold = tokenCount(p, problems, id, path, fv);
      } else if (field.equals("longContext")) {
        higher = readLongContext(p, problems, id, path, fv);
      } else if (PRICE_FIELDS.contains(field)) {
        prices.put(field, price(p, problems, id, path, fv));
      } else {
        problems.unknownField(id, path, line(p), offset(p));
        p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      entryFail(p, problems, id, where, "is malformed");
    }
    if (threshold < 0) {
      entryFail(p, problems, id, where + ".threshold", "is missing");
    }
    for (String f : PRICE_FIELDS) {
      if (!prices.containsKey(f)) {
        entryFail(p, problems, id, where + "." + f, "is missing");
      }
    }
    if (higher != null && higher.threshold() <= threshold) {
      entryFail(p, problems, id, where + ".longContext.threshold", "is not above the tier it is nested in");
    }
    return new RawLongContext(threshold, Map.copyOf(prices), higher);
  }

  private static Map<String, BigDecimal> readTiers(JsonParser p, Problems problems, String id, JsonToken v)
      throws IOException, EntryAbandoned {
    if (v != JsonToken.START_OBJECT) {
      entryFail(p, problems, id, "tiers", "is not an object");
    }
    Map<String, BigDecimal> tiers = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken fv = p.nextToken();
      String tier = PriceTable.tierKey(name);
      if (tier.isEmpty() || tier.length() > 32 || !tier.matches("[a-z0-9_-]+")) {
        entryFail(p, problems, id, "tiers", "has a tier name that is not a short lowercase word");
      }
      if (tiers.put(tier, factor(p, problems, id, "tiers." + tier, fv)) != null) {
        entryFail(p, problems, id, "tiers." + tier, "is given twice");
      }
    }
    if (t != JsonToken.END_OBJECT) {
      entryFail(p, problems, id, "tiers", "is malformed");
    }
    return tiers;
  }

  /** {@code "tierPromptLimits": {"priority": 128000}}: per service tier, the largest prompt it is priced for. */
  private static Map<String, Long> readTierPromptLimits(JsonParser p, Problems problems, String id, JsonToken v)
      throws IOException, EntryAbandoned {
    if (v != JsonToken.START_OBJECT) {
      entryFail(p, problems, id, "tierPromptLimits", "is not an object");
    }
    Map<String, Long> limits = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken fv = p.nextToken();
      String tier = PriceTable.tierKey(name);
      if (tier.isEmpty() || tier.length() > 32 || !tier.matches("[a-z0-9_-]+")) {
        entryFail(p, problems, id, "tierPromptLimits", "has a tier name that is not a short lowercase word");
      }
      if (limits.put(tier, tokenCount(p, problems, id, "tierPromptLimits." + tier, fv)) != null) {
        entryFail(p, problems, id, "tierPromptLimits." + tier, "is given twice");
      }
    }
    if (t != JsonToken.END_OBJECT) {
      entryFail(p, problems, id, "tierPromptLimits", "is malformed");
    }
    return limits;
  }

  private static List<String> readAliases(JsonParser p, Problems problems, String id, JsonToken v)
      throws IOException, EntryAbandoned {
    if (v != JsonToken.START_ARRAY) {
      entryFail(p, problems, id, "aliases", "is not an array of strings");
    }
    List<String> aliases = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
      String a = p.getText();
      if (a.isBlank() || a.length() > ModelIds.MAX_LENGTH) {
        entryFail(p, problems, id, "aliases", "has an empty or overlong alias");
      }
      aliases.add(a);
    }
    if (t != JsonToken.END_ARRAY) {
      entryFail(p, problems, id, "aliases", "is not an array of strings");
    }
    return aliases;
  }

  private static String text(JsonParser p, Problems problems, String id, String field, JsonToken v)
      throws IOException, EntryAbandoned {
    if (v != JsonToken.VALUE_STRING) {
      entryFail(p, problems, id, field, "is not a string");
    }
    return p.getText();
  }

  private static BigDecimal price(JsonParser p, Problems problems, String id, String field, JsonToken v)
      throws IOException, EntryAbandoned {
    BigDecimal d = decimal(p, problems, id, field, v);
    if (d.compareTo(MAX_PRICE) > 0) {
      entryFail(p, problems, id, field, "is too large");
    }
    return d;
  }

  private static BigDecimal factor(JsonParser p, Problems problems, String id, String field, JsonToken v)
      throws IOException, EntryAbandoned {
    BigDecimal d = decimal(p, problems, id, field, v);
    if (d.signum() <= 0) {
      entryFail(p, problems, id, field, "is not a positive multiplier");
    }
    if (d.compareTo(MAX_FACTOR) > 0) {
      entryFail(p, problems, id, field, "is too large");
    }
    return d;
  }

  /** A non-negative decimal with at most six decimal places, from a JSON string or number. */
  private static BigDecimal decimal(JsonParser p, Problems problems, String id, String field, JsonToken v)
      throws IOException, EntryAbandoned {
    BigDecimal d;
    if (v == JsonToken.VALUE_STRING) {
      String s = p.getText().strip();
      if (s.startsWith("-") && DECIMAL.matcher(s.substring(1)).matches()) {
        entryFail(p, problems, id, field, "is negative");
      }
      if (!DECIMAL.matcher(s).matches()) {
        entryFail(p, problems, id, field, "is not a decimal number");
      }
      d = new BigDecimal(s);
    } else if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
      if (p.getTextLength() > 48) {
        entryFail(p, problems, id, field, "is not a decimal number");
      }
      try {
        d = p.getDecimalValue();
      } catch (NumberFormatException | ArithmeticException e) {
        entryFail(p, problems, id, field, "is not a decimal number");
        throw new AssertionError(e);
      }
    } else {
      entryFail(p, problems, id, field, "is not a decimal number");
      throw new AssertionError();
    }
    if (d.signum() < 0) {
      entryFail(p, problems, id, field, "is negative");
    }
    d = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    if (d.scale() > 6) {
      entryFail(p, problems, id, field, "has more than six decimal places");
    }
    if (d.precision() - d.scale() > 12) {
      entryFail(p, problems, id, field, "is too large");
    }
    return d;
  }

  private static void fail(JsonParser p, Problems problems, String reason) throws FileAbandoned {
    problems.file(reason, line(p), offset(p));
    throw new FileAbandoned();
  }

  private static void entryFail(JsonParser p, Problems problems, String id, String field, String reason)
      throws EntryAbandoned {
    problems.entry(id, field, reason, line(p), offset(p));
    throw new EntryAbandoned();
  }

  private static long line(JsonParser p) {
    JsonLocation loc = p.currentTokenLocation();
    return loc == null ? -1 : loc.getLineNr();
  }

  private static long offset(JsonParser p) {
    JsonLocation loc = p.currentTokenLocation();
    return loc == null ? -1 : loc.getByteOffset();
  }
}
