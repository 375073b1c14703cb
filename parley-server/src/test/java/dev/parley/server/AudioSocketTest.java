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

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.audio.Resampler;
import dev.parley.core.clock.ManualClock;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.SessionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The Asterisk AudioSocket transport over real TCP on loopback, against a client that behaves like
 * Asterisk's {@code AudioSocket()} application, with the fake speech stack of {@link Fixtures}.
 */
class AudioSocketTest {

  /** Every call's events, in order, with their call's id. */
  static final class Events implements CallHost.Watcher {
    record Seen(String callId, SessionEvent event) {}

    final LinkedBlockingQueue<Seen> queue = new LinkedBlockingQueue<>();
    final List<Seen> all = new CopyOnWriteArrayList<>();

    @Override
    public void event(String callId, SessionEvent event) {
      Seen s = new Seen(callId, event);
      queue.add(s);
      all.add(s);
    }

    <T extends SessionEvent> Seen await(Class<T> type, Predicate<T> test, long seconds)
        throws InterruptedException {
      long deadline = MediaClock.system().nanos() + TimeUnit.SECONDS.toNanos(seconds);
      while (true) {
        long left = deadline - MediaClock.system().nanos();
        Seen s = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
        if (s == null) {
          throw new AssertionError("no " + type.getSimpleName() + " in " + seconds + " s: " + all);
        }
        if (type.isInstance(s.event()) && test.test(type.cast(s.event()))) {
          return s;
        }
      }
    }
  }

  private static ParleyServer server(ServerConfig.Builder config) throws IOException {
    ParleyServer server = Fixtures.server(config.audioSocketPort(0).build());
    assertThat(server.audioSocketPort()).isPositive();
    return server;
  }

  private static Events watch(ParleyServer server) {
    Events events = new Events();
    server.host().watch(events);
    return events;
  }

  /** Presses a key and waits for the session to take it as the user's turn: the call is live. */
  private static String pressAndAwait(AudioSocketClient client, Events events, char digit)
      throws Exception {
    client.sendDtmf(digit);
    return events
        .await(SessionEvent.UserTurnEnded.class, e -> e.text().equals("[DTMF " + digit + "]"), 10)
        .callId();
  }

  private static void assertBackToBaseline(ParleyServer server) throws InterruptedException {
    assertThat(server.host().awaitIdle(Duration.ofSeconds(10))).isTrue();
    AudioSocketServer listener = server.audioSocketServer();
    if (listener == null) {
      throw new AssertionError("the server has no AudioSocket listener");
    }
    assertThat(listener.awaitNoConnections(Duration.ofSeconds(10))).isTrue();
  }

  private static double rms(byte[] slin) {
    double sum = 0;
    for (int i = 0; i + 1 < slin.length; i += 2) {
      short s = (short) ((slin[i] & 0xff) | (slin[i + 1] << 8));
      sum += (double) s * s;
    }
    return Math.sqrt(sum / (slin.length / 2.0));
  }

  @Test
  void aCallHearsTheCallerTakesKeysAndAnswersInPacedSlinFrames() throws Exception {
    try (ParleyServer server = server(Fixtures.config())) {
      Events events = watch(server);
      AudioSocketClient client = AudioSocketClient.call(portOf(server));
      client.speak(Fixtures.CALLER);
      Events.Seen turn =
          events.await(
              SessionEvent.UserTurnEnded.class, e -> e.text().contains("book a flight"), 10);
      assertThat(server.host().call(turn.callId()).orElseThrow().transport())
          .isEqualTo("audiosocket");
      events.await(SessionEvent.AgentSpeechStarted.class, e -> e.text().startsWith("Sure"), 10);
      events.await(SessionEvent.AgentSpeechEnded.class, e -> !e.interrupted(), 15);

      // 11 words of 250 ms: 2.75 s, 137 frames of 20 ms (less the resampler's last few samples)
      List<AudioSocketClient.Message> frames = new ArrayList<>();
      while (frames.size() < 136) {
        frames.add(client.nextAudio(5));
      }
      assertThat(frames).allSatisfy(f -> assertThat(f.payload()).hasSize(320));
      // A 440 Hz tone at amplitude 2000 survives the conversion: RMS 2000 / sqrt(2).
      assertThat(rms(frames.get(60).payload())).isBetween(1300.0, 1530.0);
      // Paced in real time: ~50 frames a second, never a burst.
      double seconds = (frames.getLast().atNanos() - frames.getFirst().atNanos()) / 1e9;
      assertThat((frames.size() - 1) / seconds).isBetween(45.0, 55.0);
      int mostInAnyTenthOfASecond = 0;
      for (int i = 0; i < frames.size(); i++) {
        int j = i;
        while (j < frames.size()
            && frames.get(j).atNanos() - frames.get(i).atNanos() < 100_000_000L) {
          j++;
        }
        mostInAnyTenthOfASecond = Math.max(mostInAnyTenthOfASecond, j - i);
      }
      assertThat(mostInAnyTenthOfASecond).isLessThanOrEqualTo(8);

      assertThat(pressAndAwait(client, events, '5')).isEqualTo(turn.callId());

      client.sendHangup();
      events.await(SessionEvent.SessionEnded.class, e -> e.reason().equals("caller hung up"), 5);
      assertThat(client.awaitClosed(5)).isIn(-1, AudioSocketCodec.KIND_HANGUP);
      assertBackToBaseline(server);
      assertThat(client.errors()).isEmpty();
      assertThat(server.metrics().scrape()).doesNotContain("transport=\"audiosocket\"");
      client.close();
    }
  }

  @Test
  void theServerHangsUpWithAHangupMessage() throws Exception {
    try (ParleyServer server = server(Fixtures.config())) {
      Events events = watch(server);
      AudioSocketClient client = AudioSocketClient.call(portOf(server));
      String id = pressAndAwait(client, events, '1');
      server.host().call(id).orElseThrow().end("agent hung up", CloseCodes.NORMAL);
      assertThat(client.awaitClosed(5)).isEqualTo(AudioSocketCodec.KIND_HANGUP);
      events.await(SessionEvent.SessionEnded.class, e -> e.reason().equals("agent hung up"), 5);
      assertBackToBaseline(server);
      client.close();
    }
  }

  @Test
  void aCallerThatDropsTheConnectionWithoutAHangupEndsTheCall() throws Exception {
    try (ParleyServer server = server(Fixtures.config())) {
      Events events = watch(server);
      AudioSocketClient client = AudioSocketClient.call(portOf(server));
      pressAndAwait(client, events, '2');
      client.close();
      events.await(
          SessionEvent.SessionEnded.class,
          e -> e.reason().equals("caller closed the connection"),
          5);
      assertBackToBaseline(server);
    }
  }

  @Test
  void overTheMaximumACallIsRefusedWithAnErrorAndTheSlotComesBackAfter() throws Exception {
    try (ParleyServer server = server(Fixtures.config().maxSessions(1))) {
      Events events = watch(server);
      try (AudioSocketClient first = AudioSocketClient.call(portOf(server))) {
        pressAndAwait(first, events, '1');
        try (AudioSocketClient second = AudioSocketClient.connect(portOf(server))) {
          // Refused at connect: the error may come before the UUID is even sent.
          try {
            second.sendUuid();
          } catch (java.io.IOException refusedFirst) {
            // the server closed first: what refusing at connect means
          }
          assertThat(second.awaitClosed(5)).isEqualTo(AudioSocketCodec.KIND_ERROR);
          assertThat(second.errors().getFirst().payload())
              .containsExactly(AudioSocketCodec.ERROR_BUSY);
        }
        assertThat(server.metrics().scrape())
            .contains("parley_sessions_rejected_total{reason=\"capacity\"} 1.0");
        first.sendHangup();
        assertThat(first.awaitClosed(5)).isIn(-1, AudioSocketCodec.KIND_HANGUP);
      }
      assertBackToBaseline(server);
      try (AudioSocketClient third = AudioSocketClient.call(portOf(server))) {
        pressAndAwait(third, events, '3');
        third.sendHangup();
      }
      assertBackToBaseline(server);
    }
  }

  @Test
  void aDrainHangsUpActiveCallsPolitelyAndRefusesNewOnes() throws Exception {
    try (ParleyServer server = server(Fixtures.config().drainGrace(Duration.ZERO))) {
      Events events = watch(server);
      AudioSocketClient client = AudioSocketClient.call(portOf(server));
      pressAndAwait(client, events, '9');
      server.drain();
      assertThat(client.awaitClosed(5)).isEqualTo(AudioSocketCodec.KIND_HANGUP);
      events.await(SessionEvent.SessionEnded.class, e -> e.reason().equals("server draining"), 5);
      try (AudioSocketClient late = AudioSocketClient.connect(portOf(server))) {
        try {
          late.sendUuid();
        } catch (java.io.IOException refusedFirst) {
          // refused at connect, before the UUID
        }
        assertThat(late.awaitClosed(5)).isEqualTo(AudioSocketCodec.KIND_ERROR);
        assertThat(late.errors().getFirst().payload())
            .containsExactly(AudioSocketCodec.ERROR_DRAINING);
      }
      assertBackToBaseline(server);
      client.close();
    }
  }

  @Test
  void aConnectionThatNeverSendsItsUuidIsRefusedAfterTheTimeout() throws Exception {
    ServerConfig config = Fixtures.config().build();
    CallHost host =
        new CallHost(
            config, Fixtures.components(), SessionConfig.defaults(), MediaClock.system(), m -> {});
    AudioSocketServer.Timeouts timeouts =
        new AudioSocketServer.Timeouts(
            Duration.ofMillis(300), Duration.ofSeconds(60), Duration.ofSeconds(10));
    try (AudioSocketServer listener =
            AudioSocketServer.start("127.0.0.1", 0, host, MediaClock.system(), timeouts);
        AudioSocketClient silent = AudioSocketClient.connect(listener.port())) {
      long start = MediaClock.system().nanos();
      assertThat(silent.awaitClosed(5)).isEqualTo(AudioSocketCodec.KIND_ERROR);
      assertThat(MediaClock.system().nanos() - start).isGreaterThanOrEqualTo(250_000_000L);
      assertThat(silent.errors().getFirst().payload())
          .containsExactly(AudioSocketCodec.ERROR_PROTOCOL);
      assertThat(host.metrics().scrape())
          .contains("parley_protocol_errors_total{transport=\"audiosocket\"} 1.0");
      assertThat(listener.awaitNoConnections(Duration.ofSeconds(5))).isTrue();
      assertThat(host.active()).isZero();
    }
  }

  @Test
  void primedConvertersGiveExactlyOneFrameOutForEachFrameIn() {
    Resampler up = AudioSocketCodec.primed(new Resampler(8_000, 16_000));
    Resampler down = AudioSocketCodec.primed(new Resampler(16_000, 8_000));
    short[] narrow = new short[160];
    short[] wide = new short[320];
    short[] out = new short[400];
    for (int frame = 0; frame < 20; frame++) {
      assertThat(up.process(narrow, 0, 160, out, 0)).isEqualTo(320);
      assertThat(down.process(wide, 0, 320, out, 0)).isEqualTo(160);
    }
  }

  /**
   * The writer's pacing on a manual clock, into a real AudioSocket connection on a socket pair:
   * frames handed over all at once are due 20 ms apart; after a stall of more than 100 ms pacing
   * restarts instead of bursting the backlog; each frame leaves as one 20 ms slin message; the
   * close is a hang-up message and the end of the stream.
   */
  @Test
  void outboundFramesAreDueEveryTwentyMillisecondsAndAStallRestartsThePacing() throws Exception {
    ManualClock clock = new ManualClock(1_000_000_000L);
    CallHost host =
        new CallHost(
            Fixtures.config().build(),
            Fixtures.components(),
            SessionConfig.defaults(),
            clock,
            m -> {});
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket asterisk = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket accepted = listener.accept()) {
      AudioSocketConnection connection =
          new AudioSocketConnection(
              accepted, host, clock, AudioSocketServer.Timeouts.defaults(), c -> {});
      OutboundQueue queue = OutboundQueue.withHighWatermark(50, () -> {});
      CallWriter writer = new CallWriter(queue, connection, true, () -> {});
      short[] tone = new short[320];
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (short) (2000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
      }
      long t0 = 5_000_000_000L;
      InputStream in = asterisk.getInputStream();
      for (int k = 0; k < 5; k++) {
        queue.offerAudio(t0 + k * 20_000_000L, tone, 0, 320); // all handed over at once
      }
      long start = clock.nanos();
      List<Long> sentAt = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        long next = writer.writeDue(clock.nanos());
        sentAt.add(clock.nanos());
        assertThat(in.readNBytes(323)).hasSize(323).startsWith(0x10, 0x01, 0x40);
        if (k < 4) {
          assertThat(next).isEqualTo(start + (k + 1) * 20_000_000L);
          clock.advanceTo(next - 1);
          assertThat(writer.writeDue(clock.nanos())).as("not yet due").isEqualTo(next);
          clock.advanceTo(next);
        } else {
          assertThat(next).isEqualTo(OutboundQueue.NEVER);
        }
      }
      assertThat(sentAt.getLast() - sentAt.getFirst()).isEqualTo(80_000_000L);

      clock.advance(Duration.ofMillis(300)); // the session stalls, then delivers the rest at once
      for (int k = 5; k < 10; k++) {
        queue.offerAudio(t0 + k * 20_000_000L, tone, 0, 320);
      }
      long resumed = clock.nanos();
      long next = writer.writeDue(resumed); // late by 300 ms: sent now, the pacing restarts
      assertThat(in.readNBytes(323)).hasSize(323);
      assertThat(next).isEqualTo(resumed + 20_000_000L);
      for (int k = 6; k < 10; k++) {
        clock.advanceTo(next);
        next = writer.writeDue(clock.nanos());
        assertThat(in.readNBytes(323)).hasSize(323);
      }
      assertThat(clock.nanos() - resumed).isEqualTo(80_000_000L);

      queue.close(CloseCodes.NORMAL, "agent hung up");
      assertThat(writer.writeDue(clock.nanos())).isEqualTo(CallWriter.CLOSED);
      assertThat(in.readAllBytes()).containsExactly(0, 0, 0);
    }
  }

  /**
   * Abuse from many connections at once: random bytes, huge lengths, truncated headers and
   * payloads, audio before the UUID, a wrong-sized UUID, bad messages inside a call. Every one is
   * closed by the server (with an error message where the framing is lost), the bad input is
   * counted, nothing is left behind, and a clean call works afterwards.
   */
  @Test
  void abusiveConnectionsAreClosedCountedAndLeaveNothingBehind() throws Exception {
    try (ParleyServer server = server(Fixtures.config().maxSessions(4))) {
      int platformThreads = ManagementFactory.getThreadMXBean().getThreadCount();
      int port = portOf(server);
      List<Abuse> abuses = abuses();
      AtomicInteger errorsSeen = new AtomicInteger();
      List<Future<@Nullable Void>> done = new ArrayList<>();
      try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int round = 0; round < 6; round++) {
          for (Abuse abuse : abuses) {
            long seed = 31L * round + abuses.indexOf(abuse);
            done.add(
                threads.submit(
                    () -> {
                      if (abuse.run(port, new Random(seed))) {
                        errorsSeen.incrementAndGet();
                      }
                      return null;
                    }));
          }
        }
        for (Future<@Nullable Void> f : done) {
          f.get(30, TimeUnit.SECONDS); // every connection was closed by the server
        }
      }
      assertThat(errorsSeen.get()).isGreaterThanOrEqualTo(6 * 5);
      assertBackToBaseline(server);
      assertThat(server.metrics().scrape())
          .containsPattern("parley_protocol_errors_total\\{transport=\"audiosocket\"} [1-9]");

      Events events = watch(server);
      try (AudioSocketClient clean = AudioSocketClient.call(port)) {
        pressAndAwait(clean, events, '7');
        clean.sendHangup();
        assertThat(clean.awaitClosed(5)).isIn(-1, AudioSocketCodec.KIND_HANGUP);
      }
      assertBackToBaseline(server);
      assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
          .isLessThanOrEqualTo(platformThreads + 4);
    }
  }

  /** One kind of abuse; true if the server answered with an error message before closing. */
  @FunctionalInterface
  interface Abuse {
    boolean run(int port, Random random) throws Exception;
  }

  private static List<Abuse> abuses() {
    byte[] uuid = new byte[19];
    uuid[0] = (byte) AudioSocketCodec.KIND_UUID;
    uuid[2] = 16;
    return List.of(
        // random bytes, never starting with a UUID
        (port, r) -> abuse(port, concat(new byte[] {0x42}, randomBytes(r, 2000))),
        // a huge length before the UUID
        (port, r) -> abuse(port, new byte[] {0x10, (byte) 0xff, (byte) 0xff, 1, 2, 3}),
        // a truncated header
        (port, r) -> abuse(port, new byte[] {0x01, 0x00}),
        // audio before the UUID
        (port, r) -> abuse(port, concat(new byte[] {0x10, 0x01, 0x40}, new byte[320])),
        // a UUID of the wrong size
        (port, r) -> abuse(port, new byte[] {0x01, 0x00, 0x04, 1, 2, 3, 4}),
        // inside a call: a huge length
        (port, r) -> abuse(port, concat(uuid, new byte[] {0x10, (byte) 0xff, (byte) 0xff, 0})),
        // inside a call: bad messages that keep the framing, then a truncated payload
        (port, r) ->
            abuse(
                port,
                concat(
                    uuid,
                    new byte[] {0x42, 0, 2, 9, 9}, // an unknown kind
                    new byte[] {0x10, 0, 3, 1, 2, 3}, // odd-length audio
                    new byte[] {0x03, 0, 1, 'x'}, // a bad digit
                    uuid, // a second UUID
                    new byte[] {0x10, 0x01, 0x40, 0, 0, 0, 0})), // 320 announced, 4 sent
        // inside a call: random bytes
        (port, r) -> abuse(port, concat(uuid, randomBytes(r, 5000))),
        // connected and gone
        (port, r) -> abuse(port, new byte[0]));
  }

  /** Sends {@code bytes}, half-closes, reads until the server closes; true if it sent an error. */
  private static boolean abuse(int port, byte[] bytes) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      try {
        socket.getOutputStream().write(bytes);
        socket.shutdownOutput();
      } catch (IOException e) {
        return false; // closed on us mid-write: the server already refused
      }
      boolean error = false;
      InputStream in = socket.getInputStream();
      byte[] header = new byte[3];
      try {
        while (in.readNBytes(header, 0, 3) == 3) {
          int length = ((header[1] & 0xff) << 8) | (header[2] & 0xff);
          in.readNBytes(length);
          error |= (header[0] & 0xff) == AudioSocketCodec.KIND_ERROR;
        }
      } catch (java.net.SocketException e) {
        // reset: closed with our bytes unread
      }
      return error;
    }
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  private static int portOf(ParleyServer server) {
    return server.audioSocketPort();
  }
}
