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

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.core.audio.AudioClip;
import dev.parley.core.audio.WavReader;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.WallClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.session.SessionConfig;
import dev.parley.server.MediaStreamCallTest.Events;
import dev.parley.server.MediaStreamClient.Provider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * One Twilio call through the real server on loopback, observed every way an operator can: its log
 * lines carry the call and carrier ids, {@code /metrics} (and the application's own registry) has
 * its response latency and stages, its spans form the call's tree, and its recording has the four
 * files.
 */
class CallObservabilityTest {
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private Level rootLevel = Level.WARN;

  @TempDir Path recordings;

  @BeforeEach
  void captureLogs() {
    rootLevel = root.getLevel();
    logs.start();
    root.addAppender(logs);
    ((Logger) LoggerFactory.getLogger("dev.parley")).setLevel(Level.INFO);
  }

  @AfterEach
  void releaseLogs() {
    root.detachAppender(logs);
    ((Logger) LoggerFactory.getLogger("dev.parley")).setLevel(null);
    root.setLevel(rootLevel);
  }

  @Test
  void aTracedRecordedCallLogsMetersSpansAndRecordsItself() throws Exception {
    SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    OpenTelemetry otel = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
    SimpleMeterRegistry application = new SimpleMeterRegistry();
    Observability observability =
        Observability.defaults()
            .withMeterRegistry(application)
            .withOpenTelemetry(otel)
            .withRecordings(new Recordings.Policy(recordings, 10, Duration.ofDays(7)));
    try (ParleyServer server =
            ParleyServer.start(
                Fixtures.config().build(),
                Fixtures.components(),
                SessionConfig.defaults(),
                MediaClock.system(),
                WallClock.system(),
                observability,
                m -> {});
        MediaStreamClient phone = MediaStreamClient.connect(server, Provider.TWILIO)) {
      Events events = Events.of(server);
      phone.begin();
      phone.speak(Fixtures.CALLER);
      events.await(SessionEvent.AgentSpeechEnded.class, e -> e.kind() == SpeechKind.RESPONSE, 15);
      phone.stop();
      events.await(SessionEvent.SessionEnded.class, e -> true, 10);
      MediaStreamCallTest.eventually(
          "the recording", () -> count(recordings) == 1, Duration.ofSeconds(10));

      String metrics = server.metrics().scrape();
      assertThat(metrics)
          .contains("parley_response_latency_seconds_count 1\n")
          .contains("parley_turn_decision_seconds_count 1\n")
          .contains("parley_recognizer_final_seconds_count 1\n")
          .contains("parley_agent_first_token_seconds_count 1\n")
          .contains("parley_synthesizer_first_audio_seconds_count 1\n")
          .contains("parley_turns_total 1.0");
      double responseSeconds =
          application
              .get("parley.response.latency")
              .timer()
              .totalTime(java.util.concurrent.TimeUnit.SECONDS);
      // At least the pacing gap (400 ms) after the end of speech; well under the fakes' worst.
      assertThat(responseSeconds).isBetween(0.4, 3.0);
    }

    // Logs: a start and an end line, both with the call id and Twilio's ids in the MDC; the end
    // line is written on the session's loop, so the id crossed onto the call's own threads.
    List<ILoggingEvent> start = lines("call started");
    List<ILoggingEvent> end = lines("call ended");
    assertThat(start).hasSize(1);
    assertThat(end).hasSize(1);
    String callId = start.get(0).getMDCPropertyMap().get("call_id");
    assertThat(callId).isNotBlank();
    for (ILoggingEvent line : List.of(start.get(0), end.get(0))) {
      Map<String, String> mdc = line.getMDCPropertyMap();
      assertThat(mdc)
          .containsEntry("call_id", callId)
          .containsEntry("transport", "twilio")
          .containsEntry("carrier.callSid", "CA-test");
    }
    assertThat(end.get(0).getThreadName()).endsWith("-loop");
    assertThat(end.get(0).getFormattedMessage()).contains("1 turns").contains("0 barge-ins");

    // Spans: call ⊃ turn ⊃ {recognize, invoke_agent ⊃ synthesize}.
    Map<String, SpanData> byName =
        spans.getFinishedSpanItems().stream()
            .collect(Collectors.toMap(SpanData::getName, s -> s, (a, b) -> a));
    assertThat(byName).containsKeys("call", "turn", "recognize", "synthesize");
    SpanData call = span(byName, "call");
    SpanData turn = span(byName, "turn");
    SpanData agent = span(byName, "invoke_agent " + Fixtures.components().agent().name());
    assertThat(call.getAttributes().asMap().toString()).contains(callId).contains("CA-test");
    assertThat(turn.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(agent.getParentSpanId()).isEqualTo(turn.getSpanId());
    assertThat(span(byName, "synthesize").getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(span(byName, "recognize").getParentSpanId()).isEqualTo(turn.getSpanId());
    assertThat(agent.getAttributes().asMap().toString()).contains("invoke_agent");
    assertThat(turn.getStartEpochNanos()).isGreaterThanOrEqualTo(call.getStartEpochNanos());
    assertThat(turn.getEndEpochNanos()).isLessThanOrEqualTo(call.getEndEpochNanos());

    // The recording: the four files, the call's audio in two channels.
    Path dir = calls(recordings).get(0);
    assertThat(dir.getFileName().toString()).endsWith("-" + callId);
    for (String file : List.of("call.wav", "events.jsonl", "timeline.json", "report.html")) {
      assertThat(dir.resolve(file)).isNotEmptyFile();
    }
    AudioClip wav = WavReader.read(dir.resolve("call.wav"));
    assertThat(wav.channels()).isEqualTo(2);
    assertThat(wav.frames()).isGreaterThan(16_000 * 3); // the caller spoke for 3.8 s
    assertThat(Files.readString(dir.resolve("events.jsonl"))).contains("session_end");
  }

  @Test
  void recordingsBeyondTheLimitAreDeletedOldestFirst() throws Exception {
    Recordings r =
        new Recordings(
            new Recordings.Policy(recordings, 2, Duration.ofDays(1)),
            MediaClock.system(),
            WallClock.system());
    for (String name : List.of("20261201T000000Z-a", "20261202T000000Z-b", "20261203T000000Z-c")) {
      Files.createDirectories(recordings.resolve(name));
      Files.writeString(recordings.resolve(name).resolve("call.wav"), "x");
    }
    Files.createDirectories(recordings.resolve(".partial-20261204T000000Z-d"));
    r.sweep();
    assertThat(calls(recordings).stream().map(p -> p.getFileName().toString()))
        .containsExactly("20261202T000000Z-b", "20261203T000000Z-c");
    assertThat(recordings.resolve(".partial-20261204T000000Z-d")).exists();
  }

  @Test
  void recordingsOlderThanTheAgeLimitAreDeleted() throws Exception {
    Files.createDirectories(recordings.resolve("20261201T000000Z-a"));
    // A wall clock two days ahead of the file system's: the recording is two days old.
    long later = Files.getLastModifiedTime(recordings.resolve("20261201T000000Z-a")).toMillis();
    Recordings r =
        new Recordings(
            new Recordings.Policy(recordings, 100, Duration.ofDays(1)),
            MediaClock.system(),
            () -> later + Duration.ofDays(2).toMillis());
    r.sweep();
    assertThat(calls(recordings)).isEmpty();
  }

  private static SpanData span(Map<String, SpanData> byName, String name) {
    SpanData span = byName.get(name);
    if (span == null) {
      throw new AssertionError("no span " + name + " in " + byName.keySet());
    }
    return span;
  }

  private List<ILoggingEvent> lines(String prefix) {
    return logs.list.stream().filter(e -> e.getFormattedMessage().startsWith(prefix)).toList();
  }

  private static int count(Path dir) {
    try {
      return calls(dir).size();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> calls(Path dir) throws java.io.IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
