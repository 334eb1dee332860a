package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class BackgroundTest {

  @Test
  void eachIndexRunsEveryStepOnceAndItsWritesAreSeen() {
    for (int n : new int[] {0, 1, 1023, Background.ITEMS_PER_THREAD - 1, Background.ITEMS_PER_THREAD, 10_001}) {
      for (int parallelism : new int[] {1, 2, 4}) {
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        int[] written = new int[n];
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Background.eachIndex("cream-test", n, parallelism, i -> {
          runs.incrementAndGet(i);
          written[i] = i + 1; // a plain write: visible once eachIndex returns
          threads.add(Thread.currentThread().getName());
        });
        for (int i = 0; i < n; i++) {
          assertEquals(1, runs.get(i), "runs of " + i + " of " + n);
          assertEquals(i + 1, written[i], "write of " + i + " of " + n);
        }
        if (n < Background.ITEMS_PER_THREAD || parallelism == 1) {
          assertEquals(n == 0 ? Set.of() : Set.of(Thread.currentThread().getName()), threads, "one thread, the caller");
        }
      }
    }
  }

  @Test
  void fromTheThresholdOnAHelperTakesStepsAtTheSameTimeAsTheCaller() {
    CountDownLatch both = new CountDownLatch(2);
    Set<String> arrived = ConcurrentHashMap.newKeySet();
    AtomicInteger met = new AtomicInteger();
    Background.eachIndex("cream-test", Background.ITEMS_PER_THREAD, 2, i -> {
      if (arrived.add(Thread.currentThread().getName())) {
        // each thread's first step waits for the other's: only two runs at once get past it
        both.countDown();
        try {
          if (both.await(30, TimeUnit.SECONDS)) {
            met.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    assertEquals(Set.of(Thread.currentThread().getName(), "cream-test"), arrived);
    assertEquals(2, met.get());
  }

  @Test
  void aStepsFailureIsThrownToTheCallerOnceEveryRunIsDone() {
    IllegalStateException boom = new IllegalStateException("step 7000");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> Background.eachIndex("cream-test", 10_000, 2, i -> {
          if (i == 7_000) {
            throw boom;
          }
        }));
    assertSame(boom, thrown);
  }
}
