package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import io.github.cream.core.CreamConfigurationException;
import io.github.cream.core.ProviderInfo;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the providers of one service: those registered explicitly with the builder, then those {@link
 * ServiceLoader} finds on the module path and the class path. A provider that fails to load becomes an ERROR
 * diagnostic and the others are still used; two providers with one id stop the engine with a message naming both.
 */
public final class ProviderLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ProviderLoader.class);
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final int MAX_LOAD_ERRORS = 100;

  private ProviderLoader() {}

  /** A loaded provider and where it came from. */
  public record Loaded<T>(T instance, ProviderInfo info) {}

  /** The providers of a service and the problems met while loading them. */
  public record Result<T>(List<Loaded<T>> providers, List<Diagnostic> diagnostics) {}

  /**
   * Loads the providers of a service.
   *
   * @param service the service interface
   * @param kind {@code source} or {@code cache-strategy}, for messages
   * @param explicit providers registered with the builder; they win over discovered ones with the same id
   * @param discover whether to use {@link ServiceLoader} at all
   * @param loader the class loader to search
   * @param id how to read a provider's id
   * @param displayName how to read a provider's display name
   * @param <T> the service type
   * @return the providers, explicit ones first, then discovered ones in id order
   * @throws CreamConfigurationException if two providers of the same origin class claim one id
   */
  public static <T> Result<T> load(
      Class<T> service,
      String kind,
      List<T> explicit,
      boolean discover,
      ClassLoader loader,
      Function<T, String> id,
      Function<T, String> displayName) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    Map<String, Loaded<T>> byId = new LinkedHashMap<>();
    for (T p : explicit) {
      String pid = safeId(p, id, kind, diagnostics);
      if (pid == null) {
        continue;
      }
      Loaded<T> l = new Loaded<>(p, info(kind, pid, p, displayName, "registered"));
      Loaded<T> prior = byId.putIfAbsent(pid, l);
      if (prior != null) {
        throw duplicate(kind, pid, prior.info(), l.info());
      }
    }
    List<Loaded<T>> discovered = new ArrayList<>();
    if (discover) {
      discovered = discover(service, kind, loader, id, displayName, diagnostics);
    }
    Map<String, Loaded<T>> found = new LinkedHashMap<>();
    for (Loaded<T> l : discovered) {
      String pid = l.info().id();
      if (byId.containsKey(pid)) {
        LOG.debug("{} '{}' from {} is replaced by the one registered with the builder", kind, pid, l.info().origin());
        continue;
      }
      Loaded<T> prior = found.putIfAbsent(pid, l);
      if (prior != null) {
        throw duplicate(kind, pid, prior.info(), l.info());
      }
    }
    List<Loaded<T>> all = new ArrayList<>(byId.values());
    found.values().stream()
        .sorted((a, b) -> a.info().id().compareTo(b.info().id()))
        .forEach(all::add);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "cream {}s: {}",
          kind,
          all.stream().map(l -> l.info().id() + " (" + l.info().origin() + ")").toList());
    }
    return new Result<>(List.copyOf(all), List.copyOf(diagnostics));
  }

  private static <T> List<Loaded<T>> discover(
      Class<T> service,
      String kind,
      ClassLoader loader,
      Function<T, String> id,
      Function<T, String> displayName,
      List<Diagnostic> diagnostics) {
    List<Loaded<T>> out = new ArrayList<>();
    ServiceLoader<T> sl;
    try {
      sl = ServiceLoader.load(service, loader);
    } catch (ServiceConfigurationError e) {
      diagnostics.add(loadFailed(kind, service.getName(), e));
      return out;
    }
    Iterator<ServiceLoader.Provider<T>> it = sl.stream().iterator();
    int errors = 0;
    while (errors < MAX_LOAD_ERRORS) {
      ServiceLoader.Provider<T> provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        errors++;
        diagnostics.add(loadFailed(kind, "a registered provider", e));
        continue;
      }
      T instance;
      String className;
      try {
        className = provider.type().getName();
      } catch (ServiceConfigurationError | LinkageError e) {
        errors++;
        diagnostics.add(loadFailed(kind, "a registered provider", e));
        continue;
      }
      try {
        instance = provider.get();
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        errors++;
        diagnostics.add(loadFailed(kind, className, e));
        continue;
      }
      String pid = safeId(instance, id, kind, diagnostics);
      if (pid != null) {
        out.add(new Loaded<>(instance, info(kind, pid, instance, displayName, originOf(instance.getClass()))));
      }
    }
    return out;
  }

  private static Diagnostic loadFailed(String kind, String what, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Diagnostic.of(
        Severity.ERROR,
        "cream." + kind + ".load-failed",
        "the " + kind + " provider " + what + " could not be loaded (" + root.getClass().getSimpleName() + "); "
            + "the other providers still run");
  }

  private static <T> String safeId(T p, Function<T, String> id, String kind, List<Diagnostic> diagnostics) {
    String pid;
    try {
      pid = id.apply(p);
    } catch (RuntimeException | LinkageError e) {
      diagnostics.add(
          Diagnostic.of(
              Severity.ERROR,
              "cream." + kind + ".failed",
              "the " + kind + " provider " + p.getClass().getName() + " failed to give its id ("
                  + e.getClass().getSimpleName() + ") and is not used"));
      return null;
    }
    if (pid == null || !ID.matcher(pid).matches()) {
      diagnostics.add(
          Diagnostic.of(
              Severity.ERROR,
              "cream." + kind + ".invalid-id",
              "the " + kind + " provider " + p.getClass().getName()
                  + " has an id that is not lowercase letters, digits, dots and dashes, and is not used"));
      return null;
    }
    return pid;
  }

  private static <T> ProviderInfo info(
      String kind, String pid, T p, Function<T, String> displayName, String origin) {
    String name;
    try {
      name = displayName.apply(p);
    } catch (RuntimeException | LinkageError e) {
      name = null;
    }
    return new ProviderInfo(kind, pid, name == null || name.isBlank() ? pid : name, p.getClass().getName(), origin);
  }

  private static CreamConfigurationException duplicate(String kind, String id, ProviderInfo a, ProviderInfo b) {
    return new CreamConfigurationException(
        CreamConfigurationException.Reason.DUPLICATE_ID,
        "two " + kind + " providers have the id '" + id + "': " + a.className() + " from " + a.origin() + " and "
            + b.className() + " from " + b.origin() + "; remove one of them from the class path or module path");
  }

  /**
   * Where a class was loaded from: {@code module <name> (<location>)} for a named module, else the jar or
   * directory.
   *
   * @param type the class
   * @return a description of its origin
   */
  public static String originOf(Class<?> type) {
    Module module = type.getModule();
    if (module.isNamed()) {
      String location =
          Optional.ofNullable(module.getLayer())
              .flatMap(layer -> layer.configuration().findModule(module.getName()))
              .flatMap(resolved -> resolved.reference().location())
              .map(ProviderLoader::display)
              .orElse(null);
      return "module " + module.getName() + (location == null ? "" : " (" + location + ")");
    }
    try {
      CodeSource cs = type.getProtectionDomain().getCodeSource();
      if (cs != null && cs.getLocation() != null) {
        URL url = cs.getLocation();
        return display(url.toURI());
      }
    } catch (SecurityException | java.net.URISyntaxException e) {
      // fall through to the class loader's name
    }
    ClassLoader cl = type.getClassLoader();
    return "class path" + (cl == null || cl.getName() == null ? "" : " of " + cl.getName());
  }

  private static String display(URI uri) {
    if ("file".equals(uri.getScheme())) {
      return Path.of(uri).toString();
    }
    return uri.toString();
  }
}
