/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.parley.server;

import dev.parley.core.audio.AudioFormat;
import dev.parley.core.audio.WavWriter;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.EventJson;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.log.CallMdc;
import dev.parley.report.CallReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording of one call: caller audio, agent audio and events go to a writer thread of its own
 * through a queue, so neither the transport nor the session loop ever waits for the disk. The
 * caller's audio is laid down in order of arrival, the agent's at the session time it was played;
 * at the end the two become the left and right channels of {@code call.wav}.
 *
 * <p>When the writer falls behind by more than {@value #MAX_QUEUED} items, audio is dropped and
 * counted (a gap in the recording, said in the log); a disk error stops the recording and never the
 * call. {@link #user} may be called from the transport thread, {@link #agent} and {@link #accept}
 * from the session loop.
 */
final class CallRecording implements Consumer<SessionEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(CallRecording.class);
  private static final int RATE = 16_000;
  static final int MAX_QUEUED = 4096;

  private sealed interface Item {}

  private record UserAudio(short[] samples) implements Item {}

  private record AgentAudio(long atNanos, short[] samples) implements Item {}

  private record Event(SessionEvent event) implements Item {}

  private final Path partial;
  private final Path finished;
  private final String title;
  private final MediaClock clock;
  private final long originNanos;
  private final Runnable onDone;
  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final List<SessionEvent> events = new ArrayList<>();
  private final Thread writer;
  private volatile boolean ended;

  private CallRecording(
      Path dir, String name, String title, MediaClock clock, long originNanos, Runnable onDone) {
    this.partial = dir.resolve(".partial-" + name);
    this.finished = dir.resolve(name);
    this.title = title;
    this.clock = clock;
    this.originNanos = originNanos;
    this.onDone = onDone;
    this.writer = Thread.ofVirtual().name("record-" + name).unstarted(CallMdc.carry(this::write));
  }

  static CallRecording start(
      Path dir, String name, String title, MediaClock clock, long originNanos, Runnable onDone) {
    CallRecording r = new CallRecording(dir, name, title, clock, originNanos, onDone);
    r.writer.start();
    return r;
  }

  /** Where the finished recording is (once the call has ended and it is written). */
  Path directory() {
    return finished;
  }

  /** Waits for the recording to be written; true if it was within {@code timeout}. */
  boolean await(java.time.Duration timeout) throws InterruptedException {
    return writer.join(timeout);
  }

  /** Caller audio as it arrives (16 kHz mono). */
  void user(short[] samples, int offset, int length) {
    if (admit()) {
      short[] copy = new short[length];
      System.arraycopy(samples, offset, copy, 0, length);
      queue.add(new UserAudio(copy));
    }
  }

  /** Agent audio played at session time {@code atNanos}; the array is not kept by the caller. */
  void agent(long atNanos, short[] samples) {
    if (admit()) {
      queue.add(new AgentAudio(atNanos, samples));
    }
  }

  @Override
  public void accept(SessionEvent event) {
    if (ended) {
      return;
    }
    queued.incrementAndGet(); // events are never dropped: they are few and the report needs them
    queue.add(new Event(event));
    if (event instanceof SessionEvent.SessionEnded) {
      ended = true;
    }
  }

  private boolean admit() {
    if (ended || queued.get() >= MAX_QUEUED) {
      dropped.incrementAndGet();
      return false;
    }
    queued.incrementAndGet();
    return true;
  }

  // ---- the writer thread ------------------------------------------------------------------

  private void write() {
    Path userPcm = partial.resolve(".user.pcm");
    Path agentPcm = partial.resolve(".agent.pcm");
    boolean failed = false;
    try {
      Files.createDirectories(partial);
      try (FileChannel user = open(userPcm);
          FileChannel agent = open(agentPcm);
          Writer jsonl =
              Files.newBufferedWriter(partial.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
        long userSamples = 0;
        long endNanos = 0;
        while (true) {
          Item item = queue.take();
          queued.decrementAndGet();
          switch (item) {
            case UserAudio u -> {
              put(user, userSamples, u.samples());
              userSamples += u.samples().length;
            }
            case AgentAudio a -> put(agent, a.atNanos() * RATE / 1_000_000_000L, a.samples());
            case Event e -> {
              events.add(e.event());
              jsonl.write(EventJson.toJson(e.event()));
              jsonl.write('\n');
              endNanos = Math.max(endNanos, e.event().atNanos());
            }
          }
          if (item instanceof Event(SessionEvent.SessionEnded ended)) {
            jsonl.flush();
            long samples = Math.max(userSamples, Math.max(agent.size(), user.size()) / 2);
            samples = Math.max(samples, endNanos * RATE / 1_000_000_000L);
            writeWav(user, agent, samples);
            break;
          }
        }
      }
      long millis = (clock.nanos() - originNanos) / 1_000_000;
      events.sort(java.util.Comparator.comparingLong(EventJson::atMillis));
      writeText("timeline.json", timeline(millis));
      writeText("report.html", CallReport.render(title, millis, events));
      Files.deleteIfExists(userPcm);
      Files.deleteIfExists(agentPcm);
      Files.move(partial, finished, StandardCopyOption.ATOMIC_MOVE);
      if (dropped.get() > 0) {
        LOG.warn(
            "recording {} has gaps: {} audio frames dropped (the disk was behind)",
            finished,
            dropped.get());
      } else {
        LOG.debug("recorded to {}", finished);
      }
    } catch (InterruptedException e) {
      failed = true;
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      failed = true;
      LOG.warn("recording stopped, the call goes on: {}", e.toString());
    } finally {
      if (failed) {
        Recordings.delete(partial);
        queue.clear();
      }
      onDone.run();
    }
  }

  private static FileChannel open(Path path) throws IOException {
    return FileChannel.open(
        path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static void put(FileChannel channel, long atSample, short[] samples) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asShortBuffer().put(samples);
    long position = atSample * 2;
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  /** Interleaves the two channels, reading them a block at a time (a call may be long). */
  private void writeWav(FileChannel user, FileChannel agent, long samples) throws IOException {
    int block = 8192;
    ByteBuffer left = ByteBuffer.allocate(block * 2).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer right = ByteBuffer.allocate(block * 2).order(ByteOrder.LITTLE_ENDIAN);
    short[] stereo = new short[block * 2];
    try (WavWriter wav =
        WavWriter.create(
            partial.resolve("call.wav"), new AudioFormat(RATE, 2, AudioFormat.Encoding.PCM16))) {
      for (long at = 0; at < samples; at += block) {
        int n = (int) Math.min(block, samples - at);
        read(user, at, left, n);
        read(agent, at, right, n);
        for (int i = 0; i < n; i++) {
          stereo[2 * i] = left.getShort(2 * i);
          stereo[2 * i + 1] = right.getShort(2 * i);
        }
        wav.write(stereo, 0, 2 * n);
      }
    }
  }

  private static void read(FileChannel channel, long atSample, ByteBuffer into, int samples)
      throws IOException {
    into.clear();
    into.limit(samples * 2);
    long position = atSample * 2;
    while (into.hasRemaining()) {
      int n = channel.read(into, position);
      if (n < 0) {
        break; // past the end: silence
      }
      position += n;
    }
    while (into.hasRemaining()) {
      into.put((byte) 0);
    }
  }

  private String timeline(long callMillis) {
    StringBuilder w = new StringBuilder();
    w.append("{\"userAudioMillis\": ").append(callMillis).append(", \"events\": [\n");
    for (int i = 0; i < events.size(); i++) {
      w.append("  ").append(EventJson.toJson(events.get(i)));
      w.append(i + 1 < events.size() ? ",\n" : "\n");
    }
    return w.append("]}\n").toString();
  }

  private void writeText(String name, String text) throws IOException {
    try (BufferedWriter out =
        Files.newBufferedWriter(partial.resolve(name), StandardCharsets.UTF_8)) {
      out.write(text);
    }
  }
}
