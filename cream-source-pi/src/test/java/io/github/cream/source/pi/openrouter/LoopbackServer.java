package io.github.cream.source.pi.openrouter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP/1.1 server on the loopback interface, written on a plain {@link ServerSocket} so that a test decides
 * every byte: a normal answer, a stalled one, an endless body, a connection reset. One request per connection
 * ({@code Connection: close}).
 */
final class LoopbackServer implements AutoCloseable {

  /** One request as the server read it. */
  record Request(String method, String path, Map<String, String> query, Map<String, String> headers, String raw) {
    String id() {
      return query.get("id");
    }
  }

  /** What to do with a request. */
  interface Handler {
    void handle(Request request, Exchange exchange) throws IOException, InterruptedException;
  }

  /** The answer side of one connection. */
  static final class Exchange {
    private final Socket socket;

    Exchange(Socket socket) {
      this.socket = socket;
    }

    void respond(int status, String body, String... headers) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(head(status, b.length, headers));
      out.write(b);
      out.flush();
    }

    /** The headers, then a body of {@code size} bytes written in pieces, unless the client hangs up first. */
    void respondHuge(long size) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(head(200, size, new String[0]));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      chunk[0] = '{';
      long sent = 0;
      try {
        while (sent < size) {
          int n = (int) Math.min(chunk.length, size - sent);
          out.write(chunk, 0, n);
          chunk[0] = ' ';
          sent += n;
        }
        out.flush();
      } catch (IOException e) {
        // the client gave up, as it should
      }
    }

    /** The headers of a 200 answer, then nothing more for a while. */
    void respondHeadersThenStall(long millis) throws IOException, InterruptedException {
      OutputStream out = socket.getOutputStream();
      out.write(head(200, 1000, new String[0]));
      out.write('{');
      out.flush();
      Thread.sleep(millis);
    }

    /** Closes the connection with a TCP reset, without a byte of answer. */
    void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    private static byte[] head(int status, long length, String[] headers) {
      StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
          .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(length)
          .append("\r\nConnection: close\r\n");
      for (String h : headers) {
        sb.append(h).append("\r\n");
      }
      return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String reason(int status) {
      return switch (status) {
        case 200 -> "OK";
        case 401 -> "Unauthorized";
        case 404 -> "Not Found";
        case 429 -> "Too Many Requests";
        case 500 -> "Internal Server Error";
        case 503 -> "Service Unavailable";
        default -> "Status";
      };
    }
  }

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private volatile Handler handler;
  private volatile boolean closed;

  LoopbackServer(Handler handler) throws IOException {
    this.handler = handler;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "loopback-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The OpenRouter-style base URI of this server. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v1");
  }

  void handler(Handler h) {
    this.handler = h;
  }

  /** Every request received so far, in order. */
  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** The ids asked about so far, in order. */
  List<String> ids() {
    return requests.stream().map(Request::id).toList();
  }

  private void accept() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread t = new Thread(() -> serve(s), "loopback-conn");
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      Request r = read(s.getInputStream());
      if (r == null) {
        return;
      }
      requests.add(r);
      handler.handle(r, new Exchange(s));
    } catch (IOException | RuntimeException e) {
      // a client that went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Request read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
          : b == '\r' ? 1 : 0;
      if (head.size() > 64 * 1024) {
        return null;
      }
    }
    String raw = head.toString(StandardCharsets.ISO_8859_1);
    String[] lines = raw.split("\r\n");
    String[] first = lines[0].split(" ");
    String target = first[1];
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String kv : target.substring(q + 1).split("&")) {
        int eq = kv.indexOf('=');
        query.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      if (c > 0) {
        headers.put(lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
      }
    }
    return new Request(first[0], path, query, headers, raw);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Thread t : workers) {
      t.interrupt();
    }
  }
}
