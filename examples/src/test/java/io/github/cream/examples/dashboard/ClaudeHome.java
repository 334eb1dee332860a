package io.github.cream.examples.dashboard;

import io.github.cream.api.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A home directory holding one Claude Code transcript whose title is chosen by the test (a hostile one, say), and
 * that calls can be appended to while a dashboard watches.
 */
final class ClaudeHome {

  /** A title that would run script if the page ever put it in HTML. */
  static final String HOSTILE_TITLE =
      "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"><b>bold</b> & \u202eevil";

  static final String SESSION = "5a1c0de0-1111-4222-8333-444455556666";
  static final Instant NOW = Instant.parse("2026-03-02T13:00:00Z");

  private final Path home;
  private final Path transcript;
  private int calls;

  private ClaudeHome(Path home, Path transcript) {
    this.home = home;
    this.transcript = transcript;
  }

  /**
   * A home with a transcript of one call.
   *
   * @param dir an empty directory
   * @param title the session's title
   * @return the home
   * @throws IOException if it cannot be written
   */
  static ClaudeHome create(Path dir, String title) throws IOException {
    Path project = dir.resolve(".claude/projects/-home-me-app");
    Files.createDirectories(project);
    Path transcript = project.resolve(SESSION + ".jsonl");
    String summary = "{\"type\":\"summary\",\"summary\":" + json(title) + ",\"leafUuid\":\"u-1\"}\n";
    Files.writeString(transcript, summary, StandardCharsets.UTF_8);
    ClaudeHome h = new ClaudeHome(dir, transcript);
    h.appendCall();
    return h;
  }

  /** The environment of this home, with a clock fixed at {@link #NOW}. */
  Environment environment() {
    return Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /**
   * Appends one call of claude-sonnet-4-5: 1000 input, 100 output, 20 000 cache read tokens, a minute after the last.
   *
   * @throws IOException if it cannot be written
   */
  void appendCall() throws IOException {
    calls++;
    String ts = NOW.minusSeconds(3600 - 60L * calls).toString();
    String line = "{\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/home/me/app\","
        + "\"sessionId\":\"" + SESSION + "\",\"version\":\"2.1.39\",\"message\":{\"model\":\"claude-sonnet-4-5-20250929\","
        + "\"id\":\"msg_dash" + calls + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
        + "\"text\":" + json("answer " + calls + " <img src=y onerror=\"window.pwned=3\">") + "}],"
        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1000,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":20000,\"output_tokens\":100}},\"requestId\":\"req_dash" + calls + "\","
        + "\"type\":\"assistant\",\"uuid\":\"u-" + (calls + 1) + "\",\"timestamp\":\"" + ts + "\"}\n";
    Files.writeString(transcript, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
