package io.iotpipeline.process;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a component's factory opened, closed in the reverse order of opening. The factory closes it
 * when a later step fails ({@link #closeAfter}), so a half-built component leaks no connection,
 * thread or process; otherwise the component's {@code close()} does.
 *
 * <p>The lifecycle every long-lived component follows: a static {@code create(...)} that opens what
 * the component needs (and nothing is left open if it throws), {@code start()} that begins the work
 * and returns when the component is ready or fails on a timeout, and an idempotent {@code close()}.
 * Thread-safe.
 */
public final class OwnedResources implements AutoCloseable {

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private boolean closed;

  /**
   * Takes ownership of {@code resource}. After {@link #close} it is closed at once and the call
   * fails: a component being closed must not open more.
   */
  public <T extends AutoCloseable> T add(T resource) {
    synchronized (this) {
      if (!closed) {
        resources.push(resource);
        return resource;
      }
    }
    IllegalStateException refused = new IllegalStateException("already closed");
    closeQuietly(resource, refused);
    throw refused;
  }

  /**
   * Closes everything, newest first; each resource is closed even if an earlier one failed. Does
   * nothing the second time.
   *
   * @throws IllegalStateException carrying the first close failure (the others suppressed)
   */
  @Override
  public void close() {
    IllegalStateException failure = closeAll();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Closes everything after {@code failure} made the factory give up, and returns {@code failure}
   * (close failures suppressed into it) for the factory to rethrow.
   */
  public <E extends Throwable> E closeAfter(E failure) {
    IllegalStateException closing = closeAll();
    if (closing != null) {
      failure.addSuppressed(closing);
    }
    return failure;
  }

  private IllegalStateException closeAll() {
    Deque<AutoCloseable> toClose;
    synchronized (this) {
      if (closed) {
        return null;
      }
      closed = true;
      toClose = new ArrayDeque<>(resources);
      resources.clear();
    }
    IllegalStateException failure = null;
    for (AutoCloseable resource : toClose) {
      try {
        resource.close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (failure == null) {
          failure =
              new IllegalStateException(
                  "closing " + resource.getClass().getSimpleName() + " failed: " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }

  private static void closeQuietly(AutoCloseable resource, Throwable cause) {
    try {
      resource.close();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
