package io.github.cream.examples.export;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --listen HOST:PORT} of {@code cream export prometheus}: an IPv4 address, a bracketed IPv6 address or a
 * host name, and a port from 1 to 65535. Only the form is checked here; binding says the rest.
 *
 * @param host the address or name to bind
 * @param port the port
 */
record ListenAddress(String host, int port) {

  private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");

  static ListenAddress parse(String value) throws BadArgument {
    Matcher m = FORM.matcher(value.strip());
    if (!m.matches()) {
      throw new BadArgument("--listen: expected HOST:PORT such as 127.0.0.1:9464, got " + BadArgument.quote(value));
    }
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      throw new BadArgument("--listen: the port must be between 1 and 65535, got " + BadArgument.quote(value));
    }
    String host = m.group(1);
    return new ListenAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
  }

  /** Whether only this machine can connect. */
  boolean loopback() {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /** The scrape URL. */
  String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/metrics";
  }
}
