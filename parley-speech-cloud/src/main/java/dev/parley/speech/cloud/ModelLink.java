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

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A speech model's socket with a writer thread, so a session's loop never waits on the network, and
 * a reader thread handing each message to the adapter.
 *
 * <p>Some protocols want nothing but their opening message until the service says it is ready
 * (Gemini's {@code setupComplete}, Moshi's handshake byte): the writer sends the opening messages,
 * then holds the rest until {@link #ready()} or gives up after the endpoint's timeout. A failure on
 * either side reaches the handler once as {@link Handler#failed}; closing it ourselves reports
 * nothing.
 */
final class ModelLink {
  /** What the reader hands on; called on the reader thread, one message at a time. */
  interface Handler {
    void text(String text);

    void binary(byte[] data);

    /** The link failed or the service closed it; not called after our own {@link #close}. */
    void failed(ProviderException cause);
  }

  private static final Object CLOSE = new Object();

  private final String provider;
  private final CloudSocket socket;
  private final Handler handler;
  private final Duration readyWithin;
  private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile boolean closed;
  private volatile boolean failed;

  ModelLink(String provider, CloudSocket socket, Handler handler, Duration readyWithin) {
    this.provider = provider;
    this.socket = socket;
    this.handler = handler;
    this.readyWithin = readyWithin;
  }

  /** Starts both threads; {@code opening} goes out first, the rest waits for {@link #ready()}. */
  void start(List<Object> opening) {
    Thread.ofVirtual().name(provider + "-writer").start(() -> write(List.copyOf(opening)));
    Thread.ofVirtual().name(provider + "-reader").start(this::read);
  }

  /** The service is ready for the messages queued after the opening ones. */
  void ready() {
    ready.countDown();
  }

  void sendText(String text) {
    if (!closed) {
      outbox.add(text);
    }
  }

  void sendBinary(byte[] data) {
    if (!closed) {
      outbox.add(data);
    }
  }

  boolean closed() {
    return closed;
  }

  /** Sends what is queued, then closes. Idempotent. */
  void close() {
    if (!closed) {
      closed = true;
      outbox.add(CLOSE);
    }
  }

  private void write(List<Object> opening) {
    try {
      for (Object message : opening) {
        send(message);
      }
      if (!ready.await(readyWithin.toMillis(), TimeUnit.MILLISECONDS)) {
        fail(
            new ProviderException(
                Kind.TRANSIENT,
                provider + ": the service did not get ready within " + readyWithin));
        return;
      }
      while (true) {
        Object message = outbox.take();
        if (message == CLOSE) {
          break;
        }
        send(message);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ProviderException e) {
      fail(e);
    } finally {
      closed = true;
      socket.close();
    }
  }

  private void send(Object message) throws InterruptedException {
    if (message instanceof String text) {
      socket.sendText(text);
    } else if (message instanceof byte[] data) {
      socket.sendBinary(ByteBuffer.wrap(data));
    }
  }

  private void read() {
    try {
      while (true) {
        CloudSocket.Message message = socket.poll(Duration.ofMillis(200));
        if (message == null) {
          if (closed && socket.ended()) {
            return;
          }
          continue;
        }
        switch (message) {
          case CloudSocket.Message.Text text -> handler.text(text.text());
          case CloudSocket.Message.Binary binary -> handler.binary(binary.data());
          case CloudSocket.Message.Closed ended -> {
            if (!closed) {
              fail(closedBy(provider, ended.code(), ended.reason()));
            }
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ProviderException e) {
      fail(e);
    }
  }

  private void fail(ProviderException cause) {
    if (!failed && !closed) {
      failed = true;
      handler.failed(cause);
    }
    closed = true;
    ready.countDown();
  }

  /**
   * A close by the service as a failure of the right kind: a refused request (1007 invalid data,
   * 1008 policy, such as a bad key or model) is not worth retrying; the rest may be.
   */
  static ProviderException closedBy(String provider, int code, String reason) {
    Kind kind =
        switch (code) {
          case 1007, 1008, 1003 -> Kind.REJECTED;
          case 1011, 1012, 1013, 1014 -> Kind.TRANSIENT;
          default -> Kind.UNAVAILABLE;
        };
    return new ProviderException(
        kind, provider + ": the connection closed (" + code + " " + reason + ")");
  }
}
