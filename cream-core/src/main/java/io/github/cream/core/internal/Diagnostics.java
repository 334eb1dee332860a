package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Collects diagnostics, folding repeats: one diagnostic per (severity, code, source, file, message) with the
 * location of its first occurrence and a count. Not thread-safe; one collector per file or per phase.
 */
public final class Diagnostics {

  private record Key(Severity severity, String code, Optional<String> source, Optional<Path> file, String message) {}

  private final Map<Key, Diagnostic> folded = new LinkedHashMap<>();

  /**
   * Adds a diagnostic, folding it into an earlier one of the same kind.
   *
   * @param d the diagnostic
   */
  public void add(Diagnostic d) {
    Objects.requireNonNull(d, "d");
    Key k = new Key(d.severity(), d.code(), d.sourceId(), d.file(), d.message());
    folded.merge(k, d, (a, b) -> a.withCount(TokensMath.add(a.count(), b.count())));
  }

  /**
   * Adds many diagnostics.
   *
   * @param ds the diagnostics
   */
  public void addAll(Collection<Diagnostic> ds) {
    ds.forEach(this::add);
  }

  /**
   * Adds what another collector folded, in the order it met them (as if they had been added here).
   *
   * @param other the other collector
   */
  public void addAll(Diagnostics other) {
    other.folded.values().forEach(this::add);
  }

  /**
   * Whether nothing was collected.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return folded.isEmpty();
  }

  /**
   * The folded diagnostics, most severe first, then by code and file.
   *
   * @return the diagnostics
   */
  public List<Diagnostic> toList() {
    List<Diagnostic> out = new ArrayList<>(folded.values());
    out.sort(ORDER);
    return List.copyOf(out);
  }

  /** Most severe first, then by code, source, file and line. */
  public static final Comparator<Diagnostic> ORDER = (a, b) -> {
    // written out, not chained from Comparator's factories: those make classes at run time in a fresh JVM
    int c = b.severity().compareTo(a.severity());
    if (c == 0) {
      c = a.code().compareTo(b.code());
    }
    if (c == 0) {
      c = a.sourceId().orElse("").compareTo(b.sourceId().orElse(""));
    }
    if (c == 0) {
      c = a.file().map(Path::toString).orElse("").compareTo(b.file().map(Path::toString).orElse(""));
    }
    return c != 0 ? c : Long.compare(a.line().orElse(0), b.line().orElse(0));
  };
}
