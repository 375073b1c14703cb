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

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.parley.core.tool.ToolCall;
import dev.parley.testing.ScriptedTurn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A LangChain4j {@link StreamingChatModel} that plays {@link ScriptedTurn}s the way LangChain4j's
 * provider modules call a handler: partial responses on a thread of the model's own, each with a
 * {@link StreamingHandle} that cancels the response, then one complete response (the tool execution
 * requests in its {@link AiMessage}), or {@code onError} with LangChain4j's exception for the
 * failure. Records every request. Thread-safe.
 */
final class FakeStreamingChatModel implements StreamingChatModel {
  private final List<ScriptedTurn> script = new CopyOnWriteArrayList<>();
  private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);

  /** Plays {@code turns} from the next request on; the last turn answers any request past it. */
  void play(List<ScriptedTurn> turns) {
    script.clear();
    script.addAll(turns);
  }

  List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** Waits until a response was cancelled through its handle. */
  boolean awaitCancelled(Duration timeout) throws InterruptedException {
    return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    int index = requests.size();
    requests.add(request);
    ScriptedTurn turn = script.get(Math.min(index, script.size() - 1));
    Handle handle = new Handle();
    Thread.ofVirtual().name("fake-model-" + index).start(() -> play(turn, handler, handle));
  }

  private void play(ScriptedTurn turn, StreamingChatResponseHandler handler, Handle handle) {
    switch (turn) {
      case ScriptedTurn.Says says -> {
        if (partials(says.deltas(), handler, handle)) {
          handler.onCompleteResponse(
              ChatResponse.builder()
                  .aiMessage(AiMessage.from(String.join("", says.deltas())))
                  .finishReason(FinishReason.STOP)
                  .build());
        }
      }
      case ScriptedTurn.Calls calls -> {
        List<ToolExecutionRequest> asked = new ArrayList<>();
        for (ToolCall c : calls.calls()) {
          asked.add(
              ToolExecutionRequest.builder()
                  .id(c.id())
                  .name(c.name())
                  .arguments(c.argumentsJson())
                  .build());
        }
        handler.onCompleteResponse(
            ChatResponse.builder()
                .aiMessage(AiMessage.from(asked))
                .finishReason(FinishReason.TOOL_EXECUTION)
                .build());
      }
      case ScriptedTurn.Stalls stalls -> {
        if (partials(stalls.deltas(), handler, handle)) {
          try {
            handle.stopped.await(); // sends nothing more until cancelled
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      case ScriptedTurn.Fails fails ->
          handler.onError(
              switch (fails.kind()) {
                case FATAL -> new AuthenticationException("Incorrect API key provided");
                case REJECTED -> new InvalidRequestException("Invalid schema for function");
                case UNAVAILABLE -> new InternalServerException("The server had an error");
                case TRANSIENT -> new RateLimitException("Rate limit reached");
              });
    }
  }

  /** Sends {@code deltas} as partial responses; false if the response was cancelled meanwhile. */
  private static boolean partials(
      List<String> deltas, StreamingChatResponseHandler handler, Handle handle) {
    for (String d : deltas) {
      if (handle.isCancelled()) {
        return false;
      }
      handler.onPartialResponse(new PartialResponse(d), new PartialResponseContext(handle));
    }
    return !handle.isCancelled();
  }

  /** What a request carried, as the agent contract's lines. */
  static List<String> lines(ChatRequest request) {
    List<String> lines = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      switch (m) {
        case SystemMessage s -> lines.add("system: " + s.text());
        case UserMessage u -> lines.add("user: " + u.singleText());
        case AiMessage a -> {
          if (a.text() != null && !a.text().isBlank()) {
            lines.add("assistant: " + a.text());
          }
          if (a.hasToolExecutionRequests()) {
            for (ToolExecutionRequest r : a.toolExecutionRequests()) {
              lines.add("calls: " + r.id() + " " + r.name() + " " + r.arguments());
            }
          }
        }
        case ToolExecutionResultMessage t -> lines.add("tool: " + t.text());
        default -> lines.add(m.type() + ": " + m);
      }
    }
    return lines;
  }

  /** The handle of one response. */
  private final class Handle implements StreamingHandle {
    final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public void cancel() {
      stopped.countDown();
      cancelled.countDown();
    }

    @Override
    public boolean isCancelled() {
      return stopped.getCount() == 0;
    }
  }
}
