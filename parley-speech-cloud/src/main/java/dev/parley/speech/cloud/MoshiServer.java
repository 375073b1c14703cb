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
package dev.parley.speech.cloud;

import dev.parley.core.audio.Resampler;
import dev.parley.core.s2s.ModelEvent;
import dev.parley.core.s2s.SpeechToSpeech;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Moshi-style full-duplex server (the open {@code moshi} server's {@code /api/chat} WebSocket) as
 * a {@link SpeechToSpeech} model, so open-weights full-duplex models can answer Parley's calls.
 *
 * <p>The protocol is binary messages tagged by their first byte: the server's handshake ({@code
 * 0x00}), audio ({@code 0x01}, Ogg pages of 24 kHz mono Opus, both ways), the model's text tokens
 * ({@code 0x02}), and errors ({@code 0x05}); other kinds are discarded, as the protocol says. Opus
 * runs in the system's libopus through the FFM API ({@link Opus}).
 *
 * <p>The model listens and speaks at once and decides for itself when to talk: there are no
 * responses, function calls, instructions or truncation in the protocol. Here the caller's speech
 * edges come from Parley's {@link SpeechEdges} on the audio sent, and the model's answers are cut
 * from its continuous stream where its voice starts and falls silent for 300 ms; text tokens are
 * the answer's words. Parley's barge-in rules still decide what the caller hears: a backchannel
 * pauses and resumes the model's audio, an interruption drops the rest of its answer. The server
 * transcribes nothing of the caller, so a turn's words are empty.
 */
public final class MoshiServer implements SpeechToSpeech {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int MODEL_RATE = 24_000;
  private static final int PREROLL_CHUNKS = 4;

  private final URI uri;
  private final Duration timeout;

  /**
   * @param uri the chat socket, such as {@code ws://localhost:8998/api/chat}
   * @param timeout the longest connecting and the handshake may take
   */
  public MoshiServer(URI uri, Duration timeout) {
    this.uri = uri;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "moshi";
  }

  @Override
  public Connection open(Setup setup, Listener listener) {
    if (!setup.tools().isEmpty()) {
      throw new ProviderException(
          Kind.REJECTED,
          "moshi: the Moshi protocol carries audio and text tokens only, no function calls; run"
              + " it without tools");
    }
    Opus.Encoder encoder = Opus.encoder(MODEL_RATE);
    Opus.Decoder decoder = Opus.decoder(MODEL_RATE);
    CloudSocket socket;
    try {
      socket = CloudSocket.connect(CLIENT, name(), uri, Map.of(), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      encoder.close();
      decoder.close();
      throw new ProviderException(Kind.TRANSIENT, name() + ": cancelled while connecting", e);
    } catch (ProviderException e) {
      encoder.close();
      decoder.close();
      throw e;
    }
    MoshiConnection connection = new MoshiConnection(listener, encoder, decoder);
    ModelLink link = new ModelLink(name(), socket, connection, timeout);
    connection.link = link;
    link.start(List.of());
    return connection;
  }

  private final class MoshiConnection implements Connection, ModelLink.Handler {
    private @Nullable ModelLink link;
    private final Listener listener;
    private final Opus.Encoder encoder;
    private final Opus.Decoder decoder;
    private final OggOpus.Writer writer = new OggOpus.Writer(0x5061726c, MODEL_RATE);
    private final OggOpus.Reader reader = new OggOpus.Reader();
    private final SpeechEdges caller = new SpeechEdges();
    private final SpeechEdges voice = new SpeechEdges();
    private final Resampler up = new Resampler(16_000, MODEL_RATE);
    private final Resampler down = new Resampler(MODEL_RATE, 16_000);
    private short[] pending = new short[0]; // 24 kHz samples not yet a whole frame
    private final ArrayDeque<short[]> preroll = new ArrayDeque<>();
    private final StringBuilder earlyText = new StringBuilder();
    private @Nullable String answer; // the answer being spoken
    private boolean dropping; // the answer was cancelled: its audio is not passed on
    private int answers;
    private boolean closed;

    MoshiConnection(Listener listener, Opus.Encoder encoder, Opus.Decoder decoder) {
      this.listener = listener;
      this.encoder = encoder;
      this.decoder = decoder;
    }

    // ---- the session's side: all on its loop ------------------------------------------------

    @Override
    public synchronized void appendAudio(short[] samples, int offset, int length) {
      if (closed) {
        return;
      }
      switch (caller.feed(samples, offset, length)) {
        case STARTED -> listener.event(new ModelEvent.SpeechStarted(caller.edgeMillis()));
        case STOPPED -> {
          listener.event(new ModelEvent.SpeechStopped(caller.edgeMillis()));
          listener.event(new ModelEvent.UserTranscript("")); // the server transcribes nothing
        }
        case NONE -> {}
      }
      short[] resampled = new short[up.maxOutputSamples(length)];
      int n = up.process(samples, offset, length, resampled, 0);
      short[] all = Arrays.copyOf(pending, pending.length + n);
      System.arraycopy(resampled, 0, all, pending.length, n);
      int frame = encoder.frameSamples();
      List<byte[]> packets = new ArrayList<>();
      int at = 0;
      for (; at + frame <= all.length; at += frame) {
        packets.add(encoder.encode(all, at));
      }
      pending = Arrays.copyOfRange(all, at, all.length);
      if (!packets.isEmpty()) {
        byte[] pages = writer.pages(packets, frame);
        byte[] message = new byte[pages.length + 1];
        message[0] = 0x01;
        System.arraycopy(pages, 0, message, 1, pages.length);
        link().sendBinary(message);
      }
    }

    /** The model answers when it chooses; there is nothing to ask for. */
    @Override
    public void createResponse() {}

    @Override
    public void say(String text) {
      throw new ProviderException(
          Kind.REJECTED,
          "moshi: the Moshi protocol takes only the caller's audio; it cannot be told what to say,"
              + " so it cannot be the voice of a delegated agent");
    }

    /** Drops the rest of the answer: the model itself hears the caller and falls silent. */
    @Override
    public synchronized void cancelResponse() {
      if (answer != null) {
        dropping = true;
      }
    }

    /** The model heard the interruption itself; the protocol has no history to correct. */
    @Override
    public void truncate(String itemId, long heardMillis) {}

    @Override
    public void functionResult(String callId, String outputJson) {}

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      ModelLink l = link;
      if (l != null) {
        l.close();
      }
      encoder.close();
      decoder.close();
    }

    private ModelLink link() {
      ModelLink l = link;
      if (l == null || l.closed()) {
        throw new ProviderException(Kind.UNAVAILABLE, name() + ": the connection has closed");
      }
      return l;
    }

    // ---- the server's side: on the reader ------------------------------------------------

    @Override
    public void text(String text) {} // the protocol is binary; text frames are not part of it

    @Override
    public synchronized void binary(byte[] data) {
      if (closed || data.length == 0) {
        return;
      }
      byte[] payload = Arrays.copyOfRange(data, 1, data.length);
      switch (data[0]) {
        case 0x00 -> link().ready();
        case 0x01 -> {
          for (byte[] packet : reader.feed(payload)) {
            try {
              onVoice(decoder.decode(packet));
            } catch (IllegalArgumentException damaged) {
              // one lost packet is 20-80 ms of silence; the stream goes on
            }
          }
        }
        case 0x02 -> onWords(new String(payload, StandardCharsets.UTF_8));
        case 0x05 ->
            listener.event(
                new ModelEvent.Failed(
                    new ProviderException(
                        Kind.REJECTED,
                        name() + ": " + new String(payload, StandardCharsets.UTF_8))));
        default -> {} // control, metadata, ping and unknown kinds are discarded
      }
    }

    private void onVoice(short[] model24k) {
      short[] buffer = new short[down.maxOutputSamples(model24k.length)];
      short[] pcm = Arrays.copyOf(buffer, down.process(model24k, 0, model24k.length, buffer, 0));
      SpeechEdges.Edge edge = voice.feed(pcm, 0, pcm.length);
      if (edge == SpeechEdges.Edge.STARTED && answer == null) {
        String id = "moshi-" + ++answers;
        answer = id;
        dropping = false;
        listener.event(new ModelEvent.ResponseStarted(id));
        if (!earlyText.isEmpty()) {
          listener.event(new ModelEvent.AgentTranscript(id, id, earlyText.toString()));
          earlyText.setLength(0);
        }
        while (!preroll.isEmpty()) {
          listener.event(
              new ModelEvent.Audio(id, id, preroll.poll())); // the onset before it was found
        }
      }
      String id = answer;
      if (id == null) {
        if (preroll.size() == PREROLL_CHUNKS) {
          preroll.poll();
        }
        preroll.add(pcm);
        return;
      }
      if (!dropping && pcm.length > 0) {
        listener.event(new ModelEvent.Audio(id, id, pcm));
      }
      if (edge == SpeechEdges.Edge.STOPPED) {
        listener.event(new ModelEvent.ResponseDone(id, dropping ? "cancelled" : "completed"));
        answer = null;
        dropping = false;
      }
    }

    private void onWords(String token) {
      String id = answer;
      if (id == null) {
        earlyText.append(token); // text tokens may lead the audio they are spoken in
      } else if (!dropping) {
        listener.event(new ModelEvent.AgentTranscript(id, id, token));
      }
    }

    @Override
    public void failed(ProviderException cause) {
      listener.event(new ModelEvent.Failed(cause));
    }
  }
}
