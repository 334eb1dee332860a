package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Environment;
import io.github.cream.spi.DiscoveryContext;
import io.github.cream.spi.EntryStore;
import io.github.cream.spi.FileContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryStoreTest {

  /** A "store" file holds {@code position<TAB>json} rows; the engine must read it through {@link EntryStore}. */
  static final class StoreSource extends FakeSource implements EntryStore {
    @Override
    public List<Path> discover(Path root, DiscoveryContext context) {
      return context.files(root, p -> p.toString().endsWith(".store") || DiscoveryContext.isJsonl(p));
    }

    @Override
    public boolean isStore(Path file) {
      return file.toString().endsWith(".store");
    }

    @Override
    public void read(FileContext file, long after, EntryConsumer entries) throws IOException {
      for (String row : Files.readAllLines(file.file(), StandardCharsets.UTF_8)) {
        int tab = row.indexOf('\t');
        long pos = Long.parseLong(row.substring(0, tab));
        if (pos > after) {
          byte[] b = row.substring(tab + 1).getBytes(StandardCharsets.UTF_8);
          entries.entry(pos, b, 0, b.length);
        }
      }
    }
  }

  @TempDir Path home;

  @Test
  void storesAreReadEntryByEntryAndResume() throws IOException {
    Path root = Files.createDirectories(home.resolve(".fake"));
    Path store = root.resolve("agent.store");
    Files.writeString(
        store,
        "3\t" + Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\n"
            + "7\t{\"t\": broken\n"
            + "9\t" + Lines.call("s1", "2026-11-20T10:00:01Z", 2, 1) + "\n");
    Files.writeString(root.resolve("plain.jsonl"), Lines.call("s2", "2026-11-20T10:00:00Z", 4, 1) + "\n");
    Environment env = Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC());
    UsageSnapshot s =
        Cream.builder().environment(env).discoverProviders(false).bundledPrices(false).source(new StoreSource())
            .build().scan();
    assertEquals(7, s.totals().tokens().input());
    assertEquals(1, s.stats().malformedLines());
    assertEquals(7L, s.diagnostics().stream().filter(d -> d.code().equals("fake.line.invalid")).findFirst()
        .orElseThrow().byteOffset().getAsLong());

    Pieces.Result whole = Pieces.parse(new StoreSource(), root, store, env);
    assertEquals(10, whole.consumedOffset(), "the next read starts after position 9");
    Pieces.Result pieces = Pieces.parseInPieces(new StoreSource(), root, store, env, List.of(5L));
    assertEquals(whole.records().size(), pieces.records().size());
  }
}
