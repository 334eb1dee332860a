package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.core.EnrichOptions;
import io.github.cream.spi.Enricher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Where an enricher's credential (API key) comes from. Diagnostics name what is missing or unsafe, never a
 * credential; a key file is read only if it is a regular file of at most {@value #MAX_KEY_FILE_BYTES} bytes, and only
 * its first line, trimmed.
 */
final class EnrichmentCredentials {

  static final int MAX_KEY_FILE_BYTES = 4096;

  private EnrichmentCredentials() {}

  /**
   * An enricher's credential: the one given explicitly, else its key file, else its environment variable, else
   * {@code $XDG_CONFIG_HOME/cream/<id>.key}. A diagnostic names what is missing, never a credential.
   */
  static Optional<String> resolve(Enricher enricher, String id, EnrichOptions options, Environment environment,
      Diagnostics diagnostics) {
    Optional<String> explicit = options.credential(id);
    if (explicit.isPresent()) {
      return explicit;
    }
    Optional<Path> file = options.credentialFile(id);
    if (file.isPresent()) {
      Optional<String> k = keyFile(file.get(), id, true, diagnostics);
      if (k.isEmpty()) {
        diagnostics.add(Diagnostic.of(Severity.ERROR, "cream.enrich.no-credential",
                "the key file of the " + id + " enricher holds no key, or cannot be read; nothing was asked")
            .at(file.get()));
      }
      return k;
    }
    Optional<String> variable;
    try {
      variable = enricher.credentialVariable();
    } catch (RuntimeException | LinkageError e) {
      variable = Optional.empty();
    }
    if (variable == null || variable.isEmpty()) {
      return Optional.of("");
    }
    Optional<String> fromEnv = environment.get(variable.get()).map(String::strip).filter(s -> !s.isEmpty());
    if (fromEnv.isPresent()) {
      return fromEnv;
    }
    Path defaultFile = environment.configHome().resolve("cream").resolve(id + ".key");
    Optional<String> k = keyFile(defaultFile, id, false, diagnostics);
    if (k.isEmpty()) {
      diagnostics.add(Diagnostic.of(Severity.ERROR, "cream.enrich.no-credential",
          "no API key for the " + id + " enricher: set " + variable.get() + ", or put the key in " + defaultFile
              + " (readable by you only); nothing was asked"));
    }
    return k;
  }

  private static Optional<String> keyFile(Path file, String id, boolean named, Diagnostics diagnostics) {
    try (FileChannel ch = SafeFiles.openToRead(file)) {
      if (ch.size() > MAX_KEY_FILE_BYTES) {
        return Optional.empty();
      }
      warnIfShared(file, id, diagnostics);
      Reader r = new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8);
      try (BufferedReader in = new BufferedReader(r)) {
        String line = in.readLine();
        return line == null ? Optional.empty() : Optional.of(line.strip()).filter(s -> !s.isEmpty());
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      if (!named) {
        diagnostics.add(Diagnostic.of(Severity.WARNING, "cream.enrich.key-file-unreadable",
                "the key file of the " + id + " enricher could not be read (" + e.getClass().getSimpleName() + ")")
            .at(file));
      }
      return Optional.empty();
    }
  }

  private static void warnIfShared(Path file, String id, Diagnostics diagnostics) {
    try {
      if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        return;
      }
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        diagnostics.add(Diagnostic.of(Severity.WARNING, "cream.enrich.key-file-shared",
                "the key file of the " + id + " enricher can be read by other users; make it readable by you only"
                    + " (chmod 600)")
            .at(file));
      }
    } catch (IOException | RuntimeException e) {
      // the permissions could not be read: nothing to say
    }
  }
}