package io.github.cream.cache.strategies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The smallest prompt each Claude model caches. Anthropic: "Shorter prompts cannot be cached, even if marked with
 * cache_control. Any requests to cache fewer than this number of tokens will be processed without caching, and no
 * error is returned."
 *
 * <p>Source of every number, unless its line says otherwise: the "Cache limitations" section of
 * https://platform.claude.com/docs/en/build-with-claude/prompt-caching#cache-limitations (the 2026 list, as
 * quoted in research peers.md section 3 and in stored copies of the page), which states that "these minimums apply
 * on every platform where each model is available". The list changes as models ship; a model missing here has no
 * known minimum and the strategy then makes no claim about it.
 */
final class ClaudeMinimums {

  // key: family-major.minor, as parsed by familyKey()
  private static final Map<String, Integer> MINIMUMS =
      Map.ofEntries(
          // "512 tokens for Claude Fable 5.1, Claude Mythos 5.1, Claude Opus 5.5, Claude Opus 5, Claude Sonnet 5.5,
          // Claude Fable 5, Claude Mythos 5, and Claude Haiku 5.5" (prompt-caching guide, late-2026 list)
          Map.entry("opus-5.5", 512),
          Map.entry("opus-5.0", 512),
          Map.entry("sonnet-5.5", 512),
          Map.entry("haiku-5.5", 512),
          Map.entry("fable-5.0", 512),
          Map.entry("fable-5.1", 512),
          Map.entry("mythos-5.0", 512),
          Map.entry("mythos-5.1", 512),
          // "2,048 tokens for Claude Mythos Preview and Claude Opus 4.7"
          Map.entry("mythos-preview", 2048),
          Map.entry("opus-4.7", 2048),
          // "4,096 tokens for Claude Opus 4.6 and Claude Opus 4.5"
          Map.entry("opus-4.6", 4096),
          Map.entry("opus-4.5", 4096),
          // "1,024 tokens for Claude Opus 4.8, Claude Sonnet 5, Claude Sonnet 4.6, Claude Sonnet 4.5, Claude Opus 4.1,
          // Claude Opus 4, and Claude Sonnet 4". Sonnet 4.6 was measured to need 2,048 in
          // anthropics/anthropic-sdk-python#1194 and is listed as 2,048 by docs.orq.ai; the published 1,024 is kept,
          // since the number only explains why a session never cached and a lower bound never claims too much.
          Map.entry("opus-4.8", 1024),
          Map.entry("sonnet-5.0", 1024),
          Map.entry("sonnet-4.6", 1024),
          Map.entry("sonnet-4.5", 1024),
          Map.entry("opus-4.1", 1024),
          Map.entry("opus-4.0", 1024),
          Map.entry("sonnet-4.0", 1024),
          // Sonnet 3.7 is in the 1,024 list of the 2025 page (quoted in anthropics/anthropic-sdk-python#1194)
          Map.entry("sonnet-3.7", 1024),
          // the 2024 page, as quoted by docs.truefoundry.com/gateway/chat-completions-prompt-caching: "1024 tokens
          // for Claude 3.5 Sonnet and Claude 3 Opus", "2048 tokens for Claude 3.5 Haiku and Claude 3 Haiku"
          Map.entry("sonnet-3.5", 1024),
          Map.entry("opus-3.0", 1024),
          // "4,096 tokens for Claude Haiku 4.5"
          Map.entry("haiku-4.5", 4096),
          // "2,048 tokens for Claude Haiku 3.5 … and Claude Haiku 3"
          Map.entry("haiku-3.5", 2048),
          Map.entry("haiku-3.0", 2048));

  private static final List<String> FAMILIES = List.of("opus", "sonnet", "haiku", "fable", "mythos");
  private static final Pattern SEPARATORS = Pattern.compile("[-._@:]");
  private static final Pattern SMALL_NUMBER = Pattern.compile("\\d{1,2}");

  private ClaudeMinimums() {}

  /**
   * The minimum cacheable prompt of a Claude model.
   *
   * @param model the model id as logged, in any provider's spelling
   * @return the minimum in tokens, or empty when the model is not in the table
   */
  static OptionalInt minimumFor(String model) {
    String key = familyKey(model);
    Integer min = key == null ? null : MINIMUMS.get(key);
    return min == null ? OptionalInt.empty() : OptionalInt.of(min);
  }

  /**
   * The table key of a Claude model id: family and version, for example {@code opus-4.6} for
   * {@code us.anthropic.claude-opus-4-6-v1}, {@code sonnet-3.5} for {@code claude-3-5-sonnet-20241022},
   * {@code opus-4.0} for {@code claude-opus-4-20250514}.
   *
   * @param model the model id
   * @return the key, or null when the id is not a recognisable Claude id
   */
  static String familyKey(String model) {
    String m = ModelIds.lower(model);
    int at = m.lastIndexOf("claude");
    if (at < 0) {
      return null;
    }
    String[] tokens = SEPARATORS.split(m.substring(at));
    String family = null;
    boolean preview = false;
    List<Integer> numbers = new ArrayList<>(2);
    boolean versionDone = false;
    for (String t : tokens) {
      boolean small = SMALL_NUMBER.matcher(t).matches();
      if (small && !versionDone && numbers.size() < 2) {
        // the version is the first run of one- or two-digit tokens; eight-digit dates, "v1" revision tags and
        // Bedrock's ":0" suffix come after it and end the run
        numbers.add(Integer.parseInt(t));
        continue;
      }
      if (!numbers.isEmpty()) {
        versionDone = true;
      }
      if (FAMILIES.contains(t)) {
        family = family == null ? t : family;
      } else if (t.equals("preview")) {
        preview = true;
      }
    }
    if (family == null) {
      return null;
    }
    if (numbers.isEmpty()) {
      return preview ? family + "-preview" : null;
    }
    int minor = numbers.size() > 1 ? numbers.get(1) : 0;
    return family + "-" + numbers.get(0) + "." + minor;
  }
}
