package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Durations}: the one compact style for lengths of time, ages and countdowns. */
class DurationsTest {

  @Test
  void spansShowTheirTwoLargestUnitsRoundedDown() {
    assertEquals("0s", Durations.span(Duration.ZERO));
    assertEquals("0s", Durations.span(Duration.ofSeconds(-5)));
    assertEquals("250ms", Durations.span(Duration.ofMillis(250)));
    assertEquals("1s", Durations.span(Duration.ofMillis(1999)));
    assertEquals("45s", Durations.span(Duration.ofSeconds(45)));
    assertEquals("5m", Durations.span(Duration.ofMinutes(5)));
    assertEquals("1m 30s", Durations.span(Duration.ofSeconds(90)));
    assertEquals("49m 36s", Durations.span(Duration.ofSeconds(49 * 60 + 36)));
    assertEquals("1h", Durations.span(Duration.ofHours(1)));
    assertEquals("1h", Durations.span(Duration.ofHours(1).plusSeconds(59)));
    assertEquals("1h 10m", Durations.span(Duration.ofMinutes(70)));
    assertEquals("17h 29m", Durations.span(Duration.ofMinutes(17 * 60 + 29).plusSeconds(59)));
    assertEquals("1d", Durations.span(Duration.ofHours(24)));
    assertEquals("3d 4h", Durations.span(Duration.ofHours(76).plusMinutes(59)));
  }

  @Test
  void agesAreSpansAgo() {
    assertEquals("0s ago", Durations.ago(Duration.ZERO));
    assertEquals("59s ago", Durations.ago(Duration.ofMillis(59_999)));
    assertEquals("12m 59s ago", Durations.ago(Duration.ofSeconds(12 * 60 + 59)));
    assertEquals("1h ago", Durations.ago(Duration.ofMinutes(60)));
    assertEquals("1h 10m ago", Durations.ago(Duration.ofMinutes(70)));
    assertEquals("23h 59m ago", Durations.ago(Duration.ofMinutes(24 * 60 - 1)));
    assertEquals("1d 23h ago", Durations.ago(Duration.ofHours(47)));
    assertEquals("2d ago", Durations.ago(Duration.ofHours(48)));
  }

  @Test
  void countdownsKeepEverySecondAndRoundUp() {
    assertEquals("0s", Durations.countdown(Duration.ZERO));
    assertEquals("0s", Durations.countdown(Duration.ofSeconds(-1)));
    assertEquals("1s", Durations.countdown(Duration.ofMillis(1)));
    assertEquals("1s", Durations.countdown(Duration.ofSeconds(1)));
    assertEquals("4m 59s", Durations.countdown(Duration.ofSeconds(299)));
    assertEquals("5m 0s", Durations.countdown(Duration.ofMinutes(5)));
    assertEquals("59m 59s", Durations.countdown(Duration.ofSeconds(3599)));
    assertEquals("1h 0m 0s", Durations.countdown(Duration.ofHours(1)));
    assertEquals("1h 2m 3s", Durations.countdown(Duration.ofSeconds(3723)));
    assertEquals("26h 0m 0s", Durations.countdown(Duration.ofHours(26)));
  }
}
