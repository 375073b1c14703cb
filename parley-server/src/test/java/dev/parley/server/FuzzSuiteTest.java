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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.event.SessionEvent;
import dev.parley.server.MediaStreamClient.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 6, the fuzz and fault suite of the gate: on each transport, four connections send
 * randomised malformed input (broken JSON, bad base64, sizes at and past every limit, binary where
 * text belongs, floods over the rate, every message in every order) for as long as a clean call
 * beside them speaks its turn. The clean call must lose no frame, be heard and be answered; the
 * server must count the bad input and end with no call left. Bounded: about five seconds a
 * transport. The seeds are fixed, so a failure replays; the tallies go to {@code
 * target/fuzz-report.txt} and {@code docs/security.md}.
 */
class FuzzSuiteTest {
  private static final int FUZZERS = 4;
  private static final MediaClock CLOCK = MediaClock.system();

  /** What the fuzzers did to one transport. */
  static final class Tally {
    final AtomicLong inputs = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    final Map<String, AtomicLong> endings = new ConcurrentHashMap<>();

    void ended(String how) {
      endings.computeIfAbsent(how, k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** One fuzzing connection's life; returns how it ended. */
  @FunctionalInterface
  interface Fuzzer {
    String run(ParleyServer server, FuzzInputs in, Tally tally, long untilNanos) throws Exception;
  }

  /** The clean call: speaks the caller's script and returns once answered. */
  @FunctionalInterface
  interface CleanCall {
    void run(ParleyServer server, CallEvents events, AtomicReference<Call> clean) throws Exception;
  }

  /** Every call's events with its id: the clean call's are told from the fuzzers' by it. */
  static final class CallEvents {
    final List<Map.Entry<String, SessionEvent>> all =
        new java.util.concurrent.CopyOnWriteArrayList<>();
  }

  /** The text of the clean call's first user turn, waited for. */
  private static String turnEnd(CallEvents events, AtomicReference<Call> clean)
      throws InterruptedException {
    MediaStreamCallTest.eventually(
        "the clean call's turn end",
        () ->
            events.all.stream()
                .anyMatch(
                    e ->
                        clean.get() != null
                            && e.getKey().equals(clean.get().id())
                            && e.getValue() instanceof SessionEvent.UserTurnEnded),
        Duration.ofSeconds(10));
    return events.all.stream()
        .filter(e -> e.getKey().equals(clean.get().id()))
        .map(Map.Entry::getValue)
        .filter(SessionEvent.UserTurnEnded.class::isInstance)
        .map(e -> ((SessionEvent.UserTurnEnded) e).text())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void browserSocketsFuzzedBesideACleanCall() throws Exception {
    suite(
        "ws",
        FuzzSuiteTest::fuzzBrowser,
        (server, events, call) -> {
          try (WsClient clean = WsClient.connect(ServerTest.ws(server, "/ws"))) {
            clean.awaitType("session", 5);
            clean.sendText("{\"type\":\"start\",\"sample_rate\":16000}");
            Fixtures.speak(Fixtures.CALLER, clean::sendAudio);
            assertThat(clean.awaitType("user_turn_end", 10)).contains("book a flight to Boston");
            clean.awaitType("agent_speech_end", 10);
            assertThat(clean.audioBytes.get()).isPositive();
            assertNoFrameLost(call);
            clean.sendText("{\"type\":\"hangup\"}");
            assertThat(clean.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
          }
        });
  }

  @Test
  void twilioStreamsFuzzedBesideACleanCall() throws Exception {
    suite("twilio", fuzzMediaStream(Provider.TWILIO), cleanMediaStream(Provider.TWILIO));
  }

  @Test
  void telnyxStreamsFuzzedBesideACleanCall() throws Exception {
    suite("telnyx", fuzzMediaStream(Provider.TELNYX), cleanMediaStream(Provider.TELNYX));
  }

  @Test
  void audioSocketsFuzzedBesideACleanCall() throws Exception {
    suite(
        "audiosocket",
        FuzzSuiteTest::fuzzAudioSocket,
        (server, events, call) -> {
          try (AudioSocketClient clean = AudioSocketClient.call(server.audioSocketPort())) {
            MediaStreamCallTest.eventually(
                "the clean call", () -> server.host().active() >= 1, Duration.ofSeconds(5));
            clean.speak(Fixtures.CALLER);
            assertThat(turnEnd(events, call)).contains("book a flight to Boston");
            clean.nextAudio(10);
            assertNoFrameLost(call);
            clean.sendHangup();
            assertThat(clean.awaitClosed(5)).isIn(-1, AudioSocketCodec.KIND_HANGUP);
          }
        });
  }

  // ---- the harness -----------------------------------------------------------------------------

  private static void assertNoFrameLost(AtomicReference<Call> call) {
    Call clean = call.get();
    assertThat(clean).as("the clean call").isNotNull();
    assertThat(clean.droppedInbound()).as("caller frames the clean call lost").isZero();
  }

  private static void suite(String transport, Fuzzer fuzzer, CleanCall cleanCallBody)
      throws Exception {
    ServerConfig config = Fixtures.config().audioSocketPort(0).maxMessagesPerSecond(200).build();
    try (ParleyServer server = Fixtures.server(config)) {
      CallEvents events = new CallEvents();
      server.host().watch((id, e) -> events.all.add(Map.entry(id, e)));
      Tally tally = new Tally();
      AtomicReference<Call> cleanCall = new AtomicReference<>();
      AtomicReference<Throwable> cleanFailure = new AtomicReference<>();
      long untilNanos = CLOCK.nanos() + 4_500_000_000L;
      // The clean call first: it is the only call up before the fuzzers come.
      Thread clean =
          Thread.ofVirtual()
              .name("clean-" + transport)
              .start(
                  () -> {
                    try {
                      cleanCallBody.run(server, events, cleanCall);
                    } catch (Exception | AssertionError e) {
                      cleanFailure.set(e);
                    }
                  });
      MediaStreamCallTest.eventually(
          "the clean call up", () -> !server.host().calls().isEmpty(), Duration.ofSeconds(10));
      cleanCall.set(server.host().calls().iterator().next());
      List<Thread> fuzzers = new ArrayList<>();
      for (int f = 0; f < FUZZERS; f++) {
        long seed = 17L * 1_000 + f * 31L + transport.hashCode();
        fuzzers.add(
            Thread.ofVirtual()
                .name("fuzz-" + transport + "-" + f)
                .start(
                    () -> {
                      FuzzInputs in = new FuzzInputs(seed);
                      while (CLOCK.nanos() < untilNanos) {
                        tally.connections.incrementAndGet();
                        try {
                          tally.ended(fuzzer.run(server, in, tally, untilNanos));
                        } catch (Exception | AssertionError e) {
                          // the server closing on us mid-send is an ending, not a failure
                          tally.ended("client saw " + e.getClass().getSimpleName());
                        }
                      }
                    }));
      }
      for (Thread t : fuzzers) {
        assertThat(t.join(Duration.ofSeconds(30))).as("a fuzzer ended").isTrue();
      }
      assertThat(clean.join(Duration.ofSeconds(30))).as("the clean call ended").isTrue();
      assertThat(cleanFailure.get()).as("the clean call").isNull();
      assertThat(server.host().awaitIdle(Duration.ofSeconds(15)))
          .as("no call left behind")
          .isTrue();
      double errors = MediaStreamCallTest.protocolErrors(server, transport);
      assertThat(errors).as("bad input counted").isPositive();
      assertThat(tally.inputs.get()).as("inputs tried").isGreaterThan(100);
      report(transport, tally, errors, cleanCall.get());
    }
  }

  private static void report(String transport, Tally tally, double errors, Call clean)
      throws IOException {
    String line =
        String.format(
            Locale.ROOT,
            "%-12s inputs %6d  connections %4d  protocol errors counted %6.0f  clean call kept 1/1,"
                + " frames lost %d  endings %s%n",
            transport,
            tally.inputs.get(),
            tally.connections.get(),
            errors,
            clean.droppedInbound(),
            new java.util.TreeMap<>(tally.endings));
    System.out.print("fuzz: " + line);
    Path out = Path.of("target", "fuzz-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(
        out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Waits a little or not at all: bursts and trickles both. */
  private static void pace(FuzzInputs in) throws InterruptedException {
    if (in.chance(70)) {
      return;
    }
    new Pacer(CLOCK).awaitUntil(CLOCK.nanos() + in.random().nextInt(30) * 1_000_000L);
  }

  // ---- the fuzzers -----------------------------------------------------------------------------

  private static String fuzzBrowser(
      ParleyServer server, FuzzInputs in, Tally tally, long untilNanos) throws Exception {
    try (WsClient ws = WsClient.connect(ServerTest.ws(server, "/ws"))) {
      int messages = 5 + in.random().nextInt(60);
      for (int i = 0; i < messages && CLOCK.nanos() < untilNanos; i++) {
        if (ws.closed.isDone()) {
          return "closed " + ws.closed.get();
        }
        tally.inputs.incrementAndGet();
        switch (in.random().nextInt(8)) {
          case 0 -> ws.sendText("{\"type\":\"start\",\"sample_rate\":" + in.oddValue() + "}");
          case 1 -> ws.sendText("{\"type\":\"dtmf\",\"digit\":" + in.oddValue() + "}");
          case 2 -> ws.sendText(in.brokenJson("{\"type\":\"start\",\"sample_rate\":16000}"));
          case 3 -> ws.sendText("{\"type\":" + in.oddValue() + "}");
          case 4 -> ws.sendBinary(in.bytes(in.chance(10) ? 70_000 : 2_000)); // odd, empty, too big
          case 5 -> {
            // a flood of audio far faster than real time
            for (int k = 0; k < 40; k++) {
              ws.sendBinary(new byte[640]);
            }
          }
          case 6 -> ws.sendText(in.word(in.random().nextInt(200)));
          default -> ws.sendBinary(new byte[2 * (1 + in.random().nextInt(2_000))]);
        }
        pace(in);
      }
      if (in.chance(30)) {
        ws.sendText("{\"type\":\"hangup\"}");
      }
      return ws.closed.isDone() ? "closed " + ws.closed.get() : "client left";
    }
  }

  private static Fuzzer fuzzMediaStream(Provider provider) {
    return (server, in, tally, untilNanos) -> {
      try (MediaStreamClient phone = MediaStreamClient.connect(server, provider)) {
        String id = provider.streamIdField;
        boolean started = false;
        int messages = 5 + in.random().nextInt(60);
        for (int i = 0; i < messages && CLOCK.nanos() < untilNanos; i++) {
          if (phone.closed.isDone()) {
            return "closed " + phone.closed.get();
          }
          tally.inputs.incrementAndGet();
          switch (in.random().nextInt(10)) {
            case 0 -> {
              if (in.chance(70)) {
                phone.begin();
                started = true;
              } else {
                phone.begin(in.pick(List.of("audio/x-alaw", "L16", "opus")), 16_000);
              }
            }
            case 1 ->
                phone.send(
                    "{\"event\":\"media\",\""
                        + id
                        + "\":\"x\",\"media\":{\"track\":\"inbound\",\"payload\":\""
                        + in.payload()
                        + "\"}}");
            case 2 ->
                phone.send("{\"event\":\"media\",\"media\":{\"payload\":" + in.oddValue() + "}}");
            case 3 ->
                phone.send(
                    "{\"event\":\"mark\",\""
                        + id
                        + "\":\"x\",\"mark\":{\"name\":\""
                        + in.pick(List.of("1:999999999999", "0:0", "-1:5", "abc", "", "9:9"))
                        + "\"}}");
            case 4 -> phone.send("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":" + in.oddValue() + "}}");
            case 5 ->
                phone.send(in.brokenJson("{\"event\":\"media\",\"media\":{\"payload\":\"\"}}"));
            case 6 -> phone.sendBinary(in.bytes(1_000));
            case 7 -> {
              for (int k = 0; k < 30; k++) { // far faster than real time
                phone.media(new byte[160]);
              }
            }
            case 8 -> phone.send("{\"event\":" + in.oddValue() + "}");
            default -> phone.media(in.bytes(400));
          }
          pace(in);
        }
        if (started && in.chance(50)) {
          phone.stop();
        }
        return phone.closed.isDone() ? "closed " + phone.closed.get() : "client left";
      }
    };
  }

  private static CleanCall cleanMediaStream(Provider provider) {
    return (server, events, call) -> {
      try (MediaStreamClient phone = MediaStreamClient.connect(server, provider)) {
        phone.begin();
        phone.speak(Fixtures.CALLER);
        assertThat(turnEnd(events, call)).contains("book a flight to Boston");
        MediaStreamCallTest.eventually(
            "the agent's audio", () -> phone.mediaBytes.get() > 8_000, Duration.ofSeconds(10));
        assertNoFrameLost(call);
        phone.stop();
        assertThat(phone.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
      }
    };
  }

  private static String fuzzAudioSocket(
      ParleyServer server, FuzzInputs in, Tally tally, long untilNanos) throws Exception {
    try (AudioSocketClient asterisk = AudioSocketClient.connect(server.audioSocketPort())) {
      if (in.chance(85)) {
        asterisk.sendUuid();
      }
      int messages = 5 + in.random().nextInt(60);
      for (int i = 0; i < messages && CLOCK.nanos() < untilNanos; i++) {
        if (asterisk.closed.isDone()) {
          return "closed " + asterisk.closed.get();
        }
        tally.inputs.incrementAndGet();
        switch (in.random().nextInt(7)) {
          case 0 -> asterisk.send(in.random().nextInt(256), in.bytes(400)); // any kind
          case 1 -> asterisk.send(AudioSocketCodec.KIND_AUDIO, in.bytes(3_000)); // odd, big
          case 2 -> asterisk.send(AudioSocketCodec.KIND_DTMF, in.bytes(3));
          case 3 -> {
            for (int k = 0; k < 40; k++) { // far faster than real time
              asterisk.send(AudioSocketCodec.KIND_AUDIO, new byte[320]);
            }
          }
          case 4 -> {
            // a header announcing more than it sends, or more than the limit
            byte[] header = {
              (byte) AudioSocketCodec.KIND_AUDIO, (byte) in.random().nextInt(256), (byte) 0xff
            };
            asterisk.sendRaw(header);
            return "framing broken";
          }
          case 5 -> asterisk.sendRaw(in.bytes(50));
          default -> asterisk.sendUuid(); // a second UUID
        }
        pace(in);
      }
      if (in.chance(40)) {
        asterisk.sendHangup();
      }
      return asterisk.closed.isDone() ? "closed " + asterisk.closed.get() : "client left";
    } catch (IOException e) {
      return "reset";
    }
  }
}
