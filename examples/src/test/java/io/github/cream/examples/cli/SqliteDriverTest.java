package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The CLI carries a SQLite driver (its runtime class path is what the build puts in cream.jar). */
class SqliteDriverTest {

  @Test
  void aSqliteDriverIsOnTheClassPathSoAnOpenClawStoreReadsOutOfTheBox() throws SQLException {
    assertTrue(DriverManager.getDriver("jdbc:sqlite:").acceptsURL("jdbc:sqlite:/tmp/x.sqlite"));
  }
}
