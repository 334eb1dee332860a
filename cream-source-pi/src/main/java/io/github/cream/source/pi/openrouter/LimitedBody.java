package io.github.cream.source.pi.openrouter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: a larger body is abandoned (the subscription cancelled, the
 * connection dropped) as soon as it passes the limit, never held whole.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** A body larger than the limit. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("the body is larger than the limit");
    }
  }

  private final int limit;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private LimitedBody(int limit) {
    this.limit = limit;
  }

  /**
   * A handler reading bodies of at most {@code limit} bytes.
   *
   * @param limit the largest body
   * @return the handler
   */
  static HttpResponse.BodyHandler<byte[]> handler(int limit) {
    return info -> new LimitedBody(limit);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (buffer.size() + (long) b.remaining() > limit) {
        subscription.cancel();
        body.completeExceptionally(new TooLargeException());
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      buffer.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    body.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    body.complete(buffer.toByteArray());
  }
}
