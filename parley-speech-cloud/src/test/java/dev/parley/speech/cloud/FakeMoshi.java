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

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A fake of the open {@code moshi} server's {@code /api/chat} socket, with the same libopus the
 * adapter uses: it sends the handshake byte ({@code 0x00}), reads the caller's tagged Ogg/Opus
 * audio ({@code 0x01}), and for every 80 ms of it sends 80 ms back, as Moshi's model steps do —
 * silence, or the next piece of a scripted answer, each page holding four 20 ms Opus packets, with
 * the answer's words as {@code 0x02} text tokens ("▁" turned into spaces, as the server does). An
 * answer starts 300 ms after the caller stops speaking; the model talks over a short overlap and
 * yields to 600 ms of caller speech. Text frames and unknown kinds are ignored. For tests only.
 */
public final class FakeMoshi implements FakeSpeechServer.Script {
  private static final int RATE = 24_000;
  private static final int STEP = 1920; // 80 ms
  private static final int PACKET = 480; // 20 ms

  public final AtomicInteger audioMessages = new AtomicInteger();
  public final AtomicInteger answersYielded = new AtomicInteger();
  private final Deque<FakeReply.Say> answers;
  private final Opus.Decoder decoder = Opus.decoder(RATE);
  private final Opus.Encoder encoder = Opus.encoder(RATE);
  private final OggOpus.Reader reader = new OggOpus.Reader();
  private final OggOpus.Writer writer = new OggOpus.Writer(7, RATE);
  private short[] heard = new short[0];
  private boolean callerSpeaking;
  private int silentSteps;
  private int voicedSteps;
  private final Deque<short[]> speaking = new ArrayDeque<>();
  private final Deque<String> words = new ArrayDeque<>();
  private int wordEverySteps = 1;
  private int step;

  public FakeMoshi(List<FakeReply.Say> answers) {
    this.answers = new ArrayDeque<>(answers);
  }

  /** A loopback server (the moshi server checks no key). */
  public FakeSpeechServer listen() {
    return FakeSpeechServer.websocket(handshake -> this);
  }

  /** Damaged pages the adapter sent. */
  public int damagedPages() {
    return reader.damaged();
  }

  @Override
  public void opened(Session session) {
    session.sendBinary(ByteBuffer.wrap(new byte[] {0x00}), Callback.NOOP);
  }

  @Override
  public void text(Session session, String text) {} // not part of the protocol

  @Override
  public synchronized void binary(Session session, byte[] data) {
    if (data.length == 0 || data[0] != 0x01) {
      return;
    }
    audioMessages.incrementAndGet();
    for (byte[] packet : reader.feed(Arrays.copyOfRange(data, 1, data.length))) {
      short[] pcm = decoder.decode(packet);
      short[] all = Arrays.copyOf(heard, heard.length + pcm.length);
      System.arraycopy(pcm, 0, all, heard.length, pcm.length);
      heard = all;
    }
    while (heard.length >= STEP) {
      short[] input = Arrays.copyOf(heard, STEP);
      heard = Arrays.copyOfRange(heard, STEP, heard.length);
      step(session, input);
    }
  }

  /** One model step: listen to 80 ms, say 80 ms. */
  private void step(Session session, short[] input) {
    step++;
    double energy = 0;
    for (short s : input) {
      energy += (double) s * s;
    }
    boolean voiced = Math.sqrt(energy / input.length) > 500;
    if (voiced) {
      callerSpeaking = true;
      silentSteps = 0;
      if (++voicedSteps >= 8 && !speaking.isEmpty()) {
        speaking.clear(); // 600 ms of the caller: a full-duplex model yields
        words.clear();
        answersYielded.incrementAndGet();
      }
    } else {
      voicedSteps = 0;
      if (callerSpeaking && ++silentSteps >= 4) {
        callerSpeaking = false;
        answer();
      }
    }
    short[] out = speaking.isEmpty() ? new short[STEP] : speaking.poll();
    List<byte[]> packets = new ArrayList<>();
    for (int at = 0; at < STEP; at += PACKET) {
      packets.add(encoder.encode(out, at));
    }
    byte[] pages = writer.pages(packets, PACKET);
    byte[] message = new byte[pages.length + 1];
    message[0] = 0x01;
    System.arraycopy(pages, 0, message, 1, pages.length);
    session.sendBinary(ByteBuffer.wrap(message), Callback.NOOP);
    if (!words.isEmpty() && step % wordEverySteps == 0) {
      byte[] token =
          words.poll().replace('▁', ' ').getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] text = new byte[token.length + 1];
      text[0] = 0x02;
      System.arraycopy(token, 0, text, 1, token.length);
      session.sendBinary(ByteBuffer.wrap(text), Callback.NOOP);
    }
  }

  private void answer() {
    FakeReply.Say say = answers.poll();
    if (say == null) {
      return;
    }
    int steps = Math.max(1, say.millis() / 80);
    for (int s = 0; s < steps; s++) {
      short[] frame = new short[STEP];
      for (int i = 0; i < STEP; i++) {
        frame[i] = (short) (6000 * Math.sin((s * STEP + i) * 2 * Math.PI * 220 / RATE));
      }
      speaking.add(frame);
    }
    for (String word : say.text().split(" ")) {
      words.add("▁" + word);
    }
    wordEverySteps = Math.max(1, steps / Math.max(1, words.size()));
  }
}
