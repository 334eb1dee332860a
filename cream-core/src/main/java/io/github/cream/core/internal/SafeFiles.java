package io.github.cream.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashSet;
import java.util.Set;

/**
 * Opening cream's own files (the scan index, its lock, the price override file) safely: only regular files are
 * opened (a FIFO or a device put there would block a run forever or feed it without end), a symbolic link is never
 * followed to write, and what cream creates is private to its owner whatever the umask.
 */
final class SafeFiles {

  /** Why a directory or file was refused. */
  static final class UnsafeException extends IOException {
    private static final long serialVersionUID = 1L;

    UnsafeException(String message) {
      super(message);
    }
  }

  private SafeFiles() {}

  /**
   * Opens an existing file to read, if it is a regular file (a symbolic link to one is followed: reading it is
   * harmless).
   *
   * @param file the file
   * @return the channel
   * @throws NoSuchFileException if it does not exist
   * @throws UnsafeException if it is not a regular file
   * @throws IOException if it cannot be opened
   */
  static FileChannel openToRead(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      throw new UnsafeException("not a regular file");
    }
    return FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
  }

  /**
   * Opens a file to write, creating it private (0600) if absent; an existing path must be a regular file and no
   * symbolic link.
   *
   * @param file the file
   * @param options the open options (WRITE, CREATE...)
   * @return the channel
   * @throws UnsafeException if the path is a link or not a regular file
   * @throws IOException if it cannot be opened
   */
  static FileChannel openToWrite(Path file, Set<? extends OpenOption> options) throws IOException {
    Set<PosixFilePermission> had = null;
    try {
      BasicFileAttributes a = posix(file)
          ? Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        throw new UnsafeException(a.isSymbolicLink() ? "a symbolic link" : "not a regular file");
      }
      if (a instanceof PosixFileAttributes p) {
        had = p.permissions();
      }
    } catch (NoSuchFileException e) {
      // created below
    }
    Set<OpenOption> all = new HashSet<>(options);
    all.add(LinkOption.NOFOLLOW_LINKS);
    FileChannel ch = posix(file)
        ? FileChannel.open(file, all, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : FileChannel.open(file, all);
    try {
      if (!OWNER_READ_WRITE.equals(had)) {
        // not when it already is: a change of mode is a change a watch of the directory reports
        restrict(file, "rw-------");
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return ch;
  }

  /**
   * Makes sure a directory of cream's exists and is safe to keep its files in: created 0700 (whatever the umask),
   * and if it already exists, owned by this user and writable by no one else (as ssh requires of its keys'
   * directory). On a file system without POSIX attributes only existence is checked.
   *
   * @param dir the directory
   * @throws UnsafeException if it belongs to another user or others may write it
   * @throws IOException if it cannot be created
   */
  static void privateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Path parent = dir.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(dir);
        restrict(dir, "rwx------");
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // created meanwhile by another scan: checked below
      }
    }
    if (!posix(dir)) {
      return;
    }
    PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class);
    if (!a.isDirectory()) {
      throw new UnsafeException("not a directory");
    }
    UserPrincipal me = currentUser(dir);
    if (me != null && !me.equals(a.owner())) {
      throw new UnsafeException("owned by another user");
    }
    Set<PosixFilePermission> p = a.permissions();
    if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new UnsafeException("writable by other users");
    }
  }

  private static UserPrincipal currentUser(Path dir) {
    String name = System.getProperty("user.name");
    if (name == null || name.isEmpty()) {
      return null;
    }
    try {
      return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
    } catch (IOException | RuntimeException e) {
      return null; // an unknown name (a container without a passwd entry): the permission check still applies
    }
  }

  private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void restrict(Path p, String perms) throws IOException {
    if (posix(p)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }
  }
}
