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
package dev.parley.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny server speaking the protocol of {@code parley serve} on loopback, for the load generator's
 * tests: WebSocket (RFC 6455) on {@code /ws} and {@code /twilio}, and Prometheus text on {@code
 * /metrics} built from what it received. Every 50 audio frames it answers with a {@code
 * user_turn_end} event and a frame of agent audio. Refuses upgrades past {@code maxSessions} with
 * HTTP 503, as an admitting server does.
 */
final class LoopbackServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket socket;
  private final int maxSessions;
  private final Thread acceptor;
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger peakActive = new AtomicInteger();
  final AtomicLong audioFrames = new AtomicLong();
  final AtomicLong audioBytes = new AtomicLong();
  final List<String> texts = new CopyOnWriteArrayList<>();
  final AtomicInteger normalCloses = new AtomicInteger();
  final AtomicInteger scrapes = new AtomicInteger();

  LoopbackServer(int maxSessions) throws IOException {
    this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.maxSessions = maxSessions;
    this.acceptor = Thread.ofVirtual().name("loopback-accept").start(this::accept);
  }

  int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    acceptor.interrupt();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Thread.ofVirtual().start(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String requestLine = readLine(in);
      Map<String, String> headers = new HashMap<>();
      String line;
      while (!(line = readLine(in)).isEmpty()) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      String path = requestLine.split(" ")[1];
      if (path.equals("/metrics")) {
        scrapes.incrementAndGet();
        respond(out, "200 OK", metrics());
      } else if ((path.equals("/ws") || path.equals("/twilio"))
          && "websocket".equalsIgnoreCase(headers.get("upgrade"))) {
        int now = active.incrementAndGet();
        try {
          if (now > maxSessions) {
            respond(out, "503 Service Unavailable", "at capacity\n");
            return;
          }
          peakActive.accumulateAndGet(now, Math::max);
          upgrade(out, String.valueOf(headers.get("sec-websocket-key")));
          converse(in, out);
        } finally {
          active.decrementAndGet();
        }
      } else {
        respond(out, "404 Not Found", "no such path\n");
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private String metrics() {
    long frames = audioFrames.get();
    return "# TYPE parley_sessions_active gauge\n"
        + "parley_sessions_active "
        + active.get()
        + "\n# TYPE parley_frame_delay_seconds summary\n"
        + "parley_frame_delay_seconds{quantile=\"0.5\"} 0.0004\n"
        + "parley_frame_delay_seconds{quantile=\"0.99\"} 0.003\n"
        + "parley_frame_delay_seconds_max 0.012\n"
        + "parley_frame_delay_seconds_count "
        + frames
        + "\nparley_frame_delay_seconds_sum "
        + frames * 0.0005
        + "\n# TYPE parley_frames_dropped_total counter\n"
        + "parley_frames_dropped_total "
        + frames / 1000
        + "\n# TYPE parley_turn_decision_seconds histogram\n"
        + "parley_turn_decision_seconds_bucket{le=\"0.1\"} 0\n"
        + "parley_turn_decision_seconds_bucket{le=\"0.2\"} "
        + frames / 100
        + "\nparley_turn_decision_seconds_bucket{le=\"0.5\"} "
        + frames / 50
        + "\nparley_turn_decision_seconds_bucket{le=\"+Inf\"} "
        + frames / 50
        + "\nprocess_cpu_usage 0.25\n"
        + "jvm_threads_live_threads 21\n"
        + "jvm_gc_live_data_size_bytes 5.0E7\n"
        + "parley_process_rss_bytes "
        + ((100L << 20) + peakActive.get() * (2L << 20))
        + "\n";
  }

  private void converse(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    int messageOpcode = 0;
    while (true) {
      int b0 = in.read();
      if (b0 < 0) {
        return;
      }
      int b1 = read(in);
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0F;
      long length = b1 & 0x7F;
      if (length == 126) {
        length = (read(in) << 8) | read(in);
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | read(in);
        }
      }
      byte[] mask = in.readNBytes(4);
      byte[] payload = in.readNBytes((int) length);
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
      if (opcode == 0x8) {
        if (payload.length >= 2 && ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF)) == 1000) {
          normalCloses.incrementAndGet();
        }
        send(out, 0x8, payload);
        return;
      }
      if (opcode == 0x9) {
        send(out, 0xA, payload);
        continue;
      }
      if (opcode != 0) {
        messageOpcode = opcode;
      }
      message.write(payload);
      if (!fin) {
        continue;
      }
      byte[] whole = message.toByteArray();
      message.reset();
      if (messageOpcode == 0x2) {
        audio(out, whole.length);
      } else if (messageOpcode == 0x1) {
        String text = new String(whole, StandardCharsets.UTF_8);
        texts.add(text);
        if (text.contains("\"event\":\"media\"")) {
          int at = text.indexOf("\"payload\":\"") + 11;
          byte[] muLaw = Base64.getDecoder().decode(text.substring(at, text.indexOf('"', at)));
          audio(out, muLaw.length);
        }
      }
    }
  }

  private void audio(OutputStream out, int bytes) throws IOException {
    long n = audioFrames.incrementAndGet();
    audioBytes.addAndGet(bytes);
    if (n % 50 == 0) {
      send(
          out,
          0x1,
          "{\"type\":\"user_turn_end\",\"atMillis\":0,\"text\":\"hello\"}"
              .getBytes(StandardCharsets.UTF_8));
      send(out, 0x2, new byte[640]);
    }
  }

  private static synchronized void send(OutputStream out, int opcode, byte[] payload)
      throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(payload.length);
    } else {
      frame.write(126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xFF);
    }
    frame.write(payload);
    out.write(frame.toByteArray());
    out.flush();
  }

  private static void upgrade(OutputStream out, String key) throws IOException {
    String accept;
    try {
      accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
    out.write(
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: "
                + accept
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void respond(OutputStream out, String status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 "
                + status
                + "\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: "
                + bytes.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  private static int read(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
