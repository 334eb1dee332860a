package io.github.cream.examples.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Who may read the dashboard: a request must name this server as its Host (a page of another site that re-points
 * its name at 127.0.0.1, DNS rebinding, names itself) and carry the random token of this run as the first segment
 * of its path (another local user, who can reach the port, cannot guess it).
 */
final class Access {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token;
  private final Set<String> hosts;

  private Access(String token, int port) {
    this.token = token;
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
  }

  /**
   * The rules for a server on a port, with a fresh token of 128 random bits.
   *
   * @param port the port the server listens on
   * @return the rules
   */
  static Access forPort(int port) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return new Access(HexFormat.of().formatHex(bytes), port);
  }

  /**
   * The token: the first segment of every path this server answers.
   *
   * @return the token, 32 hex digits
   */
  String token() {
    return token;
  }

  /**
   * Whether a Host header names this server.
   *
   * @param host the header's value, or null
   * @return true for {@code 127.0.0.1}, {@code localhost} or {@code [::1]} with this server's port
   */
  boolean hostAllowed(String host) {
    return host != null && hosts.contains(host.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * The rest of a path after its token segment, compared in constant time.
   *
   * @param path the request's path
   * @return the rest, starting with {@code /}; null when the path does not start with the token and a slash
   */
  String rest(String path) {
    if (path == null || path.length() < token.length() + 2 || path.charAt(0) != '/') {
      return null;
    }
    byte[] given = path.substring(1, token.length() + 1).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    String rest = path.substring(token.length() + 1);
    return rest.startsWith("/") ? rest : null;
  }
}
