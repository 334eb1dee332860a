package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cream.spi.Bytes;
import io.github.cream.spi.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The word-at-a-time byte search and the timestamp fast path give exactly what the plain code gives. */
class ByteHelpersTest {

  @Property(tries = 500)
  void wordAtATimeSearchFindsWhatAByteLoopFinds(
      @ForAll @Size(max = 100) byte[] bytes,
      @ForAll @IntRange(min = 0, max = 100) int a,
      @ForAll @IntRange(min = 0, max = 100) int b,
      @ForAll byte value) {
    int from = Math.min(Math.min(a, b), bytes.length);
    int to = Math.min(Math.max(a, b), bytes.length);
    assertEquals(plain(bytes, from, to, value), Bytes.indexOf(bytes, from, to, value));
    assertEquals(plain(bytes, from, to, (byte) '\n'), Bytes.indexOf(bytes, from, to, (byte) '\n'));
  }

  @Test
  void bytesWithTheHighBitAndNeighboursOfTheValueAreNoMatch() {
    // a borrow from one byte must never flag the next: 0x0B after 0x0A, 0x8A, 0x09, 0x00 around a match
    byte[] b = {(byte) 0x8A, 0x0B, 0x09, 0x00, (byte) 0xFF, 0x0B, (byte) 0x89, 0x01, 0x0A, 0x0B, 0x0A};
    assertEquals(8, Bytes.indexOf(b, 0, b.length, (byte) 0x0A));
    assertEquals(10, Bytes.indexOf(b, 9, b.length, (byte) 0x0A));
    assertEquals(-1, Bytes.indexOf(b, 0, 8, (byte) 0x0A));
    assertEquals(4, Bytes.indexOf(b, 0, b.length, (byte) 0xFF));
    assertEquals(3, Bytes.indexOf(b, 0, b.length, (byte) 0x00));
  }

  @Property(tries = 300)
  void needleSearchFindsWhatItFoundBefore(
      @ForAll @Size(max = 80) byte[] bytes, @ForAll @Size(min = 1, max = 3) byte[] needle) {
    byte[] hay = bytes.clone();
    for (int i = 0; i + 2 < hay.length; i += 3) {
      hay[i] = needle[0]; // plenty of false starts
    }
    int expected = -1;
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      expected = i;
      break;
    }
    assertEquals(expected, Bytes.indexOf(hay, 0, hay.length, needle));
  }

  private static int plain(byte[] b, int from, int to, byte value) {
    for (int i = from; i < to; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  @Property(tries = 1000)
  void theFastPathGivesInstantParsesAnswer(
      @ForAll @LongRange(min = -62_135_596_800L, max = 32_503_680_000L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 9) int digits) {
    String text = Instant.ofEpochSecond(seconds).toString().replace("Z", "");
    if (digits > 0) {
      text += "." + String.format("%09d", nanos).substring(0, digits);
    }
    text += "Z";
    assertEquals(Instant.parse(text), Timestamps.utc(text), text);
  }

  @Property(tries = 1000)
  void anythingElseIsDeclinedOrParsedAsInstantParseDoes(
      @ForAll @StringLength(min = 19, max = 31) String noise, @ForAll @IntRange(min = 0, max = 30) int cut) {
    String base = "2026-02-28T23:59:59.123456789Z";
    String text = base.substring(0, Math.min(cut, base.length())) + noise;
    Instant fast = Timestamps.utc(text);
    if (fast != null) {
      assertEquals(Instant.parse(text), fast, text);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
    "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-12-31T23:59:60Z",
    "2026-01-01T00:00:00z", "2026-01-01t00:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z",
    "2026-01-01T00:00:00+00:00", "+2026-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2026-01-01T00:00:00",
    "2026-01-01 00:00:00Z", "2026-1-01T00:00:00Z", "２026-01-01T00:00:00Z"
  })
  void declinesWhatItDoesNotKnow(String text) {
    assertNull(Timestamps.utc(text), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2024-02-29T12:00:00Z", "2000-02-29T00:00:00.5Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2026-02-10T21:11:59.186Z"
  })
  void acceptsCalendarEdges(String text) {
    assertEquals(Instant.parse(text), Timestamps.utc(text));
  }

  @Test
  void leapDaysFollowTheGregorianRules() {
    for (int year : new int[] {1900, 2000, 2023, 2024, 2100, 2400}) {
      String text = year + "-02-29T00:00:00Z";
      Instant expected;
      try {
        expected = Instant.parse(text);
      } catch (DateTimeException e) {
        expected = null;
      }
      assertEquals(expected, Timestamps.utc(text), text);
    }
  }
}
