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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.audio.G711;
import dev.parley.core.audio.Resampler;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.testing.ScriptedAudio;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A phone on a media stream, for the transport tests: speaks Twilio's or Telnyx's protocol, sends
 * real μ-law audio paced 20 ms a message as a provider does, and plays what it receives in real
 * time behind a configurable delay (the phone network's), echoing each mark once the audio before
 * it has played, and every pending mark at once on a {@code clear}, as the providers do. Records
 * everything it receives. Thread-safe.
 */
final class MediaStreamClient implements WebSocket.Listener, AutoCloseable {
  /** Which provider the phone imitates. */
  enum Provider {
    TWILIO("/twilio", "streamSid", "callSid", "mediaFormat", "sampleRate", "audio/x-mulaw"),
    TELNYX("/telnyx", "stream_id", "call_control_id", "media_format", "sample_rate", "PCMU");

    final String path;
    final String streamIdField;
    final String callIdField;
    final String formatField;
    final String rateField;
    final String encoding;

    Provider(
        String path,
        String streamIdField,
        String callIdField,
        String formatField,
        String rateField,
        String encoding) {
      this.path = path;
      this.streamIdField = streamIdField;
      this.callIdField = callIdField;
      this.formatField = formatField;
      this.rateField = rateField;
      this.encoding = encoding;
    }
  }

  /** A mark as the phone received it, and how it went back. */
  record Mark(String name, long seq, long endNanos, boolean played, int clearsBefore) {}

  private record Pending(String name, long dueNanos, int epoch) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaClock CLOCK = MediaClock.system();

  final Provider provider;
  final String streamId;
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final List<Mark> echoed = new CopyOnWriteArrayList<>();
  final AtomicLong mediaBytes = new AtomicLong();
  final AtomicInteger mediaMessages = new AtomicInteger();
  final AtomicInteger marks = new AtomicInteger();
  final AtomicInteger clears = new AtomicInteger();
  final AtomicLong lastMarkEndBeforeFirstClear = new AtomicLong(-1);
  final CompletableFuture<Integer> closed = new CompletableFuture<>();

  /** When the first agent audio arrived, on the system media clock. */
  final CompletableFuture<Long> firstMediaNanos = new CompletableFuture<>();

  final WebSocket socket;
  private final long delayNanos;
  private final StringBuilder partial = new StringBuilder();
  private final Object sending = new Object();
  private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
  private final Thread echoer;
  private volatile int epoch;
  private long playEndNanos;
  private int sequence;

  private MediaStreamClient(
      URI base, Provider provider, Duration phoneDelay, Map<String, String> headers)
      throws Exception {
    this.provider = provider;
    this.streamId = (provider == Provider.TWILIO ? "MZ" : "") + Long.toHexString(CLOCK.nanos());
    this.delayNanos = phoneDelay.toNanos();
    WebSocket.Builder builder =
        WsClient.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + provider.path);
    this.socket = builder.buildAsync(uri, this).get(10, TimeUnit.SECONDS);
    this.echoer = Thread.ofVirtual().name("phone-marks").start(this::echoMarks);
  }

  static MediaStreamClient connect(ParleyServer server, Provider provider) throws Exception {
    return new MediaStreamClient(server.uri(), provider, Duration.ofMillis(60), Map.of());
  }

  static MediaStreamClient connect(
      ParleyServer server, Provider provider, Duration phoneDelay, Map<String, String> headers)
      throws Exception {
    return new MediaStreamClient(server.uri(), provider, phoneDelay, headers);
  }

  // ---- what the provider sends ----------------------------------------------------------

  /** {@code connected} then {@code start} with a μ-law 8 kHz format. */
  void begin() {
    begin(provider.encoding, 8_000);
  }

  void begin(String encoding, int rate) {
    send(
        provider == Provider.TWILIO
            ? "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}"
            : "{\"event\":\"connected\",\"version\":\"1.0.0\"}");
    String id = "\"" + streamId + "\"";
    String sequenceField = provider == Provider.TWILIO ? "sequenceNumber" : "sequence_number";
    String parameters = provider == Provider.TWILIO ? "customParameters" : "custom_parameters";
    send(
        "{\"event\":\"start\",\""
            + sequenceField
            + "\":\"1\",\""
            + provider.streamIdField
            + "\":"
            + id
            + ",\"start\":{\""
            + provider.streamIdField
            + "\":"
            + id
            + ",\""
            + provider.callIdField
            + "\":\"CA-test\","
            + (provider == Provider.TWILIO ? "\"accountSid\":\"AC-test\"," : "")
            + "\"tracks\":[\"inbound\"],\""
            + parameters
            + "\":{\"customer\":\"42\"},\""
            + provider.formatField
            + "\":{\"encoding\":\""
            + encoding
            + "\",\""
            + provider.rateField
            + "\":"
            + rate
            + ",\"channels\":1}}}");
  }

  /** One 20 ms message of μ-law. */
  void media(byte[] muLaw) {
    sequence++;
    send(
        "{\"event\":\"media\",\""
            + (provider == Provider.TWILIO ? "sequenceNumber" : "sequence_number")
            + "\":\""
            + (sequence + 1)
            + "\",\""
            + provider.streamIdField
            + "\":\""
            + streamId
            + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
            + sequence
            + "\",\"timestamp\":\""
            + sequence * 20L
            + "\",\"payload\":\""
            + Base64.getEncoder().encodeToString(muLaw)
            + "\"}}");
  }

  /** The caller's script at 8 kHz μ-law, in real time, 160 bytes (20 ms) a message. */
  void speak(ScriptedAudio script) throws InterruptedException {
    short[] phone = Resampler.resample(script.samples(), 16_000, 8_000);
    byte[] frame = new byte[160];
    Pacer pacer = new Pacer(CLOCK);
    long start = CLOCK.nanos();
    for (int k = 0; k * 160 < phone.length; k++) {
      int n = Math.min(160, phone.length - k * 160);
      java.util.Arrays.fill(frame, (byte) 0xFF);
      G711.encodeMuLaw(phone, k * 160, n, frame, 0);
      pacer.awaitUntil(start + k * 20_000_000L);
      media(frame);
    }
  }

  void dtmf(char digit) {
    send(
        "{\"event\":\"dtmf\",\""
            + provider.streamIdField
            + "\":\""
            + streamId
            + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\""
            + digit
            + "\"}}");
  }

  void stop() {
    send("{\"event\":\"stop\",\"" + provider.streamIdField + "\":\"" + streamId + "\"}");
  }

  void sendBinary(byte[] data) {
    synchronized (sending) {
      socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }
  }

  /** Sends one message; the JDK's WebSocket allows one send at a time, and the marks share it. */
  void send(String text) {
    synchronized (sending) {
      socket.sendText(text, true).join();
    }
  }

  // ---- what the server sends ------------------------------------------------------------

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (!last) {
      return null;
    }
    String text = partial.toString();
    partial.setLength(0);
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("the server sent something that is not JSON: " + text, e);
    }
    received.add(node);
    long now = CLOCK.nanos();
    synchronized (this) {
      switch (node.path("event").asText()) {
        case "media" -> {
          int bytes =
              Base64.getDecoder().decode(node.path("media").path("payload").asText()).length;
          mediaMessages.incrementAndGet();
          firstMediaNanos.complete(now);
          mediaBytes.addAndGet(bytes);
          playEndNanos = Math.max(playEndNanos, now + delayNanos) + bytes * 125_000L;
        }
        case "mark" -> {
          marks.incrementAndGet();
          String name = node.path("mark").path("name").asText();
          if (clears.get() == 0) {
            lastMarkEndBeforeFirstClear.set(endNanos(name));
          }
          pending.add(new Pending(name, Math.max(playEndNanos, now), epoch));
        }
        case "clear" -> {
          clears.incrementAndGet();
          playEndNanos = now;
          epoch++; // the phone drops what it buffered: pending marks go back at once
        }
        default -> {}
      }
    }
    return null;
  }

  private void echoMarks() {
    Pacer pacer = new Pacer(CLOCK);
    try {
      while (true) {
        Pending p = pending.take();
        boolean played = true;
        while (CLOCK.nanos() < p.dueNanos()) {
          if (p.epoch() != epoch) {
            played = false;
            break;
          }
          pacer.awaitUntil(Math.min(p.dueNanos(), CLOCK.nanos() + 5_000_000L));
        }
        if (p.epoch() != epoch) {
          played = false;
        }
        echoed.add(new Mark(p.name(), seq(p.name()), endNanos(p.name()), played, clears.get()));
        String echo =
            "{\"event\":\"mark\",\""
                + provider.streamIdField
                + "\":\""
                + streamId
                + "\",\"mark\":{\"name\":\""
                + p.name()
                + "\"}}";
        try {
          send(echo);
        } catch (RuntimeException e) {
          return; // the call is over
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static long seq(String name) {
    return Long.parseLong(name.substring(0, name.indexOf(':')));
  }

  static long endNanos(String name) {
    return Long.parseLong(name.substring(name.indexOf(':') + 1));
  }

  /** The messages of one event the server sent. */
  List<JsonNode> sent(String event) {
    return received.stream().filter(n -> n.path("event").asText().equals(event)).toList();
  }

  @Override
  public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    throw new AssertionError("a media stream server sends no binary frames");
  }

  @Override
  public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  int awaitClose(long seconds) throws Exception {
    return closed.get(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    echoer.interrupt();
    socket.abort();
  }
}
