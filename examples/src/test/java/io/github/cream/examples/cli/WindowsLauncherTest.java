package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cream.cmd}, the launcher for Windows the build puts beside {@code cream.jar}: checked as text here (no
 * Windows to run it on), with Windows line endings, the jar beside it and every argument passed on.
 */
class WindowsLauncherTest {

  @Test
  void theScriptRunsTheJarBesideItWithEveryArgument() throws IOException {
    String cmd = Files.readString(Path.of("src/main/launcher/cream.cmd"), StandardCharsets.UTF_8);
    assertTrue(cmd.lines().count() > 3 && cmd.replace("\r\n", "").indexOf('\n') < 0, "CRLF line endings");
    assertTrue(cmd.startsWith("@echo off\r\n"), cmd);
    assertTrue(cmd.contains("-jar \"%CREAM_DIR%cream.jar\" %*"), "the jar beside the script, every argument");
    assertTrue(cmd.contains("set \"CREAM_DIR=%~dp0\""), "the script's own folder");
    assertTrue(cmd.contains("%JAVA_HOME%\\bin\\java.exe") && cmd.contains("%CREAM_JAVA_OPTS%"), cmd);
    assertTrue(cmd.contains("exit /b %ERRORLEVEL%"), "the command's exit status");
  }
}
