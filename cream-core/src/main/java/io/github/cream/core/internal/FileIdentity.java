package io.github.cream.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What a file's metadata says about it, read with one {@code stat}: size, modification time and the file system's
 * key (device and inode on Unix; absent where the platform has none).
 *
 * @param size the size in bytes
 * @param mtimeNanos the modification time in nanoseconds since the epoch (saturated)
 * @param fileKey the file system's key as text, or null where the platform gives none
 */
public record FileIdentity(long size, long mtimeNanos, String fileKey) {

  /**
   * The identity in a file's attributes.
   *
   * @param attributes attributes read from the file
   * @return the identity
   */
  public static FileIdentity of(BasicFileAttributes attributes) {
    FileTime t = attributes.lastModifiedTime();
    Object key = attributes.fileKey();
    return new FileIdentity(attributes.size(), t == null ? 0 : t.to(TimeUnit.NANOSECONDS), key == null ? null
        : key.toString());
  }

  /**
   * Reads a file's identity (one {@code stat}, following links).
   *
   * @param file the file
   * @return its identity
   * @throws IOException if the file cannot be read
   */
  public static FileIdentity read(Path file) throws IOException {
    return of(Files.readAttributes(file, BasicFileAttributes.class));
  }

  /**
   * Whether the metadata says the file is unchanged: same size, same modification time, same key.
   *
   * @param other an earlier identity
   * @return true when nothing visible changed
   */
  public boolean sameAs(FileIdentity other) {
    return other != null && size == other.size && mtimeNanos == other.mtimeNanos
        && Objects.equals(fileKey, other.fileKey);
  }

  /**
   * Whether both identities have a file key and the keys differ: the path now names another file (replaced by a
   * rename, deleted and created again).
   *
   * @param other an earlier identity
   * @return true when the file was replaced
   */
  public boolean replaces(FileIdentity other) {
    return fileKey != null && other.fileKey != null && !fileKey.equals(other.fileKey);
  }
}
