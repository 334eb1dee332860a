package io.github.cream.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pinned expectations of {@link HostileInputSuiteTest}, per agent and case. */
final class HostileExpectations {

  private HostileExpectations() {}

  /**
   * The diagnostics that name a file, per {@code agent/case}, as {@code code@file:line} with {@code xN} when folded
   * over N lines (the line is the first); {@code {1}} and {@code {2}} stand for the names of transcripts 1 and 2.
   * A case not listed gives none.
   */
  private static final Map<String, List<String>> LOCATED = Map.ofEntries(
      Map.entry("claude/binary", List.of("claude.line.malformed-json@{2}:110x5", "cream.line.binary@{2}:1x5")),
      Map.entry("claude/deep", List.of("claude.line.too-large@{1}:6")),
      Map.entry("claude/loops", List.of("cream.discovery.symlink-loop@loop:0")),
      Map.entry("claude/non-utf8", List.of("claude.line.malformed-json@{1}:5")),
      Map.entry("claude/numbers", List.of("claude.usage.invalid@{1}:4x7")),
      Map.entry("claude/permission",
          List.of("cream.discovery.permission-denied@locked:0", "cream.file.permission-denied@{2}:0")),
      Map.entry("claude/shrink", List.of("cream.file.shrank@{1}:24")),
      Map.entry("claude/timestamps", List.of("claude.timestamp.invalid@{1}:5x5", "claude.timestamp.missing@{1}:4")),
      Map.entry("claude/vanish", List.of("cream.file.vanished@{2}:0")),
      Map.entry("codex/binary", List.of("cream.line.binary@{2}:1x5")),
      Map.entry("codex/deep", List.of("codex.line.too-complex@{1}:7")),
      Map.entry("codex/loops", List.of("cream.discovery.symlink-loop@loop:0")),
      Map.entry("codex/non-utf8", List.of("codex.line.invalid-json@{1}:6")),
      Map.entry("codex/numbers", List.of("codex.usage.invalid@{1}:5x6")),
      Map.entry("codex/permission",
          List.of("cream.discovery.permission-denied@locked:0", "cream.file.permission-denied@{2}:0")),
      Map.entry("codex/shrink", List.of("cream.file.shrank@{1}:25")),
      Map.entry("codex/timestamps", List.of("codex.timestamp.approximate@{1}:5", "codex.timestamp.invalid@{1}:6x5")),
      Map.entry("codex/vanish", List.of("cream.file.vanished@{2}:0")),
      Map.entry("openclaw/binary", List.of("cream.line.binary@{2}:1x5")),
      Map.entry("openclaw/deep", List.of("openclaw.line.too-large@{1}:7")),
      Map.entry("openclaw/loops", List.of("cream.discovery.symlink-loop@loop:0")),
      Map.entry("openclaw/non-utf8", List.of("openclaw.line.malformed-json@{1}:6")),
      Map.entry("openclaw/numbers", List.of("openclaw.usage.invalid@{1}:5x7")),
      Map.entry("openclaw/permission",
          List.of("cream.discovery.permission-denied@locked:0", "cream.file.permission-denied@{2}:0")),
      Map.entry("openclaw/shrink", List.of("cream.file.shrank@{1}:25")),
      Map.entry("openclaw/timestamps", List.of("openclaw.timestamp.fallback@{1}:5x6")),
      Map.entry("openclaw/vanish", List.of("cream.file.vanished@{2}:0")),
      Map.entry("pi/binary", List.of("cream.line.binary@{2}:1x5")),
      Map.entry("pi/deep", List.of("pi.line.too-large@{1}:7")),
      Map.entry("pi/loops", List.of("cream.discovery.symlink-loop@loop:0")),
      Map.entry("pi/non-utf8", List.of("pi.line.malformed-json@{1}:6")),
      Map.entry("pi/numbers", List.of("pi.usage.invalid@{1}:5x7")),
      Map.entry("pi/permission",
          List.of("cream.discovery.permission-denied@locked:0", "cream.file.permission-denied@{2}:0")),
      Map.entry("pi/shrink", List.of("cream.file.shrank@{1}:25")),
      Map.entry("pi/timestamps", List.of("pi.timestamp.fallback@{1}:5x6")),
      Map.entry("pi/vanish", List.of("cream.file.vanished@{2}:0")));

  /**
   * Duplicate ids with different usage, where the answer is not simply "calls 1 to 3". Claude: the later line of a
   * message id wins (streamed lines grow), so call 2 counts with input 999 instead of 200. Pi and OpenClaw: an entry
   * is identified by its id, time and token counts together (a response id alone is not trusted), so different
   * usage is a different call.
   */
  private static final Map<String, long[]> TOTALS = Map.of(
      "claude/duplicates", new long[] {3, Agents.tokensOfGood(1, 2, 3) + 799},
      "pi/duplicates", new long[] {4, Agents.tokensOfGood(1, 2, 3) + 3019},
      "openclaw/duplicates", new long[] {4, Agents.tokensOfGood(1, 2, 3) + 3019});

  /**
   * Calls with a missing, invalid or far-off timestamp: Codex dates them by the line before and Pi by the session's
   * clock, with a diagnostic, and counts them; Claude Code refuses them (a call it cannot place in time).
   */
  private static final Set<String> ALL_ODD = Set.of("t1", "t2", "t3", "t4", "t5", "t6");

  private static final Map<Agents, Set<String>> ODD_TIMES_COUNTED =
      Map.of(Agents.CODEX, ALL_ODD, Agents.PI, ALL_ODD, Agents.OPENCLAW, ALL_ODD);

  static List<String> expected(Agents a, String name) {
    String one = a.file(Path.of("/"), 1).getFileName().toString();
    String two = a.file(Path.of("/"), 2).getFileName().toString();
    return LOCATED.getOrDefault(a.id + "/" + name, List.of()).stream()
        .map(s -> s.replace("{1}", one).replace("{2}", two))
        .sorted()
        .toList();
  }

  static long calls(Agents a, String name, long otherwise) {
    long[] t = TOTALS.get(a.id + "/" + name);
    return t == null ? otherwise : t[0];
  }

  static long tokens(Agents a, String name, long otherwise) {
    long[] t = TOTALS.get(a.id + "/" + name);
    return t == null ? otherwise : t[1];
  }

  static boolean countsOddTimestamp(Agents a, String id) {
    return ODD_TIMES_COUNTED.getOrDefault(a, Set.of()).contains(id);
  }

  /** With -Dhostile.probe=FILE, what each case gave is appended there (to review before pinning). */
  static void note(Agents a, String name, Scans.Outcome o) {
    String f = System.getProperty("hostile.probe");
    if (f == null) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(a.id).append('/').append(name).append(" calls=").append(o.calls()).append(" tokens=")
        .append(o.tokens()).append('\n');
    o.located().forEach(l -> sb.append("    \"").append(l).append("\",\n"));
    o.diagnostics().forEach(d -> sb.append("    # ").append(d).append('\n'));
    try {
      Files.writeString(Path.of(f), sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
