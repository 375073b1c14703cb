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
package dev.parley.agent.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Carries one streamed LangChain4j response to the thread replying for Parley. LangChain4j calls
 * back on its own threads (an HTTP client's, usually); the bridge queues what arrives and {@link
 * #await} replays it on the replying thread, which is the only thread allowed to write to the
 * {@link Agent.Reply}.
 *
 * <p><b>Cancellation.</b> When the replying thread is interrupted the bridge is cancelled: it asks
 * LangChain4j to stop through the response's {@link StreamingHandle} (if the model offers one and
 * has called back at least once; a handle that arrives later is cancelled on arrival) and drops
 * every later callback, so nothing of a cancelled response reaches the reply. A model that cannot
 * stop goes on streaming into the void until it finishes; the reply does not wait for it.
 *
 * <p>One bridge serves one response. Callbacks may come from any thread.
 */
final class StreamBridge implements StreamingChatResponseHandler {
  private sealed interface Event {}

  private record Text(String delta) implements Event {}

  private record Done(ChatResponse response) implements Event {}

  private record Failed(Throwable error) implements Event {}

  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile boolean cancelled;
  private volatile @Nullable StreamingHandle handle;
  private boolean emitted;

  @Override
  public void onPartialResponse(String partialResponse) {
    text(partialResponse, null);
  }

  @Override
  public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
    text(partial.text(), context.streamingHandle());
  }

  @Override
  public void onCompleteResponse(ChatResponse response) {
    if (!cancelled) {
      events.add(new Done(response));
    }
  }

  @Override
  public void onError(Throwable error) {
    if (!cancelled) {
      events.add(new Failed(error));
    }
  }

  /** Takes a text delta; {@code streamingHandle} is how to stop the response, if known. */
  void text(@Nullable String delta, @Nullable StreamingHandle streamingHandle) {
    if (streamingHandle != null) {
      handle = streamingHandle;
    }
    if (cancelled) {
      stop(streamingHandle);
      return;
    }
    if (delta != null && !delta.isEmpty()) {
      events.add(new Text(delta));
    }
  }

  /** Whether any text of this response reached the reply. */
  boolean emitted() {
    return emitted;
  }

  /**
   * Writes the response's text deltas to {@code reply} as they arrive, until the response ends.
   *
   * @param idle how long the response may go without a callback before it counts as broken
   * @return the complete response
   * @throws InterruptedException if the reply was cancelled; the response is cancelled first
   * @throws ProviderException if the model failed or went quiet for longer than {@code idle}
   */
  ChatResponse await(Agent.Reply reply, String model, Duration idle) throws InterruptedException {
    try {
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException("reply cancelled");
        }
        Event event = events.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
        if (event == null) {
          cancel();
          throw new ProviderException(
              Kind.TRANSIENT,
              model + " went quiet for more than " + idle.toMillis() + " ms" + stage());
        }
        switch (event) {
          case Text t -> {
            emitted = true;
            reply.text(t.delta());
          }
          case Done d -> {
            return d.response();
          }
          case Failed f -> throw Failures.of(model, f.error());
        }
      }
    } catch (InterruptedException e) {
      cancel();
      throw e;
    }
  }

  /** Stops the response and drops whatever it still sends. */
  void cancel() {
    cancelled = true;
    events.clear();
    stop(handle);
  }

  private String stage() {
    return emitted ? " after the reply had begun" : "";
  }

  private static void stop(@Nullable StreamingHandle h) {
    if (h != null && !h.isCancelled()) {
      try {
        h.cancel();
      } catch (RuntimeException e) {
        // stopping is best effort: late callbacks are dropped either way
      }
    }
  }
}
