package io.github.cream.core.internal.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the model ids agents write into the canonical keys of the price table.
 *
 * <p>The rules are structural and boundary-aware; nothing here matches by substring, so a model id can only
 * resolve to a table entry whose key it equals after these rewrites:
 *
 * <ol>
 *   <li>trim and lowercase;
 *   <li>a trailing bracket tag is dropped ({@code claude-opus-4-6[1m]});
 *   <li>everything up to the last {@code /} is a provider path and is dropped ({@code openrouter/anthropic/x},
 *       {@code anthropic/x}, {@code models/gemini-2.5-pro}, Bedrock ARNs);
 *   <li>a Bedrock id {@code [region.]anthropic.<model>[-vN][:N]} keeps {@code <model>} and remembers whether the
 *       endpoint is regional (any region prefix other than {@code global}, or none);
 *   <li>an OpenRouter variant {@code :thinking}, {@code :beta} or {@code :extended} is dropped; any other
 *       {@code :variant} ({@code :free}, local tags) makes the id unknown, since its price differs;
 *   <li>a Vertex version {@code @20250805} becomes a date suffix, {@code @latest} is dropped;
 *   <li>{@code .}, {@code _} and spaces become {@code -} ({@code claude-opus-4.6} = {@code claude-opus-4-6});
 *   <li>a trailing {@code -thinking} is dropped (same price); a trailing {@code -fast} is remembered and dropped (the
 *       table's {@code fast} multiplier is applied, or the id is unknown);
 *   <li>candidates are then tried in order: the id; the id without a trailing date ({@code -20250929},
 *       {@code -2024-08-06}) or {@code -latest}; the Claude name reordered between {@code claude-4-6-opus} and
 *       {@code claude-opus-4-6} shapes, with and without its date.
 * </ol>
 */
final class ModelIds {

  /** Longest model id considered at all; longer strings are not model ids. */
  static final int MAX_LENGTH = 256;

  private static final Pattern BRACKET_TAG = Pattern.compile("\\[[^\\[\\]]*\\]$");
  private static final Pattern BEDROCK =
      Pattern.compile("^(?:([a-z]{2,6}(?:-[a-z]+)?)\\.)?anthropic\\.([a-z0-9.\\-]+?)(?:-v\\d+)?(?::\\d+)?$");
  private static final Pattern VERTEX_DATE = Pattern.compile("@((?:19|20)\\d{6})$");
  private static final Pattern SEPARATORS = Pattern.compile("[._\\s]+");
  private static final Pattern DASHES = Pattern.compile("-{2,}");
  private static final Pattern DATE_SUFFIX =
      Pattern.compile("-(?:(?:19|20)\\d{2}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\\d|3[01])|latest)$");
  private static final Pattern VERSION_FIRST =
      Pattern.compile("^claude-(\\d+(?:-\\d+)?)-(opus|sonnet|haiku|fable|mythos)((?:-.*)?)$");
  private static final Pattern FAMILY_FIRST =
      Pattern.compile("^claude-(opus|sonnet|haiku|fable|mythos)-(\\d+(?:-\\d+)?)((?:-.*)?)$");

  private ModelIds() {}

  /**
   * How a raw model id should be looked up.
   *
   * @param candidates canonical keys to try, in order; empty when the id cannot be priced
   * @param bedrockRegional whether the id names a regional or geographic Amazon Bedrock endpoint
   * @param fast whether the id carries a {@code -fast} suffix
   */
  record Lookup(List<String> candidates, boolean bedrockRegional, boolean fast) {
    static final Lookup NONE = new Lookup(List.of(), false, false);
  }

  /**
   * The canonical spelling of a table key or alias: lowercase, with {@code .}, {@code _} and blanks as {@code -}.
   *
   * @param key a key as written in a price file
   * @return its canonical spelling
   */
  static String canonical(String key) {
    String s = SEPARATORS.matcher(key.strip().toLowerCase(Locale.ROOT)).replaceAll("-");
    return DASHES.matcher(s).replaceAll("-");
  }

  /**
   * Works out the lookup candidates for a model id found in a log.
   *
   * @param raw the model id, as written
   * @return how to look it up; never null
   */
  static Lookup lookup(String raw) {
    if (raw == null) {
      return Lookup.NONE;
    }
    String s = raw.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      return Lookup.NONE;
    }
    s = BRACKET_TAG.matcher(s).replaceFirst("");
    int slash = s.lastIndexOf('/');
    if (slash >= 0) {
      s = s.substring(slash + 1);
    }
    boolean regional = false;
    Matcher bedrock = BEDROCK.matcher(s);
    if (bedrock.matches()) {
      String region = bedrock.group(1);
      regional = !"global".equals(region);
      s = bedrock.group(2);
    } else {
      int colon = s.indexOf(':');
      if (colon >= 0) {
        String variant = s.substring(colon + 1);
        if (!variant.equals("thinking") && !variant.equals("beta") && !variant.equals("extended")) {
          return Lookup.NONE;
        }
        s = s.substring(0, colon);
      }
    }
    s = VERTEX_DATE.matcher(s).replaceFirst("-$1");
    if (s.endsWith("@latest")) {
      s = s.substring(0, s.length() - "@latest".length());
    }
    if (s.indexOf('@') >= 0) {
      return Lookup.NONE;
    }
    s = canonical(s);
    if (s.endsWith("-thinking")) {
      s = s.substring(0, s.length() - "-thinking".length());
    }
    boolean fast = false;
    if (s.endsWith("-fast")) {
      fast = true;
      s = s.substring(0, s.length() - "-fast".length());
    }
    if (s.isEmpty() || s.equals("-")) {
      return Lookup.NONE;
    }
    List<String> candidates = new ArrayList<>(6);
    addWithUndated(candidates, s);
    String reordered = reorder(s);
    if (reordered != null) {
      addWithUndated(candidates, reordered);
    }
    return new Lookup(List.copyOf(candidates), regional, fast);
  }

  private static void addWithUndated(List<String> out, String id) {
    add(out, id);
    Matcher date = DATE_SUFFIX.matcher(id);
    if (date.find() && date.start() > 0) {
      add(out, id.substring(0, date.start()));
    }
  }

  private static void add(List<String> out, String id) {
    if (!id.isEmpty() && !out.contains(id)) {
      out.add(id);
    }
  }

  /** {@code claude-4-6-opus-x} to {@code claude-opus-4-6-x} and back; null when the id has neither shape. */
  private static String reorder(String id) {
    Matcher m = VERSION_FIRST.matcher(id);
    if (m.matches()) {
      return "claude-" + m.group(2) + "-" + m.group(1) + m.group(3);
    }
    m = FAMILY_FIRST.matcher(id);
    if (m.matches()) {
      return "claude-" + m.group(2) + "-" + m.group(1) + m.group(3);
    }
    return null;
  }
}
