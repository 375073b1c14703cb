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

import dev.parley.core.audio.Resampler;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.testing.ScriptedAudio;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test client that acts like Asterisk's {@code AudioSocket()} application: sends the UUID, real
 * time 20 ms slin frames, DTMF and a hang-up, and records every message that comes back with the
 * time it arrived. Like Asterisk, it closes the connection on a hang-up or an error message.
 */
final class AudioSocketClient implements AutoCloseable {
  /** A message from the server, with its arrival on the system media clock. */
  record Message(int kind, byte[] payload, long atNanos) {}

  final UUID uuid = UUID.randomUUID();
  final List<Message> received = new CopyOnWriteArrayList<>();
  final LinkedBlockingQueue<Message> audio = new LinkedBlockingQueue<>();
  final AtomicInteger audioFrames = new AtomicInteger();

  /** Completes with the last message before the server closed: hang-up, error, or -1 for none. */
  final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private final Socket socket;
  private final OutputStream out;
  private final Thread reader;
  private volatile int lastControl = -1;

  private AudioSocketClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    reader = Thread.ofVirtual().name("asterisk-reader").start(this::read);
  }

  static AudioSocketClient connect(int port) throws IOException {
    return new AudioSocketClient(port);
  }

  /** Connects and identifies itself, as {@code AudioSocket(uuid,host:port)} does. */
  static AudioSocketClient call(int port) throws IOException {
    AudioSocketClient client = connect(port);
    client.sendUuid();
    return client;
  }

  void sendUuid() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    send(AudioSocketCodec.KIND_UUID, b.array());
  }

  void sendDtmf(char digit) throws IOException {
    send(AudioSocketCodec.KIND_DTMF, new byte[] {(byte) digit});
  }

  void sendHangup() throws IOException {
    send(AudioSocketCodec.KIND_HANGUP, new byte[0]);
  }

  /** Sends 8 kHz samples as one audio message. */
  void sendAudio(short[] samples, int offset, int length) throws IOException {
    byte[] bytes = new byte[2 * length];
    for (int i = 0; i < length; i++) {
      bytes[2 * i] = (byte) samples[offset + i];
      bytes[2 * i + 1] = (byte) (samples[offset + i] >> 8);
    }
    send(AudioSocketCodec.KIND_AUDIO, bytes);
  }

  void send(int kind, byte[] payload) throws IOException {
    byte[] message = new byte[3 + payload.length];
    message[0] = (byte) kind;
    message[1] = (byte) (payload.length >>> 8);
    message[2] = (byte) payload.length;
    System.arraycopy(payload, 0, message, 3, payload.length);
    sendRaw(message);
  }

  synchronized void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Speaks a 16 kHz script as Asterisk would: 8 kHz, 320 bytes every 20 ms of real time. */
  void speak(ScriptedAudio script) throws Exception {
    short[] narrow = Resampler.resample(script.samples(), 16_000, 8_000);
    Pacer pacer = new Pacer(MediaClock.system());
    long start = MediaClock.system().nanos();
    for (int k = 0; k * 160 < narrow.length; k++) {
      pacer.awaitUntil(start + k * 20_000_000L);
      sendAudio(narrow, k * 160, Math.min(160, narrow.length - k * 160));
    }
  }

  /** Waits for the next audio frame from the server; fails after {@code seconds}. */
  Message nextAudio(long seconds) throws InterruptedException {
    Message m = audio.poll(seconds, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no audio from the server in " + seconds + " s");
    }
    return m;
  }

  /** The last control message before the server closed (see {@link #closed}). */
  int awaitClosed(long seconds) throws Exception {
    return closed.get(seconds, TimeUnit.SECONDS);
  }

  List<Message> errors() {
    return received.stream().filter(m -> m.kind() == AudioSocketCodec.KIND_ERROR).toList();
  }

  private void read() {
    try (InputStream in = socket.getInputStream()) {
      byte[] header = new byte[3];
      while (true) {
        if (in.readNBytes(header, 0, 3) < 3) {
          return;
        }
        int kind = header[0] & 0xff;
        int length = ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
          return;
        }
        Message m = new Message(kind, payload, MediaClock.system().nanos());
        received.add(m);
        if (kind == AudioSocketCodec.KIND_AUDIO) {
          audioFrames.incrementAndGet();
          audio.add(m);
        } else if (kind == AudioSocketCodec.KIND_HANGUP || kind == AudioSocketCodec.KIND_ERROR) {
          lastControl = kind;
          socket.close(); // as Asterisk does: the application ends
          return;
        }
      }
    } catch (IOException e) {
      // closed or reset: the end of the connection
    } finally {
      closed.complete(lastControl);
    }
  }

  @Override
  public void close() throws Exception {
    socket.close();
    reader.join();
  }
}
