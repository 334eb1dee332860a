package io.github.cream.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kit itself: a careful source passes it, and each kind of broken source fails the test meant to catch it.
 * The sources read a toy format, {@code {"t":"<instant>","session":"s1","model":"m1","in":12,"out":3}} per line.
 */
class KitSelfTest {

  /** Runs one inherited test the way JUnit would: set up, test, tear down. */
  private static void run(SourceContractTest contract, ThrowingRunnable test) throws Exception {
    contract.createTemporaryDirectory();
    try {
      test.run();
    } finally {
      contract.deleteTemporaryDirectory();
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void aCarefulSourcePassesEveryTestButRegistration() throws Exception {
    Contract c = new Contract(Careful::new);
    run(c, c::idIsAStableLowercaseId);
    run(c, c::displayNameIsNotBlank);
    run(c, c::constructorIsPublicNoArgumentAndCheap);
    run(c, c::describesItsCapabilities);
    run(c, c::defaultRootsFollowHome);
    run(c, c::defaultRootsHonourTheAgentsVariables);
    run(c, c::discoverListsEverySample);
    run(c, c::samplesProduceRecords);
    run(c, c::parsingIsDeterministic);
    run(c, c::parsesOnlyTheLineItIsGiven);
    run(c, c::wantsNeverChangesTheState);
    run(c, c::resumableAtEveryLineBoundary);
    run(c, c::resumableAfterAnySingleLine);
    run(c, c::foreignResumeStatesAreRejectedCleanly);
    run(c, c::neverThrowsOnRandomBytes);
    run(c, c::neverThrowsOnTruncatedLines);
    run(c, c::neverThrowsOnWrongJsonTypes);
    run(c, c::neverThrowsOnDeepNesting);
    run(c, c::neverThrowsOnHugeNumbers);
    run(c, c::neverThrowsOnHostileStrings);
    run(c, c::invalidLinesNeverCostARecord);
    run(c, c::diagnosticsNeverQuoteContent);
    // these test classes carry no services file and no module-info
    assertThrows(AssertionError.class, () -> run(c, c::registeredInTheServicesFile));
    assertThrows(AssertionError.class, () -> run(c, c::registeredInTheModuleDescriptor));
  }

  @Test
  void aParserThatThrowsOnHugeNumbersIsCaught() {
    Contract c = new Contract(ParsesLongs::new);
    AssertionError e = assertThrows(AssertionError.class, () -> run(c, c::neverThrowsOnHugeNumbers));
    assertTrue(e.getMessage().contains("NumberFormatException"), e.getMessage());
  }

  @Test
  void aParserThatThrowsOnBadTimestampsIsCaught() {
    Contract c = new Contract(ParsesTimes::new);
    assertThrows(AssertionError.class, () -> run(c, c::neverThrowsOnHostileStrings));
  }

  @Test
  void aDiagnosticQuotingTheLineIsCaught() {
    Contract c = new Contract(Quotes::new);
    AssertionError e = assertThrows(AssertionError.class, () -> run(c, c::diagnosticsNeverQuoteContent));
    assertTrue(e.getMessage().contains("quotes the log"), e.getMessage());
  }

  @Test
  void stateOutsideTheSnapshotIsCaught() {
    Contract c = new Contract(Forgets::new);
    assertThrows(AssertionError.class, () -> run(c, c::resumableAtEveryLineBoundary));
    assertThrows(AssertionError.class, () -> run(c, c::resumableAfterAnySingleLine));
  }

  @Test
  void rootsFromUserHomeAreCaught() {
    Contract c = new Contract(UserHome::new);
    assertThrows(AssertionError.class, () -> run(c, c::defaultRootsFollowHome));
    assertThrows(AssertionError.class, () -> run(c, c::defaultRootsHonourTheAgentsVariables));
  }

  @Test
  void problemCodesWithoutTheIdAreCaught() {
    Contract c = new Contract(Unprefixed::new);
    AssertionError e = assertThrows(AssertionError.class, () -> run(c, c::neverThrowsOnRandomBytes));
    assertTrue(e.getMessage().contains("prefixed with 'acme.'"), e.getMessage());
  }

  @Test
  void aForeignStateThatIsNotRefusedCleanlyIsCaught() {
    Contract c = new Contract(BadStates::new);
    assertThrows(AssertionError.class, () -> run(c, c::foreignResumeStatesAreRejectedCleanly));
  }

  @Test
  void aParserReadingOutsideItsLineIsCaught() {
    Contract c = new Contract(WholeBuffer::new);
    assertThrows(AssertionError.class, () -> run(c, c::parsesOnlyTheLineItIsGiven));
  }

  // ---- the contract over the toy sources

  private static final class Contract extends SourceContractTest {
    private final java.util.function.Supplier<Source> factory;

    Contract(java.util.function.Supplier<Source> factory) {
      this.factory = factory;
    }

    @Override
    protected Source createSource() {
      return factory.get();
    }

    @Override
    protected List<SampleFile> sampleFiles() {
      Path root = SampleFile.resourceDirectory(KitSelfTest.class, "/acme/sessions");
      return List.of(SampleFile.of(root, "a.jsonl"), SampleFile.of(root, "b.jsonl"), SampleFile.of(root, "c-crlf.jsonl"));
    }

    @Override
    protected Set<String> rootVariables() {
      return Set.of("ACME_HOME");
    }
  }

  // ---- the toy sources

  /** Reads the toy format carefully: bounded numbers, caught time errors, fixed messages, no state. */
  public static class Careful implements Source {
    static final Pattern T = Pattern.compile("\"t\":\"([^\"]{1,40})\"");
    static final Pattern SESSION = Pattern.compile("\"session\":\"([a-z0-9]{1,20})\"");
    static final Pattern MODEL = Pattern.compile("\"model\":\"([a-z0-9.-]{1,40})\"");
    static final Pattern IN = Pattern.compile("\"in\":(\\d{1,12})[,}]");
    static final Pattern OUT = Pattern.compile("\"out\":(\\d{1,12})[,}]");

    /** Creates the source. */
    public Careful() {}

    @Override
    public String id() {
      return "acme";
    }

    @Override
    public String displayName() {
      return "Acme Agent";
    }

    @Override
    public List<Path> defaultRoots(Environment environment) {
      return List.of(environment.get("ACME_HOME").map(environment::expand)
          .orElse(environment.home().resolve(".acme")).resolve("sessions"));
    }

    @Override
    public LineParser openParser(FileContext file, ResumeState resume) {
      return new LineParser() {
        @Override
        public void accept(LineView line, ParseSink sink) {
          parse(text(line), line, sink);
        }

        @Override
        public ResumeState snapshot() {
          return ResumeState.initial();
        }
      };
    }

    String text(LineView line) {
      return new String(line.buffer(), line.start(), line.length(), StandardCharsets.UTF_8);
    }

    void parse(String s, LineView line, ParseSink sink) {
      Matcher t = T.matcher(s);
      Matcher session = SESSION.matcher(s);
      Matcher model = MODEL.matcher(s);
      Matcher in = IN.matcher(s);
      Matcher out = OUT.matcher(s);
      if (!t.find() || !session.find() || !model.find() || !in.find() || !out.find()) {
        skipped(s, sink);
        return;
      }
      Instant when = time(t.group(1), sink);
      if (when == null) {
        return;
      }
      sink.record(UsageRecord.builder()
          .source(id()).provider("acme").model(model.group(1)).sessionId(session.group(1)).timestamp(when)
          .tokens(TokenCounts.of(count(in.group(1)), 0, 0, 0, count(out.group(1))))
          .origin(line.origin())
          .build());
    }

    Instant time(String s, ParseSink sink) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        sink.problem(Severity.WARNING, "acme.time.invalid", "a line has an invalid time");
        return null;
      }
    }

    long count(String digits) {
      return Long.parseLong(digits);
    }

    void skipped(String s, ParseSink sink) {
      sink.problem(Severity.INFO, "acme.line.skipped", "a line without usage was skipped");
    }
  }

  /** Parses counts of any length. */
  public static final class ParsesLongs extends Careful {
    private static final Pattern IN = Pattern.compile("\"in\":([0-9.eE+-]+)");

    /** Creates the source. */
    public ParsesLongs() {}

    @Override
    void parse(String s, LineView line, ParseSink sink) {
      Matcher in = IN.matcher(s);
      if (in.find()) {
        count(in.group(1));
      }
      super.parse(s, line, sink);
    }
  }

  /** Lets a bad time escape. */
  public static final class ParsesTimes extends Careful {
    /** Creates the source. */
    public ParsesTimes() {}

    @Override
    Instant time(String s, ParseSink sink) {
      return Instant.parse(s);
    }
  }

  /** Quotes what it skips. */
  public static final class Quotes extends Careful {
    /** Creates the source. */
    public Quotes() {}

    @Override
    void skipped(String s, ParseSink sink) {
      sink.problem(Severity.INFO, "acme.line.skipped", "skipped: " + s);
    }
  }

  /** Numbers its records by a count it never saves. */
  public static final class Forgets extends Careful {
    /** Creates the source. */
    public Forgets() {}

    @Override
    public LineParser openParser(FileContext file, ResumeState resume) {
      return new LineParser() {
        private int seen;

        @Override
        public void accept(LineView line, ParseSink sink) {
          seen++;
          parse(text(line).replace("\"model\":\"m", "\"model\":\"m" + seen + "-"), line, sink);
        }

        @Override
        public ResumeState snapshot() {
          return ResumeState.initial();
        }
      };
    }
  }

  /** Looks in {@code user.home}. */
  public static final class UserHome extends Careful {
    /** Creates the source. */
    public UserHome() {}

    @Override
    public List<Path> defaultRoots(Environment environment) {
      return List.of(Path.of(System.getProperty("user.home"), ".acme", "sessions"));
    }
  }

  /** Reports problems under codes of no source. */
  public static final class Unprefixed extends Careful {
    /** Creates the source. */
    public Unprefixed() {}

    @Override
    void skipped(String s, ParseSink sink) {
      sink.problem(Severity.INFO, "line.skipped", "a line without usage was skipped");
    }
  }

  /** Trips over states it did not write. */
  public static final class BadStates extends Careful {
    /** Creates the source. */
    public BadStates() {}

    @Override
    public LineParser openParser(FileContext file, ResumeState resume) {
      if (!resume.isInitial()) {
        throw new IllegalStateException("unexpected state");
      }
      return super.openParser(file, resume);
    }
  }

  /** Parses from the start of the buffer instead of the start of its line. */
  public static final class WholeBuffer extends Careful {
    /** Creates the source. */
    public WholeBuffer() {}

    @Override
    String text(LineView line) {
      return new String(line.buffer(), 0, line.length(), StandardCharsets.UTF_8);
    }
  }
}
