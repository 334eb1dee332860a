package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code daily --by project}, and {@code --project} by name or path, on the demo history. */
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
