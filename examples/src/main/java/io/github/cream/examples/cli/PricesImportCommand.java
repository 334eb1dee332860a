package io.github.cream.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.github.cream.api.Environment;
import io.github.cream.api.ModelPrice;
import io.github.cream.core.PriceCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cream prices import FILE}: reads a LiteLLM {@code model_prices_and_context_window.json} the user downloaded
 * into the user's price override file, and lists what differs from the bundled table. Offline.
 *
 * <p>A model the bundled table knows (its LiteLLM key resolved as cream resolves log ids) gets an entry with only the
 * prices that differ; a model it does not know gets a complete entry, unless {@code --only-known}. LiteLLM keys with
 * a routing prefix ({@code bedrock/...}, {@code openrouter/...}) or a variant suffix ({@code model:free}) name
 * another seller's price and are not added. Entries already in the override file are kept, except those the import
 * writes again.
 */
@Command(
    name = "import",
    description = "Import LiteLLM's model_prices_and_context_window.json into your price override file and list"
        + " what differs from the bundled prices. Reads nothing from the network.",
    mixinStandardHelpOptions = true)
public final class PricesImportCommand implements Callable<Integer> {

  /** Largest override file cream reads. */
  static final int MAX_OVERRIDE_BYTES = 1 << 20;

  private static final List<String> FIELDS = List.of("input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h");

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "LiteLLM's model_prices_and_context_window.json")
  Path file;

  @Option(names = {"-o", "--output"}, paramLabel = "PATH",
      description = "The override file to write (default: $XDG_CONFIG_HOME/cream/prices.json)")
  Path output;

  @Option(names = "--only-known", description = "Only models the bundled table knows; add no new models")
  boolean onlyKnown;

  @Option(names = "--from", paramLabel = "DATE",
      description = "Date the imported prices: calls before DATE keep the bundled prices (YYYY-MM-DD)")
  LocalDate from;

  @Option(names = {"-n", "--dry-run"}, description = "List the differences; write nothing")
  boolean dryRun;

  Environment environment = Environment.system();

  /** One model the import writes. */
  private record Imported(String key, String provider, Map<String, BigDecimal> prices, boolean known) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LiteLlmPrices.Result lit;
    try {
      lit = LiteLlmPrices.read(file);
    } catch (NoSuchFileException e) {
      err.println("cream: prices import: " + TerminalText.safe(file.toString()) + ": no such file");
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("cream: prices import: " + TerminalText.safe(file.toString())
          + " is not a readable LiteLLM price file");
      return 1;
    }
    PriceCatalog bundled = PriceCatalog.bundled();
    Map<String, Imported> known = new TreeMap<>();
    Map<String, Imported> added = new TreeMap<>();
    java.util.Set<String> addedIds = new java.util.HashSet<>();
    int unchanged = 0;
    int foreign = 0;
    for (Map.Entry<String, LiteLlmPrices.Entry> e : lit.entries().entrySet()) {
      String key = e.getKey();
      LiteLlmPrices.Entry entry = e.getValue();
      Optional<ModelPrice> base = key.contains("/") || key.contains(":") ? Optional.empty() : bundled.find(key);
      if (base.isPresent()) {
        String id = base.get().model();
        Imported prior = known.get(id);
        if (prior != null && !key.equals(id)) {
          continue; // a dated or aliased key of a model already imported: the first (or exact) key wins
        }
        Map<String, BigDecimal> diff = new LinkedHashMap<>();
        for (String f : FIELDS) {
          if (entry.prices().get(f).compareTo(field(base.get(), f)) != 0) {
            diff.put(f, entry.prices().get(f));
          }
        }
        if (diff.isEmpty()) {
          if (prior != null) {
            known.remove(id);
          }
          unchanged++;
        } else {
          known.put(id, new Imported(key, entry.provider(), diff, true));
        }
      } else if (key.contains("/") || key.contains(":")) {
        foreign++;
      } else if (!onlyKnown && addedIds.add(key.toLowerCase(java.util.Locale.ROOT))) {
        added.put(key, new Imported(key, entry.provider(), entry.prices(), false));
      }
    }
    for (Map.Entry<String, Imported> e : known.entrySet()) {
      ModelPrice base = bundled.find(e.getKey()).orElseThrow();
      StringBuilder b = new StringBuilder("changed  ").append(e.getKey()).append(':');
      e.getValue().prices().forEach((f, v) -> b.append(' ').append(f).append(' ')
          .append(field(base, f).toPlainString()).append(" -> ").append(v.toPlainString()));
      out.println(TerminalText.safe(b.toString()));
    }
    for (Imported a : added.values()) {
      out.println(TerminalText.safe("new      " + a.key() + " (" + a.provider() + "): input " + a.prices().get("input")
          .toPlainString() + ", output " + a.prices().get("output").toPlainString()));
    }
    Path target = output != null ? output : environment.configHome().resolve("cream").resolve("prices.json");
    out.println(known.size() + " changed, " + added.size() + " new, " + unchanged + " unchanged against the bundled"
        + " table " + bundled.version() + "; " + foreign + " entries of other sellers and " + lit.skipped()
        + " entries without usable chat prices skipped");
    if (dryRun) {
      out.println("dry run: " + TerminalText.safe(target.toString()) + " was not written");
      out.flush();
      return 0;
    }
    byte[] bytes;
    try {
      bytes = merge(target, known, added);
    } catch (IOException e) {
      err.println("cream: prices import: the existing override file " + TerminalText.safe(target.toString())
          + " is not valid JSON; nothing was written");
      return 1;
    }
    if (bytes.length > MAX_OVERRIDE_BYTES) {
      err.println("cream: prices import: the override file would be larger than 1 MiB (cream's limit); nothing was"
          + " written (try --only-known)");
      return 1;
    }
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      err.println("cream: prices import: " + TerminalText.safe(target.toString()) + " could not be written");
      return 1;
    }
    out.println("wrote " + TerminalText.safe(target.toString()));
    out.flush();
    return 0;
  }

  private static BigDecimal field(ModelPrice p, String f) {
    return switch (f) {
      case "input" -> p.input();
      case "output" -> p.output();
      case "cacheRead" -> p.cacheRead();
      case "cacheWrite5m" -> p.cacheWrite5m();
      default -> p.cacheWrite1h();
    };
  }

  /** The override file: its existing models (copied as written) except those imported again, then the import. */
  private byte[] merge(Path target, Map<String, Imported> known, Map<String, Imported> added) throws IOException {
    JsonFactory json = new JsonFactory();
    List<String> written = new ArrayList<>(known.keySet());
    written.addAll(added.keySet());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (JsonGenerator g = json.createGenerator(buf)) {
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      g.writeStartObject();
      g.writeStringField("format", "cream.prices/1");
      g.writeStringField("version", "litellm-import-" + LocalDate.now(environment.clock()));
      g.writeStringField("currency", "USD");
      g.writeStringField("unit", "per-million-tokens");
      g.writeObjectFieldStart("models");
      if (Files.exists(target)) {
        try (JsonParser p = json.createParser(target.toFile())) {
          if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not an object");
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (!f.equals("models") || p.currentToken() != JsonToken.START_OBJECT) {
              p.skipChildren();
              continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String model = p.currentName();
              p.nextToken();
              if (written.contains(model)) {
                p.skipChildren();
              } else {
                g.writeFieldName(model);
                g.copyCurrentStructure(p);
              }
            }
          }
        }
      }
      for (Map.Entry<String, Imported> e : known.entrySet()) {
        entry(g, e.getKey(), e.getValue());
      }
      for (Map.Entry<String, Imported> e : added.entrySet()) {
        entry(g, e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    buf.write('\n');
    return buf.toByteArray();
  }

  private void entry(JsonGenerator g, String id, Imported m) throws IOException {
    g.writeObjectFieldStart(id);
    if (!m.known()) {
      g.writeStringField("provider", m.provider());
    }
    for (Map.Entry<String, BigDecimal> p : m.prices().entrySet()) {
      g.writeStringField(p.getKey(), p.getValue().toPlainString());
    }
    if (from != null) {
      g.writeStringField("validFrom", from.toString());
    }
    g.writeStringField("source", "LiteLLM model_prices_and_context_window.json, key " + m.key() + ", imported "
        + LocalDate.now(environment.clock()));
    g.writeEndObject();
  }
}
