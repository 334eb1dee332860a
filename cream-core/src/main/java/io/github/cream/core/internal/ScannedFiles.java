package io.github.cream.core.internal;

import io.github.cream.api.SessionFacts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The files of a scan that exist, with what the scan index knows of each, and which sessions each names: what a read
 * of a session's messages starts from. Immutable; the session lookup is built on first use. Thread-safe.
 */
public final class ScannedFiles {

  /**
   * One existing file of a scan.
   *
   * @param source the source that read it
   * @param context the file and the root it was found under
   * @param entry what the scan read from it: where reading stopped, its records and facts
   */
  public record ScannedFile(Source source, FileContext context, IndexEntry entry) {

    /**
     * Validates the components.
     *
     * @param source source
     * @param context file and root
     * @param entry index entry
     */
    public ScannedFile {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(context, "context");
      Objects.requireNonNull(entry, "entry");
    }
  }

  private static final ScannedFiles NONE = new ScannedFiles(List.of());

  private final Lazy<List<ScannedFile>> files;
  private volatile Map<SessionRef, List<ScannedFile>> bySession;

  /**
   * The files of a scan.
   *
   * @param files the existing files
   */
  public ScannedFiles(List<ScannedFile> files) {
    this.files = Lazy.done(List.copyOf(files));
  }

  /**
   * No files.
   *
   * @return the empty set
   */
  public static ScannedFiles none() {
    return NONE;
  }

  /**
   * Files listed when first asked for (those of a scan that found nothing changed: their entries are decoded then).
   *
   * @param list lists them
   * @return the files
   */
  static ScannedFiles later(java.util.function.Supplier<ScannedFiles> list) {
    return new ScannedFiles(Lazy.of(() -> list.get().all()));
  }

  private ScannedFiles(Lazy<List<ScannedFile>> files) {
    this.files = files;
  }

  /**
   * Every file.
   *
   * @return the files
   */
  public List<ScannedFile> all() {
    return files.get();
  }

  /**
   * The files whose records or session facts name a session (its main transcript, its subagents' files, other
   * sessions' files that copied some of its lines), in path order.
   *
   * @param ref the session
   * @return the files; empty for a session no file names
   */
  public List<ScannedFile> of(SessionRef ref) {
    Map<SessionRef, List<ScannedFile>> m = bySession;
    if (m == null) {
      synchronized (this) {
        m = bySession;
        if (m == null) {
          m = index();
          bySession = m;
        }
      }
    }
    return m.getOrDefault(ref, List.of());
  }

  private Map<SessionRef, List<ScannedFile>> index() {
    Map<SessionRef, List<ScannedFile>> out = new HashMap<>();
    Set<String> named = new HashSet<>();
    try (SectionReads reads = new SectionReads()) {
      for (ScannedFile f : files.get()) {
        named.clear();
        String last = null;
        List<UsageRecord> records = f.entry().records();
        if (records instanceof RecordSection rs) {
          records = rs.readOnce(reads); // decoded for this pass only: every file's records at once would not fit
          if (records == null) {
            records = List.of();
          }
        }
        for (UsageRecord r : records) {
          String id = r.sessionId();
          if (!id.equals(last)) {
            named.add(id);
            last = id;
          }
        }
        for (SessionFacts facts : f.entry().facts()) {
          named.add(facts.sessionId());
        }
        String source = f.source().id();
        for (String id : named) {
          out.computeIfAbsent(new SessionRef(source, id), k -> new ArrayList<>()).add(f);
        }
      }
    }
    Comparator<ScannedFile> byPath = Comparator.comparing(f -> f.context().file().toString());
    out.replaceAll((k, v) -> {
      v.sort(byPath);
      return List.copyOf(v);
    });
    return Map.copyOf(out);
  }
}
