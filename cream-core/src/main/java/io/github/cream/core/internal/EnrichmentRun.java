package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.EnrichListener;
import io.github.cream.core.EnrichOptions;
import io.github.cream.core.EnrichResult;
import io.github.cream.spi.Enricher;
import io.github.cream.spi.EnrichmentAnswer;
import io.github.cream.spi.EnrichmentRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of enrichment: picks the calls each enricher can enrich and whose keys have no answer yet, asks the
 * enrichers' services about them on a bounded pool at a bounded rate, retries transient failures with backoff
 * (honouring {@code Retry-After}), and appends every answer to the {@link EnrichmentStore} as soon as it arrives.
 *
 * <p>What is asked again, and when: a key found is never asked again. A key the service did not know (OpenRouter
 * answers 404 until a generation's record is written) or whose answer was unusable is asked again by later runs,
 * {@link EnrichOptions#runsPerKey()} runs in all, then given up. A transient failure (429, 5xx, a timeout, a dropped
 * connection) is retried within the run up to {@link EnrichOptions#attempts()} requests, and, if it never
 * succeeds, left unanswered: the next run asks again, without using up a run (the key is not at fault). A refused
 * credential stops the run. Eight keys in a row that exhaust their retries stop it too: the service is down.
 *
 * <p>Interrupting the thread that runs it stops the workers; every answer received is already in the file, and
 * the next run asks only about what is left. Only keys are sent; the credential goes to the enricher only, never
 * into a diagnostic, a log line or the file.
 */
public final class EnrichmentRun {

  private static final Logger LOG = LoggerFactory.getLogger(EnrichmentRun.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final int MAX_EXHAUSTED_IN_A_ROW = 8;
  private static final int MAX_REASON = 200;

  private final List<ProviderLoader.Loaded<Enricher>> enrichers;
  private final EnrichmentStore store;
  private final EnrichOptions options;
  private final Environment environment;
  private final EnrichListener listener;
  private final Object listenerLock = new Object();

  /**
   * A run.
   *
   * @param enrichers the enrichers found
   * @param store where the answers are kept
   * @param options how to ask
   * @param environment for credentials, key files and the clock
   * @param listener hears the progress
   */
  public EnrichmentRun(
      List<ProviderLoader.Loaded<Enricher>> enrichers,
      EnrichmentStore store,
      EnrichOptions options,
      Environment environment,
      EnrichListener listener) {
    this.enrichers = List.copyOf(enrichers);
    this.store = store;
    this.options = options;
    this.environment = environment;
    this.listener = listener;
  }

  /** One key to ask about. */
  private record Job(Enricher enricher, Tally tally, String key, int earlierAttempts, EnrichmentRequest request) {}

  /** One enricher's counters. */
  private static final class Tally {
    final String id;
    long calls;
    long keys;
    long known;
    long givenUp;
    long asked;
    final AtomicLong found = new AtomicLong();
    final AtomicLong notFound = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong unasked = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicReference<String> lastFailure = new AtomicReference<>();
    final AtomicLong gaveUpNow = new AtomicLong();
    long enrichedCalls;

    Tally(String id) {
      this.id = id;
    }

    EnrichResult.Counts counts() {
      return new EnrichResult.Counts(id, calls, keys, known, givenUp, asked, found.get(), notFound.get(),
          failed.get(), unasked.get(), requests.get(), enrichedCalls);
    }
  }

  /**
   * Runs: asks about every key of these calls that has no answer yet.
   *
   * @param calls the scan's counted calls, oldest first
   * @return what the run did
   */
  public EnrichResult run(List<UsageRecord> calls) {
    long t0 = System.nanoTime();
    Diagnostics diagnostics = new Diagnostics();
    Optional<EnrichmentStore.Writer> opened = store.open(diagnostics);
    if (opened.isEmpty()) {
      return new EnrichResult(List.of(), false, diagnostics.toList(), Duration.ofNanos(System.nanoTime() - t0));
    }
    List<Tally> tallies = new ArrayList<>();
    boolean interrupted;
    try (EnrichmentStore.Writer writer = opened.get()) {
      List<Job> jobs = new ArrayList<>();
      Map<Enricher, Map<String, Integer>> keysByEnricher = new LinkedHashMap<>();
      for (ProviderLoader.Loaded<Enricher> loaded : enrichers) {
        Enricher enricher = loaded.instance();
        String id = loaded.info().id();
        if (!options.runs(id)) {
          continue;
        }
        Tally tally = new Tally(id);
        tallies.add(tally);
        Map<String, Integer> keys = new LinkedHashMap<>(); // key -> calls, in the order of their first call
        for (UsageRecord r : calls) {
          Optional<String> k = key(enricher, r);
          if (k.isPresent()) {
            tally.calls++;
            keys.merge(k.get(), 1, Integer::sum);
          }
        }
        keysByEnricher.put(enricher, keys);
        tally.keys = keys.size();
        List<String> toAsk = new ArrayList<>();
        for (String key : keys.keySet()) {
          Optional<EnrichmentStore.Entry> e = writer.get(id, key);
          if (e.isPresent() && e.get().status() == EnrichmentStore.Status.FOUND) {
            tally.known++;
          } else if (e.isPresent() && e.get().attempts() >= options.runsPerKey()) {
            tally.givenUp++;
          } else {
            toAsk.add(key);
          }
        }
        if (toAsk.isEmpty()) {
          continue;
        }
        Optional<String> credential = EnrichmentCredentials.resolve(enricher, id, options, environment, diagnostics);
        if (credential.isEmpty()) {
          tally.unasked.addAndGet(toAsk.size());
          continue;
        }
        URI base = options.baseUri(id).orElseGet(enricher::defaultBaseUri);
        EnrichmentRequest request =
            new EnrichmentRequest(base, credential.get(), options.timeout(), options.maxResponseBytes());
        for (String key : toAsk) {
          int earlier = writer.get(id, key).map(EnrichmentStore.Entry::attempts).orElse(0);
          jobs.add(new Job(enricher, tally, key, earlier, request));
        }
        tally.asked = toAsk.size();
      }
      interrupted = execute(jobs, writer, diagnostics);
      for (Tally t : tallies) {
        Enricher enricher = enricherOf(t.id);
        Map<String, Integer> keys = keysByEnricher.getOrDefault(enricher, Map.of());
        for (Map.Entry<String, Integer> k : keys.entrySet()) {
          Optional<EnrichmentStore.Entry> e = writer.get(t.id, k.getKey());
          if (e.isPresent() && e.get().status() == EnrichmentStore.Status.FOUND) {
            t.enrichedCalls += k.getValue();
          }
        }
        report(t, diagnostics);
      }
    }
    List<EnrichResult.Counts> counts = new ArrayList<>();
    for (Tally t : tallies) {
      counts.add(t.counts());
    }
    return new EnrichResult(counts, interrupted, diagnostics.toList(), Duration.ofNanos(System.nanoTime() - t0));
  }

  private Enricher enricherOf(String id) {
    for (ProviderLoader.Loaded<Enricher> l : enrichers) {
      if (l.info().id().equals(id)) {
        return l.instance();
      }
    }
    return null;
  }

  /**
   * Whether some enricher has a key for a call: only such calls are handed to {@link #run}.
   *
   * @param enrichers the enrichers
   * @param r the call
   * @return true when one of them could enrich it
   */
  public static boolean enrichable(List<ProviderLoader.Loaded<Enricher>> enrichers, UsageRecord r) {
    for (ProviderLoader.Loaded<Enricher> l : enrichers) {
      if (key(l.instance(), r).isPresent()) {
        return true;
      }
    }
    return false;
  }

  static Optional<String> key(Enricher enricher, UsageRecord r) {
    try {
      Optional<String> k = enricher.key(r);
      return k == null ? Optional.empty() : k.filter(s -> !s.isBlank());
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  private void report(Tally t, Diagnostics diagnostics) {
    if (t.failed.get() > 0) {
      diagnostics.add(
          Diagnostic.of(Severity.WARNING, "cream.enrich.failed",
                  "the " + t.id + " enricher could not fetch " + t.failed.get()
                      + (t.failed.get() == 1 ? " id" : " ids") + " in this run (last reason: " + t.lastFailure.get()
                      + "); the next run asks again")
              .withCount(t.failed.get()));
    }
    if (t.notFound.get() > 0) {
      diagnostics.add(
          Diagnostic.of(Severity.INFO, "cream.enrich.not-found",
                  "the service of the " + t.id + " enricher did not know " + t.notFound.get()
                      + (t.notFound.get() == 1 ? " id" : " ids") + " (yet); later runs ask again, "
                      + options.runsPerKey() + " runs in all")
              .withCount(t.notFound.get()));
    }
    long givenUp = t.givenUp + t.gaveUpNow.get();
    if (givenUp > 0) {
      diagnostics.add(
          Diagnostic.of(Severity.INFO, "cream.enrich.given-up",
                  "the " + t.id + " enricher got no answer about " + givenUp + (givenUp == 1 ? " id" : " ids")
                      + " in " + options.runsPerKey() + " runs; " + (givenUp == 1 ? "it is" : "they are")
                      + " no longer asked about")
              .withCount(givenUp));
    }
  }

  // ------------------------------------------------------------------------------------------------ asking

  /** Paces request starts: at most the configured rate, and nothing before a {@code Retry-After} has passed. */
  private static final class Pace {
    private final long intervalNanos;
    private long next;
    private long pausedUntil;

    Pace(double perSecond) {
      this.intervalNanos = (long) Math.ceil(1_000_000_000d / perSecond);
      this.next = System.nanoTime();
      this.pausedUntil = next;
    }

    void acquire() throws InterruptedException {
      long wait;
      synchronized (this) {
        long now = System.nanoTime();
        long start = Math.max(Math.max(now, next), pausedUntil);
        next = start + intervalNanos;
        wait = start - now;
      }
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }

    synchronized void pause(Duration d) {
      long until = System.nanoTime() + d.toNanos();
      if (until - pausedUntil > 0) {
        pausedUntil = until;
      }
    }
  }

  /** Runs the jobs on a bounded pool; returns whether the run was interrupted. */
  private boolean execute(List<Job> jobs, EnrichmentStore.Writer writer, Diagnostics diagnostics) {
    if (jobs.isEmpty()) {
      return false;
    }
    ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>(jobs);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger exhaustedInARow = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    Pace pace = new Pace(options.requestsPerSecond());
    long total = jobs.size();
    int threads = Math.min(options.concurrency(), jobs.size());
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "cream-enrich-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Worker worker = new Worker(queue, stop, exhaustedInARow, done, total, pace, writer, diagnostics);
    List<Future<?>> futures = new ArrayList<>();
    boolean interrupted = false;
    try {
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(worker));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (ExecutionException e) {
      LOG.debug("an enrichment worker failed", e.getCause());
      diagnostics.add(Diagnostic.of(Severity.ERROR, "cream.enrich.internal",
          "enrichment stopped on an internal error (" + e.getCause().getClass().getSimpleName() + "); what was"
              + " fetched is kept"));
    } finally {
      stop.set(true);
      pool.shutdownNow();
      boolean wasInterrupted = Thread.interrupted() || interrupted;
      try {
        // workers end at their next wait; an answer being appended is appended whole
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
          LOG.debug("waiting for the enrichment workers to stop");
        }
      } catch (InterruptedException e) {
        wasInterrupted = true;
      }
      if (wasInterrupted) {
        Thread.currentThread().interrupt();
        interrupted = true;
      }
    }
    for (Job j = queue.poll(); j != null; j = queue.poll()) {
      j.tally().unasked.incrementAndGet();
    }
    return interrupted;
  }

  /** The loop each pool thread runs: take a key, settle it, until there is none or the run stops. */
  private final class Worker implements Runnable {
    private final ConcurrentLinkedQueue<Job> queue;
    private final AtomicBoolean stop;
    private final AtomicInteger exhaustedInARow;
    private final AtomicLong done;
    private final long total;
    private final Pace pace;
    private final EnrichmentStore.Writer writer;
    private final Diagnostics diagnostics;

    Worker(ConcurrentLinkedQueue<Job> queue, AtomicBoolean stop, AtomicInteger exhaustedInARow, AtomicLong done,
        long total, Pace pace, EnrichmentStore.Writer writer, Diagnostics diagnostics) {
      this.queue = queue;
      this.stop = stop;
      this.exhaustedInARow = exhaustedInARow;
      this.done = done;
      this.total = total;
      this.pace = pace;
      this.writer = writer;
      this.diagnostics = diagnostics;
    }

    @Override
    public void run() {
      while (!stop.get() && !Thread.currentThread().isInterrupted()) {
        Job job = queue.poll();
        if (job == null) {
          return;
        }
        try {
          if (settle(job)) {
            long d = done.incrementAndGet();
            synchronized (listenerLock) {
              try {
                listener.progress(d, total);
              } catch (RuntimeException e) {
                LOG.debug("the enrichment listener failed", e);
              }
            }
          } else {
            job.tally().unasked.incrementAndGet();
          }
        } catch (InterruptedException e) {
          job.tally().unasked.incrementAndGet();
          return;
        }
      }
    }

    /** Asks about one key until it is settled; false when the run stopped before it was. */
    private boolean settle(Job job) throws InterruptedException {
      String id = job.tally().id;
      for (int attempt = 1; attempt <= options.attempts(); attempt++) {
        if (stop.get()) {
          return false;
        }
        pace.acquire();
        if (stop.get()) {
          return false;
        }
        job.tally().requests.incrementAndGet();
        EnrichmentAnswer a;
        try {
          a = job.enricher().ask(job.key(), job.request());
          if (a == null) {
            a = EnrichmentAnswer.failed("the enricher gave no answer");
          }
        } catch (InterruptedException e) {
          throw e;
        } catch (RuntimeException | LinkageError e) {
          a = EnrichmentAnswer.failed("the enricher failed (" + e.getClass().getSimpleName() + ")");
        }
        switch (a.kind()) {
          case FOUND -> {
            Enrichment e = a.enrichment().orElseThrow();
            if (!e.enricher().equals(id) || !e.key().equals(job.key())) {
              fail(job, "the answer was about another id");
              return true;
            }
            store(job, EnrichmentStore.Status.FOUND, job.earlierAttempts() + 1, Optional.of(e));
            job.tally().found.incrementAndGet();
            exhaustedInARow.set(0);
            return true;
          }
          case NOT_FOUND -> {
            store(job, EnrichmentStore.Status.NOT_FOUND, job.earlierAttempts() + 1, Optional.empty());
            job.tally().notFound.incrementAndGet();
            if (job.earlierAttempts() + 1 >= options.runsPerKey()) {
              job.tally().gaveUpNow.incrementAndGet();
            }
            exhaustedInARow.set(0);
            return true;
          }
          case FAILED -> {
            fail(job, a.reason());
            return true;
          }
          case REFUSED -> {
            if (stop.compareAndSet(false, true)) {
              diagnostics.add(Diagnostic.of(Severity.ERROR, "cream.enrich.refused",
                  "the service of the " + id + " enricher refused the credential (" + reason(a.reason())
                      + "); nothing more was asked: check the API key"));
            }
            return false;
          }
          case RETRY -> {
            if (attempt == options.attempts()) {
              job.tally().failed.incrementAndGet();
              job.tally().lastFailure.set(reason(a.reason()));
              if (exhaustedInARow.incrementAndGet() >= MAX_EXHAUSTED_IN_A_ROW && stop.compareAndSet(false, true)) {
                diagnostics.add(Diagnostic.of(Severity.WARNING, "cream.enrich.stopped",
                    "the " + id + " enricher stopped: " + MAX_EXHAUSTED_IN_A_ROW + " ids in a row kept failing ("
                        + reason(a.reason()) + "); the next run goes on where this one stopped"));
              }
              return true; // not stored: a transient failure is not the key's fault, the next run asks again
            }
            Duration wait = backoff(attempt);
            if (a.retryAfter().isPresent()) {
              Duration after = a.retryAfter().get();
              if (after.compareTo(options.maxRetryAfter()) > 0) {
                after = options.maxRetryAfter();
              }
              pace.pause(after); // the service asked everyone to wait, not only this key
              wait = after;
            }
            TimeUnit.NANOSECONDS.sleep(wait.toNanos());
          }
          default -> throw new IllegalStateException("unknown answer kind " + a.kind());
        }
      }
      return true;
    }

    private void fail(Job job, String reason) throws InterruptedException {
      store(job, EnrichmentStore.Status.FAILED, job.earlierAttempts() + 1, Optional.empty());
      job.tally().failed.incrementAndGet();
      job.tally().lastFailure.set(reason(reason));
      if (job.earlierAttempts() + 1 >= options.runsPerKey()) {
        job.tally().gaveUpNow.incrementAndGet();
      }
    }

    private void store(Job job, EnrichmentStore.Status status, int attempts, Optional<Enrichment> e)
        throws InterruptedException {
      EnrichmentStore.Entry entry =
          new EnrichmentStore.Entry(job.tally().id, job.key(), status, attempts, environment.now(), e);
      synchronized (writer) {
        try {
          writer.append(entry);
        } catch (IOException | RuntimeException ex) {
          if (stop.compareAndSet(false, true)) {
            diagnostics.add(Diagnostic.of(Severity.ERROR, "cream.enrich.unwritable",
                "an answer could not be saved (" + ex.getClass().getSimpleName() + "); the run stopped, and what"
                    + " was saved before is kept"));
          }
          throw new InterruptedException("the answers can no longer be saved");
        }
      }
    }
  }

  private Duration backoff(int attempt) {
    long base = options.initialBackoff().toNanos();
    long nanos = base << Math.min(attempt - 1, 16);
    if (nanos < 0 || nanos > MAX_BACKOFF.toNanos()) {
      nanos = MAX_BACKOFF.toNanos();
    }
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofNanos((long) (nanos * jitter));
  }

  private static String reason(String r) {
    if (r == null || r.isBlank()) {
      return "no reason given";
    }
    String one = r.replaceAll("[\\p{Cntrl}]", " ").strip();
    return one.length() > MAX_REASON ? one.substring(0, MAX_REASON) + "..." : one;
  }
}
