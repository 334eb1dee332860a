package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.examples.dashboard.DashboardCommand;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The picocli command line of {@code cream}: how it is set up, and its errors as one line each. */
final class CommandLines {

  private CommandLines() {}

  /**
   * Reads a command line with picocli and runs its command: help, version, errors and every command line the plain
   * path ({@link PlainCommandLine}) leaves.
   *
   * @param main the CLI
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @param env the environment
   * @return the exit status
   */
  static int run(Main main, String[] args, PrintStream out, PrintStream err, Environment env) {
    CommandLine.ParseResult parsed;
    try {
      parsed = parse(main, args, out, err, env);
    } catch (UsageException e) {
      err.println("cream: " + TerminalText.safe(e.getMessage()));
      return 2;
    } catch (ParameterException e) {
      if (e.getCommandLine().getCommand() instanceof StatuslineCommand s) {
        return s.badOption(); // the agent's status bar shows the problem; the agent is never failed
      }
      err.println("cream: " + TerminalText.safe(message(e)));
      return 2;
    }
    return main.call(() -> {
      if (CommandLine.printHelpIfRequested(parsed)) {
        parsed.commandSpec().commandLine().getOut().flush();
        out.flush();
        return 0;
      }
      CommandLine.ParseResult last = parsed;
      while (last.hasSubcommand()) {
        last = last.subcommand();
      }
      Object command = last.commandSpec().userObject();
      if (command instanceof Callable<?> c) {
        return c.call();
      }
      if (command instanceof Runnable r) {
        r.run();
        return 0;
      }
      throw new IllegalStateException("not a command: " + command.getClass().getName());
    }, err);
  }

  /**
   * Reads a command line with picocli, building only the subcommand it runs when that can be told
   * ({@link #selected}), else every one (so that a message names them all).
   *
   * @param main the CLI
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @param env the environment
   * @return the parse result
   * @throws UsageException for a value given to a flag
   * @throws ParameterException for any other bad command line
   */
  static CommandLine.ParseResult parse(Main main, String[] args, PrintStream out, PrintStream err, Environment env)
      throws UsageException {
    String only = selected(args);
    CommandLine cl = commandLine(main, only, out, err, env);
    try {
      checkFlags(cl, args);
      return cl.parseArgs(args);
    } catch (UsageException | ParameterException e) {
      if (only == null) {
        throw e;
      }
      cl = commandLine(main, null, out, err, env); // the message names every command
      checkFlags(cl, args);
      return cl.parseArgs(args);
    }
  }

  /** The command line with one subcommand ({@link #selected}) or all of them (null). */
  private static CommandLine commandLine(Main main, String only, PrintStream out, PrintStream err, Environment env) {
    CreamCommand root = new CreamCommand(main, out, err, env);
    Terminal terminal = main.terminal();
    CommandLine cl = of(root, terminal.colour(), factory(env, main.customizer(), out, err), only);
    cl.setUsageHelpWidth(Math.min(terminal.width(), 100));
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    return cl;
  }

  /**
   * The command line of a root command, every command carrying the version.
   *
   * @param root the root command
   * @param colour whether help may use colours
   * @param factory makes the subcommands ({@link #factory})
   * @return the command line
   */
  static CommandLine of(Object root, boolean colour, CommandLine.IFactory factory) {
    return of(root, colour, factory, null);
  }

  /**
   * The command line of a root command with some of its subcommands.
   *
   * @param root the root command
   * @param colour whether help may use colours
   * @param factory makes the subcommands ({@link #factory})
   * @param only the one subcommand to build, "" for none, null for all
   * @return the command line
   */
  static CommandLine of(Object root, boolean colour, CommandLine.IFactory factory, String only) {
    CommandLine cl = new CommandLine(root, factory);
    if (root instanceof CreamCommand) {
      for (Class<?> type : CreamCommand.subcommands()) {
        String name = type.getAnnotation(CommandLine.Command.class).name();
        if (only == null || only.equals(name)) {
          try {
            cl.addSubcommand(name, new CommandLine(factory.create(type), factory));
          } catch (Exception e) {
            throw new IllegalStateException("the command " + name + " could not be made", e);
          }
        }
      }
    }
    cl.setOverwrittenOptionsAllowed(true);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(colour ? CommandLine.Help.Ansi.ON
        : CommandLine.Help.Ansi.OFF));
    cl.setUsageHelpAutoWidth(false);
    cl.setUsageHelpWidth(100);
    version(cl, "cream " + Main.version());
    return cl;
  }

  /**
   * Makes the subcommands that need the run's environment, engine settings or streams ({@code dashboard},
   * {@code prices import}); every other one as picocli does.
   *
   * @param env the environment to read
   * @param customizer applied to every engine's builder last
   * @param out standard output
   * @param err standard error
   * @return the factory
   */
  static CommandLine.IFactory factory(
      Environment env, Consumer<Cream.Builder> customizer, PrintStream out, PrintStream err) {
    CommandLine.IFactory fallback = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == DashboardCommand.class) {
          return type.cast(new DashboardCommand(env, customizer, out, err));
        }
        K made = fallback.create(type);
        if (made instanceof PricesImportCommand p) {
          p.environment = env;
        }
        return made;
      }
    };
  }

  /** The names of the root's subcommands. */
  private static final java.util.Set<String> NAMES = names();

  private static java.util.Set<String> names() {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Class<?> type : CreamCommand.subcommands()) {
      names.add(type.getAnnotation(CommandLine.Command.class).name());
    }
    return names;
  }

  /**
   * The one subcommand a command line runs, when it can be told without building the others: the first argument
   * that names a subcommand ({@code ""} when none does and no help is asked for: the root's own report). Null when
   * every subcommand is needed: help of the root, the {@code help} command, or an argument that names none.
   *
   * @param args the arguments
   * @return the subcommand's name, "", or null
   */
  static String selected(String[] args) {
    boolean help = false;
    boolean other = false;
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.startsWith("-")) {
        help |= arg.equals("-h") || arg.equals("--help") || arg.equals("-?");
        continue;
      }
      if (NAMES.contains(arg)) {
        return arg.equals("help") ? null : arg;
      }
      other = true; // an option's value, or a mistyped command
    }
    return help || other ? null : "";
  }

  private static void version(CommandLine cl, String version) {
    cl.getCommandSpec().version(version);
    for (CommandLine sub : cl.getSubcommands().values()) {
      version(sub, version);
    }
  }

  /**
   * Refuses a value given to a flag ({@code --json=yes}): picocli would read it as a boolean.
   *
   * @param cl the command line
   * @param args the arguments
   * @throws UsageException for the first flag with a value
   */
  static void checkFlags(CommandLine cl, String[] args) throws UsageException {
    for (String arg : args) {
      if (arg.equals("--")) {
        return;
      }
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 2) {
        OptionSpec o = find(cl, arg.substring(0, eq));
        if (o != null && o.arity().max() == 0) {
          throw new UsageException(arg.substring(0, eq) + " takes no value");
        }
      }
    }
  }

  private static OptionSpec find(CommandLine cl, String name) {
    OptionSpec o = cl.getCommandSpec().findOption(name);
    if (o != null) {
      return o;
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      o = find(sub, name);
      if (o != null) {
        return o;
      }
    }
    return null;
  }

  /**
   * A parse error as one line, without the {@code cream: } prefix.
   *
   * @param e the error
   * @return the line
   */
  static String message(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      CommandLine at = u.getCommandLine();
      if (arg.startsWith("-") && arg.length() > 1) {
        int eq = arg.indexOf('=');
        String name = arg.startsWith("--") && eq > 2 ? arg.substring(0, eq) : arg;
        List<String> options = new ArrayList<>();
        at.getCommandSpec().options().forEach(o -> options.add(o.longestName()));
        return "unknown option '" + name + "'" + hint(name.startsWith("--") ? Suggestions.closest(name, options)
            : List.of());
      }
      if (at.getParent() == null && at.getCommandSpec().positionalParameters().isEmpty()) {
        List<String> commands = List.of(commands(at.getCommandSpec()).split(", "));
        return "unknown command '" + arg + "' (commands: " + String.join(", ", commands) + ")"
            + hint(Suggestions.closest(arg, commands));
      }
      return "unexpected argument '" + arg + "'";
    }
    if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
      ArgSpec a = m.getMissing().get(0);
      if (a instanceof OptionSpec o) {
        return o.longestName() + ": missing value";
      }
    }
    return TerminalText.line(e.getMessage());
  }

  private static String hint(List<String> suggestions) {
    return suggestions.isEmpty() ? "" : "; did you mean " + quoted(suggestions) + "?";
  }

  private static String quoted(List<String> suggestions) {
    List<String> out = new ArrayList<>();
    for (String s : suggestions) {
      if (out.size() == 3) {
        break;
      }
      out.add("'" + s + "'");
    }
    return String.join(" or ", out);
  }

  /** The commands, in order, without {@code help}. */
  static String commands(CommandSpec root) {
    List<String> names = new ArrayList<>();
    root.subcommands().forEach((name, sub) -> {
      if (!name.equals("help") && sub.getCommandSpec().name().equals(name)) {
        names.add(name.toLowerCase(Locale.ROOT));
      }
    });
    return String.join(", ", names);
  }
}
