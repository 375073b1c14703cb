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

import dev.langchain4j.service.TokenStream;
import dev.parley.core.agent.Greeting;
import dev.parley.core.agent.NotePlacement;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.core.spi.ModelNotes;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A Parley agent around an existing LangChain4j AI Service: an {@code AiServices}-built interface
 * whose method returns a {@link TokenStream} (streamed into the reply as it arrives) or a {@code
 * String} (spoken once it is complete).
 *
 * <pre>{@code
 * interface Assistant { TokenStream chat(@MemoryId String callId, @UserMessage String text); }
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .streamingChatModel(model)
 *     .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
 *     .tools(new FlightTools())
 *     .build();
 * Agent agent = AiServiceAgent.streaming(assistant::chat).build();
 * }</pre>
 *
 * <p>Each reply sends the service the caller's last turn, with the call's id as memory id (a
 * conversation without one is refused, as it would mix callers' memories), and in square brackets
 * before it the notes Parley would otherwise put in the conversation: how the caller sounded, and,
 * when they cut the agent off, the words of its last reply they actually heard.
 *
 * <p><b>What it cannot do.</b> An AI Service keeps its own memory and runs its own tools, so
 * Parley's conversation and tool runtime are bypassed:
 *
 * <ul>
 *   <li>The service's tools are invisible to the session: no effect rules (a side effect may run in
 *       a speculative reply that is then thrown away), no time limits, no tool events, no latency
 *       masking. To have those, give the model and tools to {@link LangChain4jAgent} instead.
 *   <li>The service's memory holds each reply as the model wrote it, not as the caller heard it
 *       (the note on the next turn says what was heard), and a speculative or cancelled reply stays
 *       in it: turn speculation off ({@code SessionConfig.withSpeculation(new Speculation(false))})
 *       if that matters more than the latency it saves.
 *   <li>Failures are not retried: a retry would put the caller's words in the memory twice.
 * </ul>
 *
 * <p><b>Cancellation.</b> As for {@link LangChain4jAgent}: {@link #respond} throws {@link
 * InterruptedException} at once, a {@code TokenStream} is cancelled through its {@code
 * StreamingHandle} once known, and late callbacks are dropped. A {@code String} method runs on a
 * virtual thread of its own, which is interrupted; its answer, if it still comes, is dropped.
 *
 * <p>Thread-safe if the service is (AI Services are).
 */
public final class AiServiceAgent implements Agent {
  /** An AI Service method that streams, given the memory id and the user's message. */
  @FunctionalInterface
  public interface StreamingService {
    TokenStream chat(String memoryId, String userMessage);
  }

  /** An AI Service method that answers in one piece, given the memory id and the user's message. */
  @FunctionalInterface
  public interface BlockingService {
    String chat(String memoryId, String userMessage) throws Exception;
  }

  private final @Nullable StreamingService streaming;
  private final @Nullable BlockingService blocking;
  private final String name;
  private final NotePlacement notes;
  private final Duration timeout;
  private final List<String> phraseHints;
  private final Greeting greeting;

  private AiServiceAgent(Builder b) {
    this.greeting = b.greeting;
    this.streaming = b.streaming;
    this.blocking = b.blocking;
    this.name = b.name;
    this.notes = b.notes;
    this.timeout = b.timeout;
    this.phraseHints = List.copyOf(b.phraseHints);
  }

  /** Starts configuring an agent around a streaming AI Service method. */
  public static Builder streaming(StreamingService service) {
    return new Builder(service, null);
  }

  /** Starts configuring an agent around an AI Service method returning {@code String}. */
  public static Builder blocking(BlockingService service) {
    return new Builder(null, service);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> phraseHints() {
    return phraseHints;
  }

  /**
   * Sends the caller's last turn to the service and speaks its answer.
   *
   * @throws InterruptedException if the session cancelled the reply; nothing more is written
   * @throws ProviderException if the service failed ({@code TRANSIENT} as well when it said nothing
   *     for the timeout), of the kind its LangChain4j exception tells
   */
  @Override
  public void respond(Conversation conversation, Reply reply) throws InterruptedException {
    String memoryId = conversation.sessionId();
    if (memoryId.isBlank()) {
      // Without the call's id every caller would share one ChatMemory: refuse, never guess.
      throw new IllegalArgumentException(
          name
              + " needs the call's id as its memory id, and this conversation has none: build"
              + " conversations with new Conversation(callId, turns)");
    }
    chat(memoryId, userMessage(conversation, notes), reply);
  }

  @Override
  public boolean greets() {
    return greeting.speaks();
  }

  /**
   * Speaks the configured greeting: a fixed line as is, or a generated one from the service, asked
   * with the instruction as the call's first message under the call's memory id.
   */
  @Override
  public void greet(CallInfo call, Reply reply) throws InterruptedException {
    switch (greeting) {
      case Greeting.None none -> {}
      case Greeting.Text text -> reply.text(text.text());
      case Greeting.Generated generated -> {
        if (call.callId().isBlank()) {
          throw new IllegalArgumentException(name + " needs the call's id as its memory id");
        }
        chat(call.callId(), "[" + generated.instruction() + "]", reply);
      }
    }
  }

  private void chat(String memoryId, String message, Reply reply) throws InterruptedException {
    if (streaming != null) {
      stream(streaming, memoryId, message, reply);
    } else if (blocking != null) {
      block(blocking, memoryId, message, reply);
    }
  }

  private void stream(StreamingService service, String memoryId, String message, Reply reply)
      throws InterruptedException {
    StreamBridge bridge = new StreamBridge();
    try {
      TokenStream tokens = service.chat(memoryId, message);
      tokens
          .onPartialResponseWithContext((p, c) -> bridge.text(p.text(), c.streamingHandle()))
          .onCompleteResponse(bridge::onCompleteResponse)
          .onError(bridge::onError)
          .start();
    } catch (RuntimeException e) {
      bridge.cancel();
      throw Failures.of(name, e);
    }
    bridge.await(reply, name, timeout);
  }

  private void block(BlockingService service, String memoryId, String message, Reply reply)
      throws InterruptedException {
    CompletableFuture<String> answer = new CompletableFuture<>();
    Thread worker =
        Thread.ofVirtual()
            .name("parley-ai-service")
            .start(
                () -> {
                  try {
                    answer.complete(service.chat(memoryId, message));
                  } catch (Throwable t) {
                    answer.completeExceptionally(t);
                  }
                });
    String text;
    try {
      text = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      worker.interrupt();
      throw e;
    } catch (ExecutionException e) {
      throw Failures.of(name, e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      worker.interrupt();
      throw new ProviderException(
          Kind.TRANSIENT, name + " gave no answer within " + timeout.toMillis() + " ms", e);
    }
    if (text != null && !text.isEmpty()) {
      reply.text(text);
    }
  }

  /**
   * The message for the service: the caller's last turn, after notes on how they sounded and on
   * what they heard of the reply they cut off.
   */
  static String userMessage(Conversation conversation, NotePlacement notes) {
    List<Turn> turns = conversation.turns();
    int last = -1;
    for (int i = turns.size() - 1; i >= 0 && last < 0; i--) {
      if (turns.get(i) instanceof Turn.User) {
        last = i;
      }
    }
    if (last < 0) {
      return "";
    }
    Turn.User user = (Turn.User) turns.get(last);
    if (notes == NotePlacement.OFF) {
      return user.text();
    }
    List<String> said = new ArrayList<>();
    for (int i = last - 1; i >= 0; i--) {
      if (turns.get(i) instanceof Turn.Agent agent) {
        if (agent.interrupted()) {
          String heard = agent.heardText().strip();
          said.add(
              heard.isEmpty()
                  ? ModelNotes.INTERRUPTED_EARLY
                  : "The caller interrupted your last reply: they heard only \""
                      + heard
                      + "\", not the rest.");
        }
        break;
      }
    }
    ModelNotes.affect(user.affect()).ifPresent(said::add);
    StringBuilder out = new StringBuilder();
    for (String n : said) {
      out.append('[').append(n).append("] ");
    }
    return out.append(user.text()).toString();
  }

  /** Configures an {@link AiServiceAgent}. */
  public static final class Builder {
    private final @Nullable StreamingService streaming;
    private final @Nullable BlockingService blocking;
    private String name = "langchain4j:ai-service";
    private NotePlacement notes = NotePlacement.IN_USER_MESSAGE;
    private Duration timeout = Duration.ofSeconds(30);
    private final List<String> phraseHints = new ArrayList<>();
    private Greeting greeting = Greeting.none();

    private Builder(@Nullable StreamingService streaming, @Nullable BlockingService blocking) {
      this.streaming = streaming;
      this.blocking = blocking;
    }

    /** The name in logs and timelines; {@code langchain4j:ai-service} by default. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Whether notes go in the message ({@link NotePlacement#IN_USER_MESSAGE}, the default; {@code
     * SYSTEM_MESSAGE} means the same here, as a service takes one message) or not at all ({@link
     * NotePlacement#OFF}).
     */
    public Builder notes(NotePlacement placement) {
      this.notes = placement;
      return this;
    }

    /**
     * How long a streaming service may go without a callback, or a blocking one without its answer,
     * before the reply fails (30 s by default). The service's own tools run inside that time: allow
     * for the slowest.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder phraseHints(List<String> hints) {
      phraseHints.addAll(hints);
      return this;
    }

    /**
     * How the agent opens a call: {@link Greeting#text} for a fixed first message, {@link
     * Greeting#generated()} to have the service write one; none by default (the caller speaks
     * first).
     */
    public Builder greeting(Greeting greeting) {
      this.greeting = greeting;
      return this;
    }

    /** The agent. */
    public AiServiceAgent build() {
      if (!timeout.isPositive()) {
        throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
      }
      return new AiServiceAgent(this);
    }
  }
}
