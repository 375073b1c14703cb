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
package dev.parley.speech.smartturn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on the loopback interface that answers every request with one status
 * and body, then closes the connection: enough to test a download without the JDK's {@code
 * com.sun.net.httpserver}, which the build's forbidden-API rules keep out. Serves on a virtual
 * thread until closed.
 */
final class OneFileServer implements AutoCloseable {
  private final ServerSocket socket;
  private final int status;
  private final byte[] body;
  private final AtomicInteger requests = new AtomicInteger();
  private final Thread acceptor;

  OneFileServer(int status, byte[] body) throws IOException {
    this.socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    this.status = status;
    this.body = body.clone();
    this.acceptor = Thread.ofVirtual().name("one-file-server").start(this::serve);
  }

  /** The address of the file, under a path shaped like Hugging Face's. */
  URI uri() {
    return URI.create(
        "http://127.0.0.1:"
            + socket.getLocalPort()
            + "/pipecat-ai/smart-turn-v3/resolve/main/"
            + SmartTurnModel.FILE_NAME);
  }

  int requests() {
    return requests.get();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        answer(connection);
      } catch (SocketException e) {
        return; // closed
      } catch (IOException e) {
        // The client went away mid-answer (it stops reading a body that is too long): next.
      }
    }
  }

  private void answer(Socket connection) throws IOException {
    BufferedReader request =
        new BufferedReader(
            new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
    String line;
    while ((line = request.readLine()) != null && !line.isEmpty()) {
      // Headers are read and ignored.
    }
    requests.incrementAndGet();
    OutputStream out = connection.getOutputStream();
    out.write(
        ("HTTP/1.1 "
                + status
                + " Status\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      acceptor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
