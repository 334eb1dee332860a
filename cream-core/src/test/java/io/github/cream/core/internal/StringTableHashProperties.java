package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * A table string's hash, taken over its UTF-8 bytes without making the string, is the hash of the string the table
 * gives for it: what a save that copies a table looks its strings up by.
 */
class StringTableHashProperties {

  private static IndexCodec.StringTable table(List<byte[]> strings) {
    IndexCodec.Out out = new IndexCodec.Out(64);
    out.varint(strings.size());
    for (byte[] b : strings) {
      out.varint(b.length);
      out.bytes(b, 0, b.length);
    }
    return IndexCodec.StringTable.read(new IndexCodec.In(out.buf, 0, out.size));
  }

  @Property(tries = 300)
  void textsHashAsTheirStrings(@ForAll @Size(max = 8) List<String> texts) {
    List<byte[]> bytes = texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    IndexCodec.StringTable t = table(bytes);
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(t.get(i).hashCode(), t.hash(i), texts.get(i));
    }
  }

  @Property(tries = 300)
  void anyBytesHashAsTheStringTheyDecodeTo(@ForAll @Size(max = 8) List<@Size(max = 12) byte[]> strings) {
    IndexCodec.StringTable t = table(strings);
    for (int i = 0; i < strings.size(); i++) {
      assertEquals(new String(strings.get(i), StandardCharsets.UTF_8).hashCode(), t.hash(i));
    }
  }

  @Property(tries = 100)
  void everyPlaneHashesAsItsString(@ForAll int seed) {
    java.util.Random rnd = new java.util.Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < 20; k++) {
      int cp = switch (rnd.nextInt(4)) {
        case 0 -> rnd.nextInt(0x80);
        case 1 -> 0x80 + rnd.nextInt(0x780);
        case 2 -> 0xe000 + rnd.nextInt(0x2000);
        default -> 0x10000 + rnd.nextInt(0x100000);
      };
      sb.appendCodePoint(cp);
    }
    String s = sb.toString();
    IndexCodec.StringTable t = table(List.of(s.getBytes(StandardCharsets.UTF_8)));
    assertEquals(s.hashCode(), t.hash(0));
  }
}
