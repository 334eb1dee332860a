package io.github.cream.core;

/** The engine's entry point. (Being written.) */
public final class Cream {
  private Cream() {}
}
