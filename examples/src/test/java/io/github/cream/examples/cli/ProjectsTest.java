package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daily --by project} (table and {@code cream.projects/1} JSON), and {@code --project} by name or path, on the
 * demo history.
 */
class ProjectsTest {

  @TempDir Path home;

  @Test
  void perProjectReport() {
    CliHarness.Result r = new CliHarness(home).run("daily", "--demo", "--by", "project");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("""
        Usage per project (UTC)

        Project                         Sources       Sessions  Calls  Total tokens   Cost  Last active
        ------------------------------  ------------  --------  -----  ------------  -----  -----------
        /home/demo/projects/webshop     claude,codex         4     13       199,971  $0.43  2026-03-02
        /home/demo/projects/cream-site  claude,pi            2      6       105,719  $0.28  2026-03-02
        /home/demo/.openclaw/workspace  openclaw             1      3        44,434  $0.03  2026-03-01
        ------------------------------  ------------  --------  -----  ------------  -----  -----------
        Total                                                7     22       350,124  $0.74
        """), r.out());
  }

  @Test
  void perProjectJsonMatchesTheTableAndAddsThePeriods() throws IOException {
    CliHarness cli = new CliHarness(home);
    CliHarness.JsonDoc d = cli.run("daily", "--demo", "--by", "project", "--json").json();
    assertEquals("cream.projects/1", d.get("schema"));
    assertEquals("true", d.get("demo"));
    assertEquals("day", d.get("period"));
    assertEquals(3, d.count("projects"));
    assertEquals("/home/demo/projects/webshop", d.get("projects[0].project"));
    assertEquals("webshop", d.get("projects[0].name"));
    assertEquals("claude", d.get("projects[0].sources[0]"));
    assertEquals("codex", d.get("projects[0].sources[1]"));
    assertEquals("4", d.get("projects[0].sessions"));
    assertEquals("13", d.get("projects[0].calls"));
    assertEquals("199971", d.get("projects[0].totalTokens"));
    assertEquals("22", d.get("totals.calls"));
    assertEquals("350124", d.get("totals.totalTokens"));
    // each project's days add up to the project, and every project to the report's totals
    long calls = 0;
    for (int p = 0; p < d.count("projects"); p++) {
      long days = 0;
      for (int i = 0; i < d.count("projects[" + p + "].daily"); i++) {
        days += Long.parseLong(d.get("projects[" + p + "].daily[" + i + "].totalTokens"));
        assertTrue(d.get("projects[" + p + "].daily[" + i + "].date").matches("\\d{4}-\\d{2}-\\d{2}"));
      }
      assertEquals(Long.parseLong(d.get("projects[" + p + "].totalTokens")), days);
      calls += Long.parseLong(d.get("projects[" + p + "].calls"));
    }
    assertEquals(22, calls);
    CliHarness.JsonDoc report = cli.run("daily", "--demo", "--json").json();
    assertEquals(report.get("totals.costUsd"), d.get("totals.costUsd"));
    assertEquals(report.get("diagnostics.linesRead"), d.get("diagnostics.linesRead"));

    CliHarness.JsonDoc monthly = cli.run("monthly", "--demo", "--by", "project", "--json").json();
    assertEquals("month", monthly.get("period"));
    assertEquals("2026-02", monthly.get("projects[0].monthly[0].month"));
    assertFalse(monthly.has("projects[0].daily"));
    CliHarness.JsonDoc weekly = cli.run("weekly", "--demo", "--by", "project", "--json", "--start-of-week", "sunday")
        .json();
    assertEquals("2026-02-22", weekly.get("projects[0].weekly[0].week"), "weeks start on the day asked");
  }

  @Test
  void projectByNameOrPath() {
    CliHarness cli = new CliHarness(home);
    String firstProject = "/home/demo/projects/webshop";
    String name = "webshop";
    CliHarness.Result byName = cli.run("daily", "--demo", "--by", "project", "--project", name);
    assertEquals(0, byName.status(), byName.err());
    assertTrue(byName.out().contains(firstProject), byName.out());
    assertTrue(!byName.out().contains("cream-site"), byName.out());
    CliHarness.Result none = cli.run("daily", "--demo", "--project", "no-such-project");
    assertEquals(2, none.status());
    assertTrue(none.err().contains("Known projects ("), none.err());
    assertTrue(none.err().contains(name), none.err());
    CliHarness.Result path = cli.run("daily", "--demo", "--project", "/no/such/dir");
    assertEquals(0, path.status());
    assertTrue(path.err().contains("Known projects ("), path.err());
  }
}
