package dev.parley.core.session;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.frame.Frame;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A session of a live call: its loop runs on one virtual thread that owns all session state and
 * reads the bounded inbox, waking for frames and for its own deadlines.
 *
 * <p>Backpressure is per flow. Caller audio is offered and dropped with a count when the inbox is
 * full, because late audio is worthless; workers park until there is room; control frames wait for
 * room too. Thread-safe: any thread may offer audio or hang up.
 */
public final class LiveSession implements AutoCloseable {
  private final MediaClock clock;
  private final BlockingQueue<Frame> inbox;
  private final SessionCore core;
  private final Thread loop;
  private final AtomicLong droppedFrames = new AtomicLong();
  private volatile @Nullable Throwable failure;

  private LiveSession(
      String name,
      MediaClock clock,
      Components components,
      SessionConfig config,
      Consumer<SessionEvent> listener,
      AudioOutput output) {
    this.clock = clock;
    this.inbox = new ArrayBlockingQueue<>(config.inboxCapacity());
    ThreadWorker.Inbox workerInbox = inbox::put;
    this.core =
        new SessionCore(
            config,
            components,
            listener,
            output,
            clock.nanos(),
            component -> new ThreadWorker(name, component, workerInbox, clock));
    this.loop = Thread.ofVirtual().name(name + "-loop").unstarted(this::run);
  }

  /** Starts a session whose loop runs until the call is hung up. */
  public static LiveSession start(
      String name,
      MediaClock clock,
      Components components,
      SessionConfig config,
      Consumer<SessionEvent> listener,
      AudioOutput output) {
    LiveSession session = new LiveSession(name, clock, components, config, listener, output);
    session.loop.start();
    return session;
  }

  /**
   * Offers one frame of caller audio (16 kHz mono PCM16); the array is copied. Returns false and
   * counts a drop when the session is behind.
   */
  public boolean offerAudio(short[] samples, int offset, int length) {
    short[] copy = new short[length];
    System.arraycopy(samples, offset, copy, 0, length);
    if (inbox.offer(new Frame.UserAudio(copy))) {
      return true;
    }
    droppedFrames.incrementAndGet();
    return false;
  }

  /** Frames of caller audio dropped because the session was behind. */
  public long droppedFrames() {
    return droppedFrames.get();
  }

  /** Ends the call. Returns at once; the loop finishes on its own thread. */
  public void hangup(String reason) throws InterruptedException {
    inbox.put(new Frame.Hangup(reason));
  }

  /** Waits for the loop to finish; true if it did within {@code timeout}. */
  public boolean await(Duration timeout) throws InterruptedException {
    return loop.join(timeout);
  }

  /** Whether the loop died of an unexpected error (a bug); the error, if so. */
  public @Nullable Throwable failure() {
    return failure;
  }

  @Override
  public void close() throws InterruptedException {
    if (loop.isAlive()) {
      hangup("closed");
      loop.join();
    }
  }

  private void run() {
    try {
      while (!core.ended()) {
        long now = clock.nanos();
        long deadline = core.nextDeadlineNanos();
        if (deadline <= now) {
          core.onTime(now);
          continue;
        }
        Frame frame =
            deadline == SessionCore.NEVER
                ? inbox.take()
                : inbox.poll(deadline - now, TimeUnit.NANOSECONDS);
        now = clock.nanos();
        if (frame != null) {
          core.onFrame(frame, now);
        }
        core.onTime(now);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      core.closeWorkers();
    }
  }
}
