package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.examples.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dashboard} and {@code prices} are subcommands of the picocli root like the reports: they have help of
 * their own and through {@code cream help}, a mistyped name is suggested, their options are checked as the others'
 * (exit 2, one line), and the generated completion scripts and man page name them.
 */
class SubcommandsTest {

  @TempDir Path home;

  private CliHarness cli() {
    return new CliHarness(home).with(CliHarness.testEngine());
  }

  @Test
  void helpOfTheirOwnAndThroughHelp() {
    for (List<String> args : List.of(List.of("dashboard", "--help"), List.of("help", "dashboard"),
        List.of("dashboard", "-h"))) {
      Result r = cli().run(args.toArray(String[]::new));
      assertEquals(0, r.status(), r.err());
      assertTrue(r.out().startsWith("Usage: cream dashboard "), r.out());
      assertTrue(r.out().contains("--port=PORT") && r.out().contains("--open"), r.out());
    }
    for (List<String> args : List.of(List.of("prices", "--help"), List.of("help", "prices"))) {
      Result r = cli().run(args.toArray(String[]::new));
      assertEquals(0, r.status(), r.err());
      assertTrue(r.out().startsWith("Usage: cream prices "), r.out());
      assertTrue(r.out().contains("import"), r.out());
    }
    Result imp = cli().run("prices", "import", "--help");
    assertEquals(0, imp.status(), imp.err());
    assertTrue(imp.out().startsWith("Usage: cream prices import "), imp.out());
    Result root = cli().run("--help");
    assertTrue(root.out().contains("\n  dashboard ") && root.out().contains("\n  prices "), root.out());
  }

  @Test
  void typosAreSuggested() {
    Result r = cli().run("dashbord");
    assertEquals(2, r.status());
    assertEquals(List.of("cream: unknown command 'dashbord' (commands: daily, weekly, monthly, session, blocks, cache,"
        + " sources, statusline, dashboard, prices, enrich); did you mean 'dashboard'?"), r.errLines());
    assertTrue(cli().run("price").err().contains("did you mean 'prices'?"));
  }

  @Test
  void theirOptionsAreCheckedLikeEveryOther() {
    Result port = cli().run("dashboard", "--port", "70000");
    assertEquals(2, port.status());
    assertEquals(List.of("cream: --port: must be between 0 and 65535"), port.errLines());
    assertEquals("", port.out());
    Result unknown = cli().run("dashboard", "--frobnicate");
    assertEquals(2, unknown.status());
    assertEquals(List.of("cream: unknown option '--frobnicate'"), unknown.errLines());
    Result flag = cli().run("dashboard", "--open=yes");
    assertEquals(List.of("cream: --open takes no value"), flag.errLines());
    Result missing = cli().run("prices", "import");
    assertEquals(2, missing.status());
    assertEquals(1, missing.errLines().size(), missing.err());
    Result bare = cli().run("prices");
    assertEquals(2, bare.status());
    assertTrue(bare.err().startsWith("Usage: cream prices "), bare.err());
  }

  @Test
  void completionScriptsAndTheManPageNameThem() throws IOException {
    ShellFiles.main(new String[] {home.toString()});
    String bash = Files.readString(home.resolve("cream.bash"), StandardCharsets.UTF_8);
    String zsh = Files.readString(home.resolve("cream.zsh"), StandardCharsets.UTF_8);
    String man = Files.readString(home.resolve("cream.1"), StandardCharsets.UTF_8);
    for (String word : List.of("dashboard", "prices", "import", "--port", "--only-known", "statusline", "daily")) {
      assertTrue(bash.contains(word), word);
      assertTrue(zsh.contains(word), word);
    }
    assertTrue(man.contains(".B dashboard\n") && man.contains(".B prices\n"), man);
  }
}
