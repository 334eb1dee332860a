package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.cream.api.DedupKey;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionFacts;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The records whose {@code equals} and {@code hashCode} are written out (a record's own make method handles and
 * classes at run time on first use): equal exactly when every component is, and hashed as a record's own (the
 * components' hash codes folded in declaration order, {@code h = 31 * h + c}), so that no hash order changes.
 */
class WrittenOutEqualityTest {

  /** Checks a record type against two lists of component values that differ in every component. */
  static <R extends Record> void check(Class<R> type, List<Object> values, List<Object> others) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
    }
    Constructor<R> make = type.getDeclaredConstructor(types);
    make.setAccessible(true);
    R a = make.newInstance(values.toArray());
    R same = make.newInstance(values.toArray());
    assertEquals(a, same);
    assertEquals(a, a);
    assertEquals(a.hashCode(), same.hashCode());
    assertNotEquals(a, null);
    assertNotEquals(a, "text");
    int folded = 0;
    for (RecordComponent c : components) {
      c.getAccessor().setAccessible(true);
      folded = 31 * folded + Objects.hashCode(c.getAccessor().invoke(a));
    }
    assertEquals(folded, a.hashCode(), type + ": a record's own hash");
    for (int i = 0; i < components.length; i++) {
      Object[] changed = values.toArray();
      changed[i] = others.get(i);
      R b = make.newInstance(changed);
      assertNotEquals(a, b, type.getSimpleName() + " with another " + components[i].getName());
      assertNotEquals(b, a, type.getSimpleName() + " with another " + components[i].getName());
    }
  }

  @Test
  void sessionFacts() throws Exception {
    check(SessionFacts.class,
        List.of("claude", "s1", 1, Optional.of("t"), Optional.of("/p"), Optional.of(SessionCategory.INTERACTIVE),
            Optional.of("c"), Optional.of("j"), Optional.of("parent"), Optional.of(Instant.EPOCH),
            Optional.of(Instant.EPOCH), Optional.empty(), Map.of("k", "v")),
        List.of("codex", "s2", 2, Optional.empty(), Optional.of("/q"), Optional.of(SessionCategory.CRON),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of(Instant.MAX), Optional.of(new io.github.cream.api.RateLimits(Instant.EPOCH, List.of(),
                Optional.empty())), Map.of()));
  }

  @Test
  void dedupKey() throws Exception {
    check(DedupKey.class, List.of("g", "v", 0), List.of("h", "w", 1));
  }

  @Test
  void census() throws Exception {
    check(IndexState.Census.class, List.of(1L, 2, 3L, 4L, 5), List.of(-1L, 3, 4L, 5L, 6));
  }

  @Test
  void sectionRef() throws Exception {
    check(IndexCodec.SectionRef.class, List.of(1L, 2, 3, 4, 5L, 6L), List.of(Long.MAX_VALUE, 3, -3, 5, 6L, 7L));
  }
}
