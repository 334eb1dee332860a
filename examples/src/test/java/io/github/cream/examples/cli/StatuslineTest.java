package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cream statusline} pinned for fixed clocks: a Claude session whose 5-minute cache was last written at
 * 00:45 (warm until 00:50), seen warm, about to expire, cold; a provider no cache strategy knows; a session with no
 * calls yet; Codex's own rate-limit windows; and the fallback line (exit 0) on bad input and bad options.
 */
class StatuslineTest {

  private static final String SESSION = "5e55105e-0000-4000-8000-000000000001";
  private static final String EMPTY = "5e55105e-0000-4000-8000-000000000002";
  private static final String OLD = "5e55105e-0000-4000-8000-000000000003";
  private static final String CODEX = "019fc710-e100-7101-8010-000000000001";

  @TempDir Path home;

  @BeforeEach
  void history() throws IOException {
    Path project = home.resolve(".claude/projects/-home-me-app");
    CliHarness.write(project.resolve(SESSION + ".jsonl"),
        user(SESSION, "2026-03-03T00:39:00Z"),
        claude(SESSION, 1, "2026-03-03T00:40:00Z", 100, 0, 20_000, 500),
        claude(SESSION, 2, "2026-03-03T00:45:00Z", 50, 20_000, 1_000, 300));
    CliHarness.write(project.resolve(EMPTY + ".jsonl"), user(EMPTY, "2026-03-03T00:46:00Z"));
    CliHarness.write(project.resolve(OLD + ".jsonl"),
        user(OLD, "2026-03-02T12:00:00Z"),
        claude(OLD, 9, "2026-03-02T12:01:00Z", 1_000_000, 0, 0, 0));
  }

  private static String user(String session, String at) {
    return "{\"type\":\"user\",\"cwd\":\"/home/me/app\",\"sessionId\":\"" + session + "\",\"message\":{\"role\":"
        + "\"user\",\"content\":\"fix the tests\"},\"uuid\":\"u-" + session + "\",\"timestamp\":\"" + at + "\"}";
  }

  private static String claude(String session, int k, String at, long in, long read, long write5m, long out) {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"cwd\":\"/home/me/app\",\"sessionId\":\"" + session
        + "\",\"type\":\"assistant\",\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"msg_" + k
        + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
        + "\"usage\":{\"input_tokens\":" + in + ",\"cache_creation_input_tokens\":" + write5m
        + ",\"cache_read_input_tokens\":" + read + ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":" + write5m
        + ",\"ephemeral_1h_input_tokens\":0},\"output_tokens\":" + out + "}},\"requestId\":\"req_" + k
        + "\",\"uuid\":\"a" + k + "\",\"timestamp\":\"" + at + "\"}";
  }

  private static String input(String session) {
    return "{\"session_id\":\"" + session + "\",\"transcript_path\":\"/home/me/.claude/projects/-home-me-app/"
        + session + ".jsonl\",\"cwd\":\"/home/me/app\",\"model\":{\"id\":\"claude-sonnet-4-5-20250929\","
        + "\"display_name\":\"Sonnet 4.5\"},\"workspace\":{\"current_dir\":\"/home/me/app\",\"project_dir\":"
        + "\"/home/me/app\"},\"version\":\"2.0.1\",\"output_style\":{\"name\":\"default\"},\"cost\":"
        + "{\"total_cost_usd\":0.0972,\"total_duration_ms\":360000},\"exceeds_200k_tokens\":false}";
  }

  private record Run(int status, String out, String err) {}

  private Run run(String now, String stdin, Map<String, String> vars, String... args) {
    return run(now, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), vars, args);
  }

  private Run run(String now, InputStream stdin, Map<String, String> vars, String... args) {
    Map<String, String> v = new HashMap<>(vars);
    v.put("HOME", home.toString());
    Environment env = Environment.of(v, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 1];
    all[0] = "statusline";
    System.arraycopy(args, 0, all, 1, args.length);
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = new Main(b -> b.parallelism(1).noIndex()).stdin(stdin).execute(all, o, e, env);
    }
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String line(String now, String stdin, String... args) {
    String[] a = new String[args.length + 4];
    a[0] = "--no-color";
    a[1] = "--timezone";
    a[2] = "UTC";
    a[3] = "--timeout=60000";
    System.arraycopy(args, 0, a, 4, args.length);
    Run r = run(now, stdin, Map.of(), a);
    assertEquals(0, r.status());
    assertEquals("", r.err());
    assertTrue(r.out().endsWith("\n") && r.out().indexOf('\n') == r.out().length() - 1, r.out());
    return r.out().strip();
  }

  @Test
  void warm() {
    assertEquals(
        "Sonnet 4.5 | session $0.10 | today $0.10 | block 4h 13m left, $1.17/h, ~$5.02"
            + " | cache warm 2m 30s, resume $0.006",
        line("2026-03-03T00:47:00Z", input(SESSION)));
  }

  /** The line of a run with the scan index in the temporary home, as Claude Code runs it: the transcript named. */
  private String indexed(String now, String session) {
    String stdin = input(session).replace("/home/me/.claude", home.resolve(".claude").toString());
    Environment env = Environment.of(Map.of("HOME", home.toString()), Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = new Main(b -> b.parallelism(1)).stdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))
          .execute(new String[] {"statusline", "--no-color", "--timezone", "UTC", "--timeout=60000"}, o, e, env);
    }
    assertEquals(0, status);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void withTheIndexTheTranscriptThatGrewIsReadAndTheLineIsTheSame() throws IOException {
    String first = indexed("2026-03-03T00:47:00Z", SESSION); // no saved answer yet: a normal scan saves one
    assertEquals(line("2026-03-03T00:47:00Z", input(SESSION)), first);
    assertTrue(java.nio.file.Files.isDirectory(home.resolve(".cache/cream")));
    java.nio.file.Files.writeString(home.resolve(".claude/projects/-home-me-app/" + SESSION + ".jsonl"),
        claude(SESSION, 3, "2026-03-03T00:48:00Z", 10, 21_000, 200, 100) + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    String grown = indexed("2026-03-03T00:49:00Z", SESSION); // the index's answer and the one new call
    assertEquals(line("2026-03-03T00:49:00Z", input(SESSION)), grown);
    assertTrue(grown.contains("cache warm"), grown);
    assertEquals(line("2026-03-03T00:49:00Z", input(EMPTY)), indexed("2026-03-03T00:49:00Z", EMPTY));
  }

  @Test
  void aboutToExpireIsYellow() {
    Run r = run("2026-03-03T00:49:10Z", input(SESSION), Map.of(), "--timezone=UTC", "--timeout=60000");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("\u001b[33mcache warm 20s, resume $0.006\u001b[0m"), r.out());
    Run plain = run("2026-03-03T00:49:10Z", input(SESSION), Map.of("NO_COLOR", "1"), "--timeout=60000");
    assertFalse(plain.out().contains("\u001b"), plain.out());
  }

  @Test
  void cold() {
    assertEquals(
        "Sonnet 4.5 | session $0.10 | today $0.10 | block 3h 30m left, $1.17/h, ~$4.18"
            + " | cache cold, rewrite $0.079",
        line("2026-03-03T01:30:00Z", input(SESSION)));
  }

  @Test
  void noUsageYet() {
    assertEquals(
        "Sonnet 4.5 | session $0.00 | today $0.10 | block 4h 13m left, $1.17/h, ~$5.02 | cache -, no calls yet",
        line("2026-03-03T00:47:00Z", input(EMPTY)));
    // a session the logs do not know at all (its transcript not written yet)
    assertEquals(
        "Sonnet 4.5 | session $0.00 | today $0.00 | no active block | cache -, no calls yet",
        line("2026-03-04T09:00:00Z", input("5e55105e-0000-4000-8000-00000000ffff")));
  }

  @Test
  void unknownProvider() throws IOException {
    CliHarness.write(home.resolve(".testagent/a.jsonl"),
        "{\"s\":\"t-1\",\"t\":\"2026-03-03T00:40:00Z\",\"p\":\"prov\",\"m\":\"m1\",\"in\":10,\"cr\":5,\"w5\":5,"
            + "\"w1\":0,\"out\":1}");
    Map<String, String> vars = Map.of("HOME", home.toString());
    Environment env = Environment.of(vars, Clock.fixed(Instant.parse("2026-03-03T00:47:00Z"), ZoneOffset.UTC));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = new Main(b -> b.parallelism(1).noIndex().source(new TestSource("testagent")).price(CliHarness.M1))
        .stdin(InputStream.nullInputStream())
        .execute(new String[] {"statusline", "--source", "testagent", "--session", "t-1", "--no-color",
            "--timezone", "UTC", "--timeout", "60000"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err, env);
    assertEquals(0, status);
    assertEquals("m1 | session $0.00 | today $0.00 | block 4h 13m left | cache ?\n",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void codexRateLimits() throws IOException {
    CliHarness.write(home.resolve(".codex/sessions/2026/03/03/rollout-2026-03-03T00-30-00-" + CODEX + ".jsonl"),
        "{\"timestamp\":\"2026-03-03T00:30:00.000Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"" + CODEX
            + "\",\"timestamp\":\"2026-03-03T00:30:00.000Z\",\"cwd\":\"/home/me/app\",\"originator\":\"codex_cli_rs\","
            + "\"cli_version\":\"0.46.0\",\"source\":\"cli\",\"model_provider\":\"openai\"}}",
        "{\"timestamp\":\"2026-03-03T00:30:00.500Z\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"/home/me/app\","
            + "\"model\":\"gpt-5-codex\"}}",
        "{\"timestamp\":\"2026-03-03T00:31:00.000Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
            + "\"info\":{\"total_token_usage\":{\"input_tokens\":1000,\"cached_input_tokens\":0,\"output_tokens\":100,"
            + "\"reasoning_output_tokens\":0,\"total_tokens\":1100},\"last_token_usage\":{\"input_tokens\":1000,"
            + "\"cached_input_tokens\":0,\"output_tokens\":100,\"reasoning_output_tokens\":0,\"total_tokens\":1100}},"
            + "\"rate_limits\":{\"primary\":{\"used_percent\":42.0,\"window_minutes\":300,\"resets_at\":"
            + Instant.parse("2026-03-03T02:00:00Z").getEpochSecond() + "},\"secondary\":{\"used_percent\":7.5,"
            + "\"window_minutes\":10080,\"resets_at\":" + Instant.parse("2026-03-08T00:00:00Z").getEpochSecond()
            + "}}}}");
    String l = line("2026-03-03T00:47:00Z", "", "--source", "codex", "--session", "019fc710");
    assertEquals(
        "gpt-5-codex | session $0.00 | today $0.00 | 5h 42% used, resets in 1h 13m, 7d 8% used, resets in 4d 23h"
            + " | cache cold, nothing cached",
        l);
  }

  @Test
  void badInputPrintsAFallbackAndExitsZero() {
    for (String bad : new String[] {"", "not json", "[1,2]", "{\"session_id\":", "{} {}"}) {
      Run r = run("2026-03-03T00:47:00Z", bad, Map.of(), "--no-color");
      assertEquals(0, r.status(), bad);
      assertTrue(r.out().startsWith("cream: statusline input"), bad + " -> " + r.out());
      assertEquals("", r.err());
    }
  }

  @Test
  void hostileModelNameIsMadeSafe() {
    String in = input(SESSION).replace("Sonnet 4.5", "Son\\u001b]52;c;AAAA\\u0007net");
    assertTrue(line("2026-03-03T00:47:00Z", in).startsWith("Son\\e]52;c;AAAA\\x07net | "));
  }

  @Test
  void badOptionPrintsAFallbackAndExitsZero() {
    Run r = run("2026-03-03T00:47:00Z", input(SESSION), Map.of(), "--no-such-option");
    assertEquals(0, r.status());
    assertEquals("cream: bad statusline option (cream statusline --help)\n", r.out().replaceAll("\u001b\\[\\d+m", ""));
  }

  @Test
  void theCommandLineReadWithoutPicocliMeansWhatPicocliReadsAndAnythingElseGoesToPicocli() {
    CreamCommand root = new CreamCommand(new Main(b -> {}), System.out, System.err, Environment.system());
    StatuslineCommand c = StatuslineCommand.direct(new String[] {"statusline", "--source", "codex", "--session=ab",
        "--project", "/tmp/p", "--timezone=UTC", "--now", "2026-03-03T00:47:00Z", "--no-color", "--timeout=250"}, root);
    assertEquals("codex", c.source);
    assertEquals("ab", c.session);
    assertEquals(Path.of("/tmp/p"), c.project);
    assertEquals("UTC", c.timezone);
    assertEquals(Instant.parse("2026-03-03T00:47:00Z"), c.now);
    assertTrue(c.noColor);
    assertEquals(250, c.timeoutMillis);
    assertEquals("claude", StatuslineCommand.direct(new String[] {"statusline"}, root).source);
    for (String[] other : new String[][] {{"statusline", "--help"}, {"statusline", "-h"}, {"statusline", "--no-color",
        "--no-color"}, {"statusline", "--source", "a", "--source", "b"}, {"statusline", "--timeout", "010"},
        {"statusline", "--timeout=0x10"}, {"statusline", "--now", "yesterday"}, {"statusline", "--no-color=yes"},
        {"statusline", "--session"}, {"statusline", "--timezone", "-05:00"}, {"statusline", "extra"},
        {"statusline", "--", "x"}, {"daily", "--json"}, {"--no-index", "statusline"}}) {
      assertEquals(null, StatuslineCommand.direct(other, root), String.join(" ", other));
    }
    // and picocli's answer to those is the one it always gave
    Run r = run("2026-03-03T00:47:00Z", input(SESSION), Map.of(), "--timeout", "x");
    assertEquals("cream: bad statusline option (cream statusline --help)\n", r.out().replaceAll("\u001b\\[\\d+m", ""));
    Run help = run("2026-03-03T00:47:00Z", "", Map.of(), "--help");
    assertEquals(0, help.status());
    assertTrue(help.out().contains("--timeout"), help.out());
  }

  @Test
  void amountsAreGroupedAsTheFormatterGroupsThem() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 2_000; i++) {
      long n = switch (i % 4) {
        case 0 -> random.nextInt(2_000);
        case 1 -> random.nextLong();
        case 2 -> -random.nextInt(5_000_000);
        default -> random.nextLong() >> random.nextInt(63);
      };
      for (int scale = 0; scale <= 3; scale++) {
        java.math.BigDecimal v = java.math.BigDecimal.valueOf(n, scale);
        assertEquals(String.format(java.util.Locale.ROOT, "%,." + scale + "f", v), Tables.grouped(v), v.toString());
      }
      assertEquals(String.format(java.util.Locale.ROOT, "%,d", n), Tables.tokens(n));
    }
    assertEquals("0.00", Tables.grouped(new java.math.BigDecimal("-0.00")));
  }

  @Test
  void givesUpAfterTheTimeoutWithWhatItHas() {
    InputStream never = new InputStream() {
      @Override
      public int read() {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
    };
    Run r = run("2026-03-03T00:47:00Z", never, Map.of(), "--no-color", "--timeout", "200");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("cream: no answer within 200ms"), r.out());
  }
}
