package io.github.cream.examples.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events to the open pages: each page holds one connection, and every change of the logs is one
 * {@code update} event carrying the new version number (the page then asks for the documents again). A comment
 * line every few seconds keeps the connection alive and finds pages that went away.
 */
final class EventStream {

  /** The most pages served at once; more are refused (a local dashboard has a few tabs, not hundreds). */
  static final int MAX_CLIENTS = 32;

  private static final String CLOSE = "\u0000close";
  private static final long KEEP_ALIVE_SECONDS = 15;

  private final Set<BlockingQueue<String>> clients = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Sends an event to every open page.
   *
   * @param event the event name
   * @param data one line of data
   */
  void publish(String event, String data) {
    String frame = "event: " + event + "\ndata: " + data.replace('\n', ' ') + "\n\n";
    for (BlockingQueue<String> q : clients) {
      q.offer(frame);
    }
  }

  /**
   * Whether another page may connect now.
   *
   * @return false when full or closed
   */
  boolean accepting() {
    return !closed && clients.size() < MAX_CLIENTS;
  }

  /**
   * Serves one page until it goes away or the stream is closed: writes a first event, then every event published.
   *
   * @param out the response body, headers already sent
   * @param hello the first event's data
   * @throws IOException when the page went away
   */
  void serve(OutputStream out, String hello) throws IOException {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    clients.add(q);
    try {
      write(out, "retry: 1000\nevent: hello\ndata: " + hello + "\n\n");
      while (!closed) {
        String frame = q.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        if (frame == CLOSE) { // the sentinel's identity
          return;
        }
        write(out, frame != null ? frame : ": keep-alive\n\n");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(q);
    }
  }

  private static void write(OutputStream out, String frame) throws IOException {
    out.write(frame.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Ends every connection. */
  void close() {
    closed = true;
    for (BlockingQueue<String> q : clients) {
      q.offer(CLOSE);
    }
  }
}
