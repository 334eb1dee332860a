package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The files the build writes beside the launcher from the command line's own model, so they never drift from it:
 * {@code cream.bash} (bash completion), {@code cream.zsh} (zsh completion, the same script through zsh's
 * {@code bashcompinit}) and {@code cream.1} (the man page, troff). Run by the build:
 * {@code java ShellFiles <directory>}.
 */
final class ShellFiles {

  private ShellFiles() {}

  /**
   * Writes the completion scripts and the man page.
   *
   * @param args the target directory
   * @throws IOException if a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Files.createDirectories(dir);
    CommandLine cl = CommandLines.of(new CreamCommand(null, null, null, null), false,
        CommandLines.factory(Environment.system(), b -> { }, System.out, System.err));
    String bash = AutoComplete.bash("cream", cl);
    Files.writeString(dir.resolve("cream.bash"), bash, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("cream.zsh"), "#compdef cream\n" + bash, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("cream.1"), manPage(cl), StandardCharsets.UTF_8);
  }

  /**
   * The man page of a command line and its subcommands, in troff (man macros).
   *
   * @param cl the command line
   * @return the page
   */
  static String manPage(CommandLine cl) {
    CommandSpec root = cl.getCommandSpec();
    StringBuilder sb = new StringBuilder();
    sb.append(".TH CREAM 1 \"\" \"").append(escape(root.version()[0])).append("\" \"User Commands\"\n");
    sb.append(".SH NAME\ncream \\- usage and cost of AI coding agents, from their logs\n");
    sb.append(".SH SYNOPSIS\n.B cream\n[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]\n");
    sb.append(".SH DESCRIPTION\n");
    for (String line : root.usageMessage().description()) {
      if (!line.isBlank()) {
        sb.append(escape(line)).append('\n');
      }
    }
    sb.append(".SH COMMANDS\n");
    cl.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().name().equals(name)) {
        return;
      }
      CommandSpec s = sub.getCommandSpec();
      sb.append(".TP\n.B ").append(escape(name));
      for (PositionalParamSpec p : s.positionalParameters()) {
        sb.append(" [\\fI").append(escape(p.paramLabel())).append("\\fR]");
      }
      sb.append('\n');
      sb.append(escape(String.join(" ", s.usageMessage().description()))).append('\n');
      List<String> examples = List.of(s.usageMessage().footer());
      if (!examples.isEmpty()) {
        sb.append(".RS\n.nf\n");
        examples.forEach(e -> sb.append(escape(e.strip())).append('\n'));
        sb.append(".fi\n.RE\n");
      }
    });
    sb.append(".SH OPTIONS\nEvery option may be written before or after the command.\n");
    for (OptionSpec o : root.options()) {
      sb.append(".TP\n.B ").append(escape(String.join(", ", o.names())));
      if (o.arity().max() > 0) {
        sb.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      sb.append('\n').append(escape(String.join(" ", o.description()))).append('\n');
    }
    sb.append(".SH EXIT STATUS\n0 on success (even when lines or files were skipped), 1 when the command failed, 2"
        + " for a bad command line.\n");
    sb.append(".SH ENVIRONMENT\n.TP\n.B HOME, CLAUDE_CONFIG_DIR, CODEX_HOME, PI_CODING_AGENT_DIR,"
        + " OPENCLAW_STATE_DIR, XDG_CONFIG_HOME\nWhere the agents' logs are looked for.\n"
        + ".TP\n.B COLUMNS\nThe width of tables when standard output is not a terminal.\n"
        + ".TP\n.B NO_COLOR, FORCE_COLOR\nNo colours, or colours even when standard output is not a terminal.\n");
    return sb.toString();
  }

  private static String escape(String s) {
    String e = s.replace("\\", "\\e").replace("%n", " ").replace("-", "\\-");
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }
}
