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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.server.MediaStreamClient.Mark;
import dev.parley.server.MediaStreamClient.Provider;
import dev.parley.testing.ScriptedAudio;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Twilio and Telnyx media streams against the real server on loopback, with a phone that speaks
 * each provider's protocol in real time (fake speech stack). Timing races between media and marks
 * are real here, so the tests assert relations that must hold, never exact counts.
 */
class MediaStreamCallTest {
  private static final long WORD_NANOS = 260_000_000L; // FakeSynthesizer: 13 blocks of 20 ms

  /** Every call's events, as the server's watchers see them. */
  static final class Events {
    final List<SessionEvent> all = new CopyOnWriteArrayList<>();

    static Events of(ParleyServer server) {
      Events events = new Events();
      server.host().watch((id, e) -> events.all.add(e));
      return events;
    }

    <T extends SessionEvent> T await(Class<T> type, Predicate<T> test, long seconds)
        throws InterruptedException {
      eventually(
          "a " + type.getSimpleName() + " in " + all,
          () -> all.stream().anyMatch(e -> type.isInstance(e) && test.test(type.cast(e))),
          Duration.ofSeconds(seconds));
      return all.stream()
          .filter(type::isInstance)
          .map(type::cast)
          .filter(test)
          .findFirst()
          .orElseThrow();
    }
  }

  static void eventually(String what, BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    MediaClock clock = MediaClock.system();
    Pacer pacer = new Pacer(clock);
    long deadline = clock.nanos() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (clock.nanos() > deadline) {
        throw new AssertionError("waited " + timeout + " for " + what);
      }
      pacer.awaitUntil(clock.nanos() + 10_000_000L);
    }
  }

  static double protocolErrors(ParleyServer server, String transport) {
    Matcher m =
        Pattern.compile(
                "parley_protocol_errors_total\\{transport=\"" + transport + "\"} ([0-9.E]+)")
            .matcher(server.metrics().scrape());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void aTwilioCallHearsTheCallerAnswersInMuLawWithMarksAndTakesKeyPresses() throws Exception {
    wholeCall(Provider.TWILIO);
  }

  @Test
  void aTelnyxCallDoesTheSameInTelnyxsSpelling() throws Exception {
    wholeCall(Provider.TELNYX);
  }

  private static void wholeCall(Provider provider) throws Exception {
    String transport = provider.name().toLowerCase(java.util.Locale.ROOT);
    try (ParleyServer server = Fixtures.server(Fixtures.config().build());
        MediaStreamClient phone = MediaStreamClient.connect(server, provider)) {
      Events events = Events.of(server);
      phone.begin();
      phone.speak(Fixtures.CALLER);

      assertThat(events.await(SessionEvent.UserTurnEnded.class, e -> true, 10).text())
          .contains("book a flight to Boston");
      SessionEvent.AgentSpeechEnded reply =
          events.await(
              SessionEvent.AgentSpeechEnded.class, e -> e.kind() == SpeechKind.RESPONSE, 15);
      assertThat(reply.interrupted()).isFalse();
      assertThat(reply.text()).isEqualTo(Fixtures.REPLY);
      // 11 words of 260 ms at 8 kHz, one μ-law byte a sample, less the converter's first taps.
      eventually(
          "the reply's audio",
          () -> phone.mediaBytes.get() >= 11 * 2080 - 64,
          Duration.ofSeconds(5));
      eventually(
          "a mark after every media message",
          () -> phone.marks.get() >= phone.mediaMessages.get(),
          Duration.ofSeconds(5));

      List<JsonNode> media = phone.sent("media");
      assertThat(media).isNotEmpty();
      for (JsonNode m : media) {
        if (provider == Provider.TWILIO) {
          assertThat(m.path("streamSid").asText()).isEqualTo(phone.streamId);
        } else {
          assertThat(m.has("streamSid")).isFalse();
        }
        assertThat(m.path("media").path("payload").asText()).isNotEmpty();
      }
      // Every media message is followed by its mark; marks count up and name later and later ends.
      List<JsonNode> all = List.copyOf(phone.received);
      long lastSeq = 0;
      long lastEnd = -1;
      for (int i = 0; i < all.size(); i++) {
        JsonNode m = all.get(i);
        if (m.path("event").asText().equals("media")) {
          assertThat(i + 1).isLessThan(all.size());
          assertThat(all.get(i + 1).path("event").asText()).isEqualTo("mark");
        }
        if (m.path("event").asText().equals("mark")) {
          String name = m.path("mark").path("name").asText();
          assertThat(MediaStreamClient.seq(name)).isEqualTo(lastSeq + 1);
          assertThat(MediaStreamClient.endNanos(name)).isGreaterThan(lastEnd);
          lastSeq = MediaStreamClient.seq(name);
          lastEnd = MediaStreamClient.endNanos(name);
          if (provider == Provider.TWILIO) {
            assertThat(m.path("streamSid").asText()).isEqualTo(phone.streamId);
          }
        }
      }
      assertThat(phone.clears.get()).isZero();

      phone.dtmf('5');
      assertThat(
              events.await(SessionEvent.UserTurnEnded.class, e -> e.text().contains("5"), 5).text())
          .contains("DTMF 5");

      phone.stop();
      assertThat(events.await(SessionEvent.SessionEnded.class, e -> true, 5).reason())
          .isEqualTo("caller hung up");
      assertThat(phone.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
      assertThat(server.host().awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(protocolErrors(server, transport)).isZero();
    }
  }

  @Test
  void aCallerTalkingOverTheAgentGetsAClearAndTheHeardTextIsWhatTheMarksConfirmed()
      throws Exception {
    ScriptedAudio caller =
        ScriptedAudio.builder()
            .silence(300)
            .say("I would like to book a flight to Boston", 2000)
            .silence(2400)
            .say("stop stop wait please", 1200)
            .silence(2500)
            .build();
    try (ParleyServer server =
            Fixtures.server(Fixtures.config().build(), Fixtures.components(caller), m -> {});
        // A slow phone path: the caller hears each frame a second after it was sent.
        MediaStreamClient phone =
            MediaStreamClient.connect(server, Provider.TWILIO, Duration.ofSeconds(1), Map.of())) {
      Events events = Events.of(server);
      phone.begin();
      phone.speak(caller);

      SessionEvent.AgentSpeechStarted started =
          events.await(
              SessionEvent.AgentSpeechStarted.class, e -> e.kind() == SpeechKind.RESPONSE, 5);
      SessionEvent.AgentInterrupted interrupted =
          events.await(SessionEvent.AgentInterrupted.class, e -> true, 5);
      eventually("a clear", () -> phone.clears.get() > 0, Duration.ofSeconds(5));

      String heard = interrupted.heardText();
      assertThat(heard).isNotEmpty();
      assertThat(Fixtures.REPLY).startsWith(heard);
      int heardWords = heard.split(" ").length;
      long playedUntil =
          phone.echoed.stream()
              .filter(m -> m.played() && m.clearsBefore() == 0)
              .mapToLong(Mark::endNanos)
              .max()
              .orElseThrow();
      long sentUntil = phone.lastMarkEndBeforeFirstClear.get();
      long start = started.atNanos();
      // Never more than the phone confirmed; at most a word less (marks in flight at the
      // interruption); and, a second behind, less than the server had sent.
      assertThat(heardWords).isLessThanOrEqualTo((int) ((playedUntil - start) / WORD_NANOS));
      assertThat(heardWords).isGreaterThanOrEqualTo((int) ((playedUntil - start) / WORD_NANOS) - 1);
      assertThat(heardWords).isLessThan((int) ((sentUntil - start) / WORD_NANOS));
      SessionEvent.AgentSpeechEnded ended =
          events.await(
              SessionEvent.AgentSpeechEnded.class, e -> e.kind() == SpeechKind.RESPONSE, 5);
      assertThat(ended.interrupted()).isTrue();
      assertThat(ended.text()).isEqualTo(heard);
      // The clear is sent after the last media of the interrupted reply.
      List<JsonNode> all = List.copyOf(phone.received);
      int clear = -1;
      for (int i = 0; i < all.size() && clear < 0; i++) {
        if (all.get(i).path("event").asText().equals("clear")) {
          clear = i;
          assertThat(all.get(i).path("streamSid").asText()).isEqualTo(phone.streamId);
        }
      }
      assertThat(clear).isPositive();
      phone.stop();
      assertThat(phone.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
      assertThat(protocolErrors(server, "twilio")).isZero();
    }
  }

  @Test
  void twilioUpgradesNeedAValidSignatureWhenAnAuthTokenIsSet() throws Exception {
    ServerConfig config =
        Fixtures.config().twilioAuthToken("12345").publicUrl("https://voice.example.com").build();
    String good = new TwilioSignature("12345").sign("wss://voice.example.com/twilio", Map.of());
    try (ParleyServer server = Fixtures.server(config)) {
      for (Map<String, String> headers :
          List.of(
              Map.<String, String>of(),
              Map.of(TwilioSignature.HEADER, "bm90IGEgc2lnbmF0dXJl"),
              Map.of(
                  TwilioSignature.HEADER,
                  new TwilioSignature("54321").sign("wss://voice.example.com/twilio", Map.of())))) {
        assertThatThrownBy(
                () ->
                    MediaStreamClient.connect(
                        server, Provider.TWILIO, Duration.ofMillis(60), headers))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOfSatisfying(
                WebSocketHandshakeException.class,
                e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
      }
      assertThat(server.metrics().scrape())
          .contains("parley_sessions_rejected_total{reason=\"unauthorised\"} 3.0");

      try (MediaStreamClient phone =
          MediaStreamClient.connect(
              server,
              Provider.TWILIO,
              Duration.ofMillis(60),
              Map.of(TwilioSignature.HEADER, good))) {
        Events events = Events.of(server);
        phone.begin();
        eventually("the call started", () -> server.host().active() == 1, Duration.ofSeconds(5));
        phone.stop();
        assertThat(events.await(SessionEvent.SessionEnded.class, e -> true, 5).reason())
            .isEqualTo("caller hung up");
        assertThat(phone.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
      }
      // Telnyx streams are not Twilio's to sign.
      try (MediaStreamClient telnyx = MediaStreamClient.connect(server, Provider.TELNYX)) {
        telnyx.begin();
        telnyx.stop();
        assertThat(telnyx.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
      }
      assertThat(server.host().awaitIdle(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void mediaBeforeStartClosesWithAProtocolError() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().build());
        MediaStreamClient phone = MediaStreamClient.connect(server, Provider.TWILIO)) {
      phone.send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
      phone.media(new byte[160]);
      assertThat(phone.awaitClose(5)).isEqualTo(CloseCodes.PROTOCOL);
      assertThat(server.host().awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(protocolErrors(server, "twilio")).isEqualTo(1.0);
    }
  }

  @Test
  void aFormatOtherThanMuLaw8kHzIsRefusedAsUnsupported() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().build())) {
      try (MediaStreamClient phone = MediaStreamClient.connect(server, Provider.TELNYX)) {
        phone.begin("PCMA", 8_000);
        assertThat(phone.awaitClose(5)).isEqualTo(CloseCodes.UNSUPPORTED);
      }
      try (MediaStreamClient phone = MediaStreamClient.connect(server, Provider.TWILIO)) {
        phone.begin("audio/x-mulaw", 16_000);
        assertThat(phone.awaitClose(5)).isEqualTo(CloseCodes.UNSUPPORTED);
      }
      assertThat(server.host().awaitIdle(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void overTheMaximumAMediaStreamIsRefusedWith503() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().maxSessions(1).build());
        MediaStreamClient first = MediaStreamClient.connect(server, Provider.TWILIO)) {
      first.begin();
      assertThatThrownBy(() -> MediaStreamClient.connect(server, Provider.TELNYX))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));
    }
  }
}
