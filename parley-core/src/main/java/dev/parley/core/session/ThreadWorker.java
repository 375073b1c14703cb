package dev.parley.core.session;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.frame.Frame;
import dev.parley.core.spi.ProviderException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Worker} on its own virtual thread, for live calls. Its frames go straight to the session
 * inbox, parking the job while the inbox is full.
 */
final class ThreadWorker implements Worker {
  private final String component;
  private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
  private final Inbox inbox;
  private final MediaClock clock;
  private final Thread thread;
  private final Object lock = new Object();
  private boolean running;
  private volatile boolean closed;

  /** The session's inbox as a worker sees it. */
  interface Inbox {
    void put(Frame frame) throws InterruptedException;
  }

  ThreadWorker(String sessionName, String component, Inbox inbox, MediaClock clock) {
    this.component = component;
    this.inbox = inbox;
    this.clock = clock;
    this.thread = Thread.ofVirtual().name(sessionName + "-" + component).start(this::loop);
  }

  @Override
  public void submit(Job job) {
    if (!closed) {
      jobs.add(job);
    }
  }

  @Override
  public void cancel() {
    jobs.clear();
    synchronized (lock) {
      if (running) {
        thread.interrupt();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    jobs.clear();
    thread.interrupt();
  }

  private void loop() {
    Outbox out =
        new Outbox() {
          @Override
          public void post(Frame frame) throws InterruptedException {
            inbox.put(frame);
          }

          @Override
          public void charge(long nanos) {}

          @Override
          public void await(long nanos) throws InterruptedException {
            new Pacer(clock).awaitUntil(clock.nanos() + nanos);
          }
        };
    while (!closed) {
      Job job;
      try {
        job = jobs.take();
      } catch (InterruptedException e) {
        continue; // a cancel that raced with the end of the previous job, or close
      }
      synchronized (lock) {
        running = true;
      }
      @Nullable String failure = null;
      try {
        job.run(out);
      } catch (InterruptedException e) {
        // cancelled: the loop has already moved on
      } catch (ProviderException e) {
        failure = e.getMessage();
      } catch (RuntimeException e) {
        failure = e.toString();
      } finally {
        synchronized (lock) {
          running = false;
          Thread.interrupted(); // a cancel that arrived after the job ended must not hit the next
        }
      }
      if (failure != null && !closed) {
        try {
          inbox.put(new Frame.ComponentFailed(component, failure));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
