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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Blocking writes on a Jetty WebSocket session, for a call's writer thread: each send waits for its
 * completion, so the call's bounded queue, not Jetty's, absorbs a slow reader. A write that takes
 * longer than {@link #WRITE_TIMEOUT_SECONDS} means the client stopped reading: the connection is
 * closed with {@link CloseCodes#SLOW_CLIENT}.
 */
final class JettyPeer {
  static final long WRITE_TIMEOUT_SECONDS = 10;

  private final Session session;

  JettyPeer(Session session) {
    this.session = session;
  }

  void text(String text) throws IOException {
    Callback.Completable done = new Callback.Completable();
    session.sendText(text, done);
    await(done);
  }

  void binary(ByteBuffer data) throws IOException {
    Callback.Completable done = new Callback.Completable();
    session.sendBinary(data, done);
    await(done);
  }

  void close(int code, String reason) {
    if (session.isOpen()) {
      session.close(code, truncate(reason), Callback.NOOP);
    }
  }

  private void await(Callback.Completable done) throws IOException {
    try {
      done.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      session.close(CloseCodes.SLOW_CLIENT, "client too slow", Callback.NOOP);
      throw new IOException("client too slow", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A close reason must fit a control frame (123 bytes of UTF-8). */
  static String truncate(String reason) {
    return reason.length() <= 60 ? reason : reason.substring(0, 60);
  }
}
