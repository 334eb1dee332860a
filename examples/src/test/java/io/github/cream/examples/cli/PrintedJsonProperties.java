package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** A document printed as it is written prints what printing it whole would, in any charset, cut anywhere. */
class PrintedJsonProperties {

  @Property(tries = 300)
  void piecesPrintWhatTheWholeTextPrints(
      @ForAll @StringLength(max = 3000) String text,
      @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 70_000) Integer> cuts,
      @ForAll("charsets") String charset) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    PrintStream a = new PrintStream(whole, false, Charset.forName(charset));
    a.print(new String(utf8, StandardCharsets.UTF_8));
    a.flush();

    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    PrintStream b = new PrintStream(pieces, false, Charset.forName(charset));
    PrintedJson printed = new PrintedJson(b);
    int at = 0;
    for (int cut : cuts) {
      int n = Math.min(cut % 97 == 0 ? 1 : cut % 5000, utf8.length - at);
      if (n == 1) {
        printed.write(utf8[at]);
      } else {
        printed.write(utf8, at, n);
      }
      at += n;
      if (cut % 3 == 0) {
        printed.flush();
      }
    }
    printed.write(utf8, at, utf8.length - at);
    printed.finish();
    b.flush();
    assertArrayEquals(whole.toByteArray(), pieces.toByteArray());
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> charsets() {
    return net.jqwik.api.Arbitraries.of("UTF-8", "US-ASCII", "ISO-8859-1", "UTF-16");
  }
}
