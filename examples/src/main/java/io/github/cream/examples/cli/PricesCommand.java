package io.github.cream.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cream prices}: the price table's commands. */
@Command(
    name = "prices",
    description = "Work with the price table (bundled prices and your override file).",
    subcommands = {PricesImportCommand.class},
    mixinStandardHelpOptions = true)
public final class PricesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
