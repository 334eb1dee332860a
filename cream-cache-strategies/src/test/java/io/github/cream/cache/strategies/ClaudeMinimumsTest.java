package io.github.cream.cache.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClaudeMinimumsTest {

  @ParameterizedTest
  @CsvSource({
    "claude-opus-4-6, opus-4.6, 4096",
    "claude-opus-4-5-20251101, opus-4.5, 4096",
    "us.anthropic.claude-opus-4-6-v1, opus-4.6, 4096",
    "global.anthropic.claude-haiku-4-5-20251001-v1:0, haiku-4.5, 4096",
    "claude-opus-4-1@20250805, opus-4.1, 1024",
    "claude-opus-4-20250514, opus-4.0, 1024",
    "anthropic.claude-sonnet-4-20250514-v1:0, sonnet-4.0, 1024",
    "anthropic/claude-sonnet-4.5, sonnet-4.5, 1024",
    "claude-sonnet-4-6, sonnet-4.6, 1024",
    "claude-3-7-sonnet-20250219, sonnet-3.7, 1024",
    "anthropic.claude-3-5-sonnet-20240620-v1:0, sonnet-3.5, 1024",
    "claude-3-5-haiku-latest, haiku-3.5, 2048",
    "claude-3-haiku-20240307, haiku-3.0, 2048",
    "claude-3-opus-20240229, opus-3.0, 1024",
    "claude-opus-4-7, opus-4.7, 2048",
    "claude-opus-4-8, opus-4.8, 1024",
    "claude-opus-5, opus-5.0, 512",
    "claude-sonnet-5, sonnet-5.0, 1024",
    "claude-sonnet-5-5, sonnet-5.5, 512",
    "claude-mythos-preview, mythos-preview, 2048"
  })
  void parsesEveryProvidersSpellingAndFindsTheMinimum(String model, String key, int minimum) {
    assertEquals(key, ClaudeMinimums.familyKey(model));
    assertEquals(OptionalInt.of(minimum), ClaudeMinimums.minimumFor(model));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt-5", "claude", "claude-instant-1.2", "claude-2.1", ""})
  void unknownIdsHaveNoMinimum(String model) {
    assertEquals(OptionalInt.empty(), ClaudeMinimums.minimumFor(model));
  }

  @org.junit.jupiter.api.Test
  void nullIsNoModel() {
    assertNull(ClaudeMinimums.familyKey(null));
  }
}
