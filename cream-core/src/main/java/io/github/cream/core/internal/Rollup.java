package io.github.cream.core.internal;

import io.github.cream.api.Origin;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.PricedRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counted calls of a scan folded into cells: one per quarter hour, source, provider, model, service tier, session,
 * project and upstream provider. Every report of a snapshot (days, weeks and months in any time zone whose days start on a quarter
 * hour, totals, sessions, groups) is a sum of cells, so it is computed from the cells alone, without the per-call
 * records; the scan index keeps them, so a run in which nothing changed never decodes a call. Immutable.
 */
public final class Rollup {

  /** A cell's length in seconds: every time zone in use today starts its days on a quarter hour. */
  public static final long SLOT_SECONDS = 900;

  /** A rollup of no calls. */
  public static final Rollup EMPTY = new Rollup(List.of());

  private final List<Cell> cells;
  private final Map<ZoneId, Boolean> aligned = new ConcurrentHashMap<>();
  private final Lazy<Summary> summary = Lazy.of(this::summarize);

  /** What every report of the whole rollup asks first: its totals and the range of its slots. */
  private record Summary(io.github.cream.api.UsageTotals totals, long minSlot, long maxSlot) {}

  /**
   * A rollup of cells.
   *
   * @param cells the cells, each key at most once
   */
  public Rollup(Collection<Cell> cells) {
    this.cells = List.copyOf(cells);
  }

  /**
   * Folds calls into cells.
   *
   * @param records the counted calls, priced
   * @return their rollup
   */
  public static Rollup of(Collection<PricedRecord> records) {
    Builder b = new Builder();
    for (PricedRecord p : records) {
      b.add(p);
    }
    return b.build();
  }

  /**
   * These cells with calls added: what {@code new Builder().addAll(cells()).add(...).build()} makes, without making
   * every cell again. A cell no call joins stays the same instance (a cell read from the index keeps its texts
   * undecoded, and the next save names them by their place in the table); a cell a call joins is made anew; a call of
   * a new cell makes one. Cells are put in report order as the builder puts them.
   *
   * @param records the calls, priced
   * @return the rollup
   */
  public Rollup plus(Collection<PricedRecord> records) {
    Builder added = new Builder();
    for (PricedRecord p : records) {
      added.add(p);
    }
    if (added.open.isEmpty()) {
      return this;
    }
    java.util.Set<Long> slots = new java.util.HashSet<>();
    for (Builder.Key k : added.open.keySet()) {
      slots.add(k.slot());
    }
    List<Cell> merged = new ArrayList<>(cells.size() + added.open.size());
    for (Cell c : cells) {
      if (slots.contains(c.slot)) { // only a cell of a slot a call falls in can be joined: its key made
        Builder.Key k = Builder.Key.of(c);
        Builder.Open o = added.open.remove(k);
        if (o != null) {
          o.join(c);
          c = Builder.cell(k, o);
        }
      }
      merged.add(c);
    }
    added.open.forEach((k, o) -> merged.add(Builder.cell(k, o))); // new cells, in the order their calls came
    return new Rollup(inReportOrder(merged));
  }

  /** Cells in report order ({@link #reportOrder}), those of equal kind and slot in the order given. */
  private static List<Cell> inReportOrder(List<Cell> cells) {
    int n = cells.size();
    long[] slots = new long[n];
    int[] kinds = new int[n];
    for (int i = 0; i < n; i++) {
      Cell c = cells.get(i);
      slots[i] = c.slot;
      kinds[i] = kindHash(c.source, c.provider, c.model, c.serviceTier, c.upstream);
    }
    List<Cell> out = new ArrayList<>(n);
    for (int j : reportOrder(slots, kinds)) {
      out.add(cells.get(j));
    }
    return out;
  }

  /**
   * Sums the cells and finds their slots' range now, on the calling thread, instead of when a report first asks (a
   * rollup read from the index is primed by the thread that decoded it, beside the scan's walk).
   *
   * @return this rollup
   */
  public Rollup prime() {
    summary.get();
    return this;
  }

  /**
   * The sum of every cell.
   *
   * @return the totals
   */
  public io.github.cream.api.UsageTotals totals() {
    return summary.get().totals();
  }

  private Summary summarize() {
    Sum s = new Sum();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Cell c : cells) {
      s.add(c.sum);
      min = Math.min(min, c.slot);
      max = Math.max(max, c.slot);
    }
    return new Summary(s.totals(), min, max);
  }

  /**
   * The cells.
   *
   * @return every cell, in no particular order
   */
  public List<Cell> cells() {
    return cells;
  }

  /**
   * Whether every day of a zone starts at a cell's boundary for the instants these cells cover, so that each cell
   * lies in one local day and reports by day can be summed from cells.
   *
   * @param zone the zone
   * @return true when the zone's days are made of whole cells here
   */
  public boolean alignedFor(ZoneId zone) {
    return aligned.computeIfAbsent(zone, this::check);
  }

  private boolean check(ZoneId zone) {
    if (cells.isEmpty()) {
      return true;
    }
    long min = summary.get().minSlot();
    long max = summary.get().maxSlot();
    if (quarterHourOffsets(zone.getRules(), min * SLOT_SECONDS, (max + 1) * SLOT_SECONDS)) {
      return true;
    }
    java.util.HashSet<Long> slots = new java.util.HashSet<>();
    for (Cell c : cells) {
      if (slots.add(c.slot)) {
        Instant start = Instant.ofEpochSecond(c.slot * SLOT_SECONDS);
        LocalDate a = LocalDate.ofInstant(start, zone);
        LocalDate b = LocalDate.ofInstant(start.plusSeconds(SLOT_SECONDS).minusNanos(1), zone);
        if (!a.equals(b)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether, from one instant to another, a zone's offset is a whole number of quarter hours and changes only at
   * quarter hours of the epoch. Local midnight then always falls on a quarter hour, so no cell in that range spans
   * two local days; {@code false} when it cannot tell so simply (the cells are then looked at one by one).
   */
  private static boolean quarterHourOffsets(java.time.zone.ZoneRules rules, long fromSecond, long toSecond) {
    Instant from = Instant.ofEpochSecond(fromSecond);
    if (rules.getOffset(from).getTotalSeconds() % SLOT_SECONDS != 0) {
      return false;
    }
    if (rules.isFixedOffset()) {
      return true;
    }
    Instant to = Instant.ofEpochSecond(toSecond);
    java.time.zone.ZoneOffsetTransition t = rules.nextTransition(from);
    for (int n = 0; t != null && t.getInstant().isBefore(to); n++) {
      if (n > 10_000 || t.toEpochSecond() % SLOT_SECONDS != 0
          || t.getOffsetAfter().getTotalSeconds() % SLOT_SECONDS != 0) {
        return false;
      }
      t = rules.nextTransition(t.getInstant());
    }
    return true;
  }

  /**
   * A cell's slot.
   *
   * @param t an instant
   * @return the quarter hour it falls in, counted from the epoch
   */
  public static long slotOf(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), SLOT_SECONDS);
  }

  /**
   * Where cells read from the index find the texts they make when first asked for: the index's string table, which
   * gives the same path instance for the same place.
   */
  interface Texts {
    /**
     * A text.
     *
     * @param i its place
     * @return the text
     */
    String text(int i);

    /**
     * A text as a file's path.
     *
     * @param i its place
     * @return the path to be, the same instance for the same place
     */
    LazyPath path(int i);
  }

  /**
   * The calls of one quarter hour that share source, provider, model, service tier, session and project: their sums,
   * the first and last call's time, and the origin of the first (the calls' order is time, then origin).
   */
  public static final class Cell {
    /** The quarter hour, counted from the epoch. */
    public final long slot;
    /** The source id. */
    public final String source;
    /** The provider. */
    public final String provider;
    /** The model. */
    public final String model;
    /** The service tier. */
    public final String serviceTier;
    // the session id, or null until a cell read from the index is first asked for it (racy but idempotent)
    private String sessionId;
    /** The project the calls name, or null when they name none. */
    public final String project;
    /** The upstream provider an enrichment named for the calls, or null. */
    public final String upstream;
    /** The sums. */
    public final Sum sum;
    /** The calls in the cell. */
    public final long calls;
    /** The first call's time. */
    public final Instant first;
    // the first call's origin, made when first asked for from what the index stored (racy but idempotent)
    private Origin firstOrigin;
    private LazyPath originFile; // of a cell read from the index: made when first asked for (racy but idempotent)
    private final Texts texts; // a cell read from the index: where its session's and first file's texts are
    private final int sessionIndex;
    private final int originIndex;
    private final long originLine;
    private final long originOffset;
    /** The last call's time. */
    public final Instant last;

    /**
     * A cell.
     *
     * @param slot quarter hour
     * @param source source
     * @param provider provider
     * @param model model
     * @param serviceTier service tier
     * @param sessionId session
     * @param project project or null
     * @param upstream upstream provider or null
     * @param sum sums
     * @param calls calls
     * @param first first call's time
     * @param firstOrigin first call's origin
     * @param last last call's time
     */
    public Cell(long slot, String source, String provider, String model, String serviceTier, String sessionId,
        String project, String upstream, Sum sum, long calls, Instant first, Origin firstOrigin, Instant last) {
      this(slot, source, provider, model, serviceTier, Objects.requireNonNull(sessionId, "sessionId"), null, -1,
          project, upstream, sum, calls, first, Objects.requireNonNull(firstOrigin, "firstOrigin"), -1, 0, 0, last);
    }

    /**
     * A cell read from the index: its session id and its first call's origin are made when first asked for (a report
     * by day or model asks for neither) from the index's texts.
     *
     * @param texts the index's texts
     * @param sessionIndex the session id's place among them
     * @param originIndex the first call's file's place among them (a path {@link Texts#path} makes)
     */
    Cell(long slot, String source, String provider, String model, String serviceTier, Texts texts,
        int sessionIndex, String project, String upstream, Sum sum, long calls, Instant first, int originIndex,
        long originLine, long originOffset, Instant last) {
      this(slot, source, provider, model, serviceTier, null, Objects.requireNonNull(texts, "texts"), sessionIndex,
          project, upstream, sum, calls, first, null, originIndex, originLine, originOffset, last);
      if (originLine < 1 || originOffset < 0) { // what Origin requires, checked where the index is read
        throw new IllegalArgumentException("an origin's line is 1-based and its offset not negative");
      }
    }

    /** Either the session id and first call's origin are given, or {@code texts} has them. */
    private Cell(long slot, String source, String provider, String model, String serviceTier, String sessionId,
        Texts texts, int sessionIndex, String project, String upstream, Sum sum, long calls, Instant first,
        Origin firstOrigin, int originIndex, long originLine, long originOffset, Instant last) {
      this.slot = slot;
      this.source = Objects.requireNonNull(source, "source");
      this.provider = Objects.requireNonNull(provider, "provider");
      this.model = Objects.requireNonNull(model, "model");
      this.serviceTier = Objects.requireNonNull(serviceTier, "serviceTier");
      this.sessionId = sessionId;
      this.texts = texts;
      this.sessionIndex = sessionIndex;
      this.project = project;
      this.upstream = upstream;
      this.sum = Objects.requireNonNull(sum, "sum");
      this.calls = calls;
      this.first = Objects.requireNonNull(first, "first");
      this.firstOrigin = firstOrigin;
      this.originIndex = originIndex;
      this.originLine = originLine;
      this.originOffset = originOffset;
      this.last = Objects.requireNonNull(last, "last");
    }

    /**
     * The session id.
     *
     * @return the session the calls belong to
     */
    public String sessionId() {
      String s = sessionId;
      if (s == null) {
        s = texts.text(sessionIndex);
        sessionId = s;
      }
      return s;
    }

    /**
     * The first call's origin.
     *
     * @return where the cell's first call is
     */
    public Origin firstOrigin() {
      Origin o = firstOrigin;
      if (o == null) {
        o = new Origin(originFile().get(), originLine, originOffset);
        firstOrigin = o;
      }
      return o;
    }

    /** Where a cell read from the index finds its texts; null for any other cell. */
    Texts texts() {
      return texts;
    }

    /** The session id's place among {@link #texts()} (-1 for a cell not read from the index). */
    int sessionIndex() {
      return sessionIndex;
    }

    /** The first call's file's place among {@link #texts()} (-1 for a cell not read from the index). */
    int originIndex() {
      return originIndex;
    }

    /** The first call's file of a cell read from the index. */
    private LazyPath originFile() {
      LazyPath f = originFile;
      if (f == null) {
        f = texts.path(originIndex);
        originFile = f;
      }
      return f;
    }

    /** The first call's line, without making its origin. */
    long firstOriginLine() {
      return texts != null ? originLine : firstOrigin.line();
    }

    /** The first call's byte offset, without making its origin. */
    long firstOriginOffset() {
      return texts != null ? originOffset : firstOrigin.byteOffset();
    }

    /** What stands for the first call's file without its text: the same instance for cells of the same file. */
    Object firstOriginFile() {
      return texts != null ? originFile() : firstOrigin.file();
    }

    /** The stored form of the first call's file, without making its path when the cell was read from the index. */
    String firstOriginText() {
      return texts != null ? originFile().text() : StoredPath.text(firstOrigin.file());
    }

    /**
     * The first instant of the cell's quarter hour.
     *
     * @return the slot's start
     */
    public Instant slotStart() {
      return Instant.ofEpochSecond(slot * SLOT_SECONDS);
    }

    /**
     * Whether this cell's first call comes before another's, in the calls' order (time, then origin).
     *
     * @param other the other cell
     * @return true when this one's first call is earlier
     */
    public boolean startsBefore(Cell other) {
      int c = first.compareTo(other.first);
      return c != 0 ? c < 0 : firstOrigin().compareTo(other.firstOrigin()) < 0;
    }
  }

  /**
   * A hash of the kind of a cell's calls: what a report by period groups cells by, besides the period.
   *
   * @return the hash
   */
  static int kindHash(String source, String provider, String model, String tier, String upstream) {
    int h = Objects.hashCode(source);
    h = 31 * h + Objects.hashCode(provider);
    h = 31 * h + Objects.hashCode(model);
    h = 31 * h + Objects.hashCode(tier);
    return 31 * h + Objects.hashCode(upstream);
  }

  /**
   * The report order of cells: those of one kind of call (source, provider, model, tier, upstream) next to each
   * other (by the kind's hash: kinds of equal hashes may mix), each kind's in time order. Two sorts of numbers, by
   * time, then by kind (unique keys: the cells of a kind stay in time order); 50,000 cells in a few milliseconds.
   *
   * @param slots each cell's slot
   * @param kinds each cell's {@link #kindHash}
   * @return the cells' indexes in that order
   */
  static int[] reportOrder(long[] slots, int[] kinds) {
    int n = slots.length;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long s : slots) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    int[] order = new int[n];
    if (n == 0) {
      return order;
    }
    if (max - min >= 1L << 40 || n >= 1 << 23) {
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        boxed[i] = i;
      }
      java.util.Arrays.sort(boxed, java.util.Comparator.<Integer>comparingInt(i -> kinds[i])
          .thenComparingLong(i -> slots[i]).thenComparingInt(i -> i));
      for (int i = 0; i < n; i++) {
        order[i] = boxed[i];
      }
      return order;
    }
    long[] byTime = new long[n];
    for (int i = 0; i < n; i++) {
      byTime[i] = (slots[i] - min) << 23 | i;
    }
    java.util.Arrays.sort(byTime);
    long[] byKind = new long[n];
    for (int rank = 0; rank < n; rank++) {
      byKind[rank] = (long) kinds[(int) (byTime[rank] & ((1 << 23) - 1))] << 32 | rank;
    }
    java.util.Arrays.sort(byKind);
    for (int k = 0; k < n; k++) {
      order[k] = (int) (byTime[(int) byKind[k]] & ((1 << 23) - 1)); // the low half of a kind's key is its rank
    }
    return order;
  }

  /** Folds calls into cells, one at a time. Not thread-safe. */
  public static final class Builder {
    private record Key(
        long slot, String source, String provider, String model, String tier, String session, String project,
        String upstream) {

      // equals and hashCode written out: see IndexEntry.Key

      @Override
      public boolean equals(Object o) {
        return o instanceof Key k && slot == k.slot && Objects.equals(session, k.session)
            && Objects.equals(model, k.model) && Objects.equals(source, k.source)
            && Objects.equals(provider, k.provider) && Objects.equals(tier, k.tier)
            && Objects.equals(project, k.project) && Objects.equals(upstream, k.upstream);
      }

      /** A cell's key. */
      static Key of(Cell c) {
        return new Key(c.slot, c.source, c.provider, c.model, c.serviceTier, c.sessionId(), c.project, c.upstream);
      }

      @Override
      public int hashCode() {
        int h = Long.hashCode(slot);
        h = 31 * h + Objects.hashCode(source);
        h = 31 * h + Objects.hashCode(provider);
        h = 31 * h + Objects.hashCode(model);
        h = 31 * h + Objects.hashCode(tier);
        h = 31 * h + Objects.hashCode(session);
        h = 31 * h + Objects.hashCode(project);
        return 31 * h + Objects.hashCode(upstream);
      }
    }

    private static final class Open {
      final Sum sum = new Sum();
      long calls;
      Instant first;
      Origin firstOrigin;
      Instant last;

      /** Adds a cell's calls, as {@link #addAll} does. */
      void join(Cell c) {
        sum.add(c.sum);
        calls += c.calls;
        if (first == null || c.first.isBefore(first)
            || (c.first.equals(first) && c.firstOrigin().compareTo(firstOrigin) < 0)) {
          first = c.first;
          firstOrigin = c.firstOrigin();
        }
        if (last == null || c.last.isAfter(last)) {
          last = c.last;
        }
      }
    }

    /** The cell of a key with its calls. */
    private static Cell cell(Key k, Open o) {
      return new Cell(k.slot(), k.source(), k.provider(), k.model(), k.tier(), k.session(), k.project(),
          k.upstream(), o.sum.copy(), o.calls, o.first, o.firstOrigin, o.last);
    }

    // in the order cells are first met (the calls' order): the order of a kind's cells in time, once sorted by kind
    private final Map<Key, Open> open = new LinkedHashMap<>();

    /**
     * Adds a call.
     *
     * @param p the call
     * @return this builder
     */
    public Builder add(PricedRecord p) {
      UsageRecord r = p.record();
      Key k = new Key(slotOf(r.timestamp()), r.source(), r.provider(), r.model(), r.serviceTier(), r.sessionId(),
          r.project().orElse(null), p.upstreamProvider().orElse(null));
      Open o = open.computeIfAbsent(k, x -> new Open());
      o.sum.add(r.tokens(), p.cost());
      o.calls++;
      Instant t = r.timestamp();
      if (o.first == null || t.isBefore(o.first) || (t.equals(o.first) && r.origin().compareTo(o.firstOrigin) < 0)) {
        o.first = t;
        o.firstOrigin = r.origin();
      }
      if (o.last == null || t.isAfter(o.last)) {
        o.last = t;
      }
      return this;
    }

    /**
     * Adds the cells of a rollup.
     *
     * @param cells the cells
     * @return this builder
     */
    public Builder addAll(Collection<Cell> cells) {
      for (Cell c : cells) {
        open.computeIfAbsent(Key.of(c), x -> new Open()).join(c);
      }
      return this;
    }

    /**
     * The rollup so far.
     *
     * @return the rollup
     */
    public Rollup build() {
      // made in report order (see reportOrder): a report by period adds most cells to the sum of the cell before it,
      // the index saves them in that order, and a rollup read back from it is in that order again
      int n = open.size();
      Key[] keys = new Key[n];
      Open[] opens = new Open[n];
      long[] slots = new long[n];
      int[] kinds = new int[n];
      int i = 0;
      for (Map.Entry<Key, Open> e : open.entrySet()) {
        Key k = e.getKey();
        keys[i] = k;
        opens[i] = e.getValue();
        slots[i] = k.slot();
        kinds[i] = kindHash(k.source(), k.provider(), k.model(), k.tier(), k.upstream());
        i++;
      }
      List<Cell> out = new ArrayList<>(n);
      for (int j : reportOrder(slots, kinds)) {
        out.add(cell(keys[j], opens[j]));
      }
      return new Rollup(out);
    }
  }
}
