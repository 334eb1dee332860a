package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import io.github.cream.examples.cli.CliHarness.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home with Pi and OpenClaw sessions routed through OpenRouter ({@code src/test/resources/enrich-home}: synthetic
 * files in the agents' real format, copied into a temporary directory), a loopback server answering as OpenRouter's
 * generation endpoint does, and the CLI run in-process against them.
 *
 * <p>The home: Pi session {@code 019cd7a0} (shop) makes three calls to {@code anthropic/claude-sonnet-4.5}, all
 * served by Anthropic; Pi's older openai-completions code logged the first call's cache write as plain input, so Pi
 * recorded $0.0321 where OpenRouter billed $0.0381. Pi session {@code 019cd7d7} (blog) makes three calls, the last
 * rerouted to Amazon Bedrock (a cache miss); OpenRouter billed the first one's cache write too. OpenClaw session
 * {@code 7c1e9a42} makes three calls to {@code openai/gpt-5.1}: the first counted its reasoning twice in Pi's
 * output (OpenRouter's native completion is 300, the log says 420), and OpenRouter does not know the third one yet
 * (404).
 */
abstract class RoutedHome {

  static final String KEY = "sk-or-v1-CLIKEYMARKER-00112233445566778899";
  static final String ROUTER_NOTE =
      "The upstream provider may be rerouted between calls, so the cache state is a best guess.";
  static final String SHOP = "019cd7a0-1b2c-7d3e-8f40-5a6b7c8d9e01";
  static final String BLOG = "019cd7d7-4e5f-7a60-9b71-2c3d4e5f6a02";
  static final String CLAW = "7c1e9a42-3b5d-4f60-8a71-9b2c3d4e5f03";

  @TempDir Path home;
  OpenRouterStub stub;
  final List<String> printed = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    Path from = Path.of("src", "test", "resources", "enrich-home", "home").toAbsolutePath();
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path to = home.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Map<String, String> records = new HashMap<>();
    record(records, "gen-1773133205-ShopA1aaaaaaaaaaaaaaaa", "0.0381", "-0.006", "Anthropic", 9200, 300, 0, 0);
    record(records, "gen-1773133260-ShopA2bbbbbbbbbbbbbbbb", "0.00981", "0.02484", "Anthropic", 9450, 420, 9200, 0);
    record(records, "gen-1773133350-ShopA3cccccccccccccccc", "0.011025", "0.025515", "Anthropic", 9630, 510, 9450, 0);
    record(records, "gen-1773136805-BlogB1dddddddddddddddd", "0.01275", "-0.00075", "Anthropic", 3000, 200, 0, 0);
    record(records, "gen-1773136980-BlogB2eeeeeeeeeeeeeeee", "0.00345", "0.0081", "Anthropic", 3100, 150, 3000, 0);
    record(records, "gen-1773137160-BlogB3ffffffffffffffff", "0.01245", "0", "Amazon Bedrock", 3250, 180, 0, 0);
    record(records, "gen-1773140410-ClawC1gggggggggggggggg", "0.013", "0", "OpenAI", 8000, 300, 0, 120);
    record(records, "gen-1773140440-ClawC2hhhhhhhhhhhhhhhh", "0.00215", "0.009", "OpenAI", 8200, 90, 8000, 0);
    stub = new OpenRouterStub(KEY, records);
  }

  private static void record(Map<String, String> records, String id, String cost, String discount, String provider,
      long prompt, long completion, long cached, long reasoning) {
    records.put(id, OpenRouterStub.record(id, cost, discount, provider, prompt, completion, cached, reasoning));
  }

  @AfterEach
  void tearDown() {
    stub.close();
  }

  Result run(String... args) {
    return run(Map.of("OPENROUTER_API_KEY", KEY), args);
  }

  Result run(Map<String, String> vars, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> all = new HashMap<>(vars);
    all.put("HOME", home.toString());
    Environment env = Environment.of(all, Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC));
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = new Main(b -> {}).execute(args, o, e, env);
    }
    Result r = new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    printed.add(r.out());
    printed.add(r.err());
    return r;
  }

  String base() {
    return stub.base().toString();
  }

}
