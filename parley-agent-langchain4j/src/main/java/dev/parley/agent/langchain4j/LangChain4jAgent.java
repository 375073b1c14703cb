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
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.parley.core.agent.ChatTranscript;
import dev.parley.core.agent.Greeting;
import dev.parley.core.agent.NotePlacement;
import dev.parley.core.agent.Retries;
import dev.parley.core.agent.ToolChoice;
import dev.parley.core.agent.ToolRounds;
import dev.parley.core.clock.Sleeper;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolEffect;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A Parley agent backed by a LangChain4j {@link StreamingChatModel} and LangChain4j tools: objects
 * with {@code @Tool} methods, or {@link ToolSpecification}s with their {@link ToolExecutor}s.
 *
 * <pre>{@code
 * Agent agent = LangChain4jAgent.builder(model)
 *     .tools(new FlightTools())          // @Tool methods
 *     .readOnly("searchFlights")         // may run early, on an eager end of turn
 *     .build();
 * }</pre>
 *
 * <p>Each reply maps the {@link Conversation} to LangChain4j chat messages (the words the caller
 * heard of each agent turn, a note on how the caller sounded, the tool calls the session ran; see
 * {@link NotePlacement}), sends the tools' specifications, and streams the model's partial
 * responses into {@link Agent.Reply#text} as they arrive. The tool calls of a complete response go
 * to {@link Agent.Reply#callAll}: the session runs the LangChain4j tools (exposed as {@link
 * #tools()}) with their schema, time limit and effect, in parallel; the results go back to the
 * model and the loop goes on until it answers without tool calls, for at most {@link
 * Builder#maxToolRounds} rounds (the last asks for words only).
 *
 * <pre>
 *   Conversation ─▶ ChatMessages ─▶ StreamingChatModel.chat ─▶ onPartialResponse ─▶ Reply.text
 *                     ▲                                          │ onCompleteResponse: tool requests
 *                     └── AiMessage + ToolExecutionResultMessage ◀── Reply.callAll (session runs tools)
 * </pre>
 *
 * <p><b>Effects.</b> A tool is {@link ToolEffect#SIDE_EFFECTING} unless the builder says otherwise
 * ({@link Builder#readOnly}, {@link Builder#idempotent}): it then runs only for a final turn, at
 * most once per call id. Mark a tool read-only only if running it early and throwing the result
 * away is harmless.
 *
 * <p><b>Failures.</b> A model error before any word was spoken is tried again if it may pass (rate
 * limit, timeout, 5xx, no connection), after an injected {@link Sleeper}'s backoff; past the tries,
 * or for an error no retry fixes, {@link #respond} throws a {@link ProviderException}: {@code
 * TRANSIENT} (rate limit, timeout, a response broken after words were spoken, a model silent past
 * the idle timeout), {@code UNAVAILABLE} (5xx, no connection, no such model), {@code REJECTED} (a
 * refused request, a content filter), {@code FATAL} (a bad API key, a bug). A failing tool is not a
 * failure of the reply: the model hears it as the tool's result.
 *
 * <p>LangChain4j's OpenAI module completes a stream that broke off before its end as if it had
 * ended, so a reply cut after some words is taken as said; one cut before any word (no text, no
 * tool call, no finish reason) counts as a failure and is tried again.
 *
 * <p><b>Cancellation.</b> Interrupting the replying thread makes {@link #respond} throw {@link
 * InterruptedException} at once, with nothing more written to the reply. The model's response is
 * cancelled through LangChain4j's {@code StreamingHandle} when the model offers one (the OpenAI
 * module does; the handle is known from the first partial response on); a model that cannot be
 * cancelled streams on until it finishes, and every late callback is dropped.
 *
 * <p>Immutable and thread-safe: one agent serves every session of a process; each reply's state
 * lives on its own thread. The tool objects must be thread-safe too.
 */
public final class LangChain4jAgent implements Agent {
  /**
   * The default system prompt, for speech: short spoken sentences, no markdown, and the notes in
   * the conversation are context, not text to read out.
   */
  public static final String VOICE_PROMPT =
      "You are a helpful assistant speaking with a caller on a voice call. Your words are spoken"
          + " aloud by a speech synthesizer, so answer in one to three short spoken sentences. Use"
          + " plain words only: no markdown, lists, headings, emoji or links. Say numbers, dates"
          + " and times the way a person would say them. If you need a detail, ask one short"
          + " question. Notes about how the caller sounds or about being interrupted are context"
          + " for you: never read them out.";

  private final StreamingChatModel model;
  private final String systemPrompt;
  private final List<Tool> tools;
  private final List<ToolSpecification> specifications;
  private final ToolRounds rounds;
  private final Retries retries;
  private final Sleeper sleeper;
  private final Duration idleTimeout;
  private final NotePlacement notes;
  private final String name;
  private final List<String> phraseHints;
  private final List<ToolCall> prefetch;

  private final Greeting greeting;

  private LangChain4jAgent(Builder b, List<Tool> tools, List<ToolSpecification> specifications) {
    this.model = b.model;
    this.systemPrompt = b.systemPrompt;
    this.greeting = b.greeting;
    this.tools = List.copyOf(tools);
    this.specifications = List.copyOf(specifications);
    this.retries = Retries.doubling(b.maxAttempts, b.backoff);
    this.sleeper = b.sleeper;
    this.idleTimeout = b.idleTimeout;
    this.notes = b.notes;
    this.name = b.name != null ? b.name : "langchain4j:" + b.model.getClass().getSimpleName();
    this.rounds = new ToolRounds(name, b.toolChoice, b.maxToolRounds);
    this.phraseHints = List.copyOf(b.phraseHints);
    this.prefetch = List.copyOf(b.prefetch);
  }

  /** Starts configuring an agent speaking through {@code model}. */
  public static Builder builder(StreamingChatModel model) {
    return new Builder(model);
  }

  /**
   * An agent for an AI Service method that streams ({@code TokenStream chat(@MemoryId String
   * id, @UserMessage String text)}); see {@link AiServiceAgent} for what it can and cannot do.
   */
  public static AiServiceAgent fromAiService(AiServiceAgent.StreamingService service) {
    return AiServiceAgent.streaming(service).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Tool> tools() {
    return tools;
  }

  @Override
  public List<String> phraseHints() {
    return phraseHints;
  }

  @Override
  public List<ToolCall> prefetch() {
    return prefetch;
  }

  @Override
  public boolean greets() {
    return greeting.speaks();
  }

  /**
   * Speaks the configured greeting: a fixed line as is, or one the model writes (with its tools, so
   * it may look the caller up) for a conversation holding only the instruction.
   */
  @Override
  public void greet(CallInfo call, Reply reply) throws InterruptedException {
    switch (greeting) {
      case Greeting.None none -> {}
      case Greeting.Text text -> reply.text(text.text());
      case Greeting.Generated generated ->
          respond(Greeting.prompt(call, generated.instruction()), reply);
    }
  }

  /**
   * Streams the model's reply to {@code conversation}, running its tool calls through {@code
   * reply}.
   *
   * @throws InterruptedException if the session cancelled the reply; nothing more is written
   * @throws ProviderException past the retries, or for a failure no retry fixes (see the class
   *     documentation for the kinds)
   */
  @Override
  public void respond(Conversation conversation, Reply reply) throws InterruptedException {
    List<ChatMessage> messages =
        ChatMessages.of(ChatTranscript.of(systemPrompt, conversation, notes));
    rounds.run(
        conversation,
        reply,
        new ToolRounds.Model() {
          @Override
          public ToolRounds.Turn turn(ToolChoice choice) throws InterruptedException {
            AiMessage answer = retries.run(sleeper, () -> attempt(messages, choice, reply));
            List<ToolCall> calls = new ArrayList<>();
            if (answer.hasToolExecutionRequests()) {
              for (ToolExecutionRequest r : answer.toolExecutionRequests()) {
                String args =
                    r.arguments() == null || r.arguments().isBlank() ? "{}" : r.arguments();
                calls.add(
                    new ToolCall(
                        r.id() == null ? "" : r.id(), r.name() == null ? "" : r.name(), args));
              }
            }
            String said = answer.text();
            return new ToolRounds.Turn(said == null ? "" : said, calls);
          }

          @Override
          public void answered(
              ChatTranscript.ToolCalls request, List<ChatTranscript.ToolOutput> results) {
            messages.add(ChatMessages.of(request));
            results.forEach(r -> messages.add(ChatMessages.of(r)));
          }
        });
  }

  /**
   * One request and its streamed response.
   *
   * @throws Retries.Retryable if it failed before any word reached the reply, in a way that may
   *     pass
   */
  private AiMessage attempt(List<ChatMessage> messages, ToolChoice choice, Reply reply)
      throws InterruptedException, Retries.Retryable {
    ChatRequest.Builder request = ChatRequest.builder().messages(List.copyOf(messages));
    if (!specifications.isEmpty()) {
      request.toolSpecifications(specifications);
      request.toolChoice(toolChoice(choice));
    }
    StreamBridge bridge = new StreamBridge();
    ProviderException failure;
    try {
      model.chat(request.build(), bridge);
      ChatResponse response = bridge.await(reply, name, idleTimeout);
      AiMessage message = response.aiMessage();
      if (message == null) {
        throw new ProviderException(Kind.FATAL, name + " completed without a message");
      }
      String text = message.text();
      boolean silent = text == null || text.isBlank();
      if (!bridge.emitted() && !silent) {
        reply.text(text); // a model that does not stream partial responses
      }
      if (silent && !message.hasToolExecutionRequests() && response.finishReason() == null) {
        // LangChain4j completes a stream that broke off as if it had ended; with no word, no
        // tool call and no finish reason, it did not really answer.
        throw new ProviderException(
            Kind.TRANSIENT, name + " ended its response without a word or a finish reason");
      }
      return message;
    } catch (ProviderException e) {
      failure = e;
    } catch (RuntimeException e) {
      bridge.cancel();
      failure = Failures.of(name, e); // thrown by chat() itself, before any callback
    }
    if (bridge.emitted() || !Retries.retryable(failure.kind())) {
      throw failure;
    }
    throw Retries.Retryable.of(failure);
  }

  /**
   * LangChain4j's tool choice for {@code choice}: it has no choice naming one function, so that one
   * asks for any call, with the other tools still offered.
   */
  private static dev.langchain4j.model.chat.request.ToolChoice toolChoice(ToolChoice choice) {
    return switch (choice.mode()) {
      case AUTO -> dev.langchain4j.model.chat.request.ToolChoice.AUTO;
      case NONE -> dev.langchain4j.model.chat.request.ToolChoice.NONE;
      case REQUIRED, FUNCTION -> dev.langchain4j.model.chat.request.ToolChoice.REQUIRED;
    };
  }

  /** A tool as offered to the builder. */
  private record Offered(ToolSpecification specification, ToolExecutor executor) {}

  /** Configures a {@link LangChain4jAgent}; {@link #build} checks the whole configuration. */
  public static final class Builder {
    private final StreamingChatModel model;
    private String systemPrompt = VOICE_PROMPT;
    private final List<Object> toolObjects = new ArrayList<>();
    private final List<Offered> offered = new ArrayList<>();
    private final List<Tool> parleyTools = new ArrayList<>();
    private final Map<String, ToolEffect> effects = new LinkedHashMap<>();
    private final Map<String, Duration> timeouts = new LinkedHashMap<>();
    private Duration toolTimeout = Duration.ofSeconds(10);
    private Greeting greeting = Greeting.none();
    private int maxToolRounds = 5;
    private ToolChoice toolChoice = ToolChoice.auto();
    private int maxAttempts = 2;
    private Duration backoff = Duration.ofMillis(250);
    private Sleeper sleeper = Sleeper.system();
    private Duration idleTimeout = Duration.ofSeconds(30);
    private NotePlacement notes = NotePlacement.IN_USER_MESSAGE;
    private @Nullable String name;
    private final List<String> phraseHints = new ArrayList<>();
    private final List<ToolCall> prefetch = new ArrayList<>();

    private Builder(StreamingChatModel model) {
      this.model = model;
    }

    /**
     * How the agent opens a call: {@link Greeting#text} for a fixed first message, {@link
     * Greeting#generated()} to have the model write one; none by default (the caller speaks first).
     */
    public Builder greeting(Greeting greeting) {
      this.greeting = greeting;
      return this;
    }

    /**
     * A Parley tool, such as {@code CallTools.endCall()}: offered to the model with its own schema,
     * effect and timeout.
     */
    public Builder tool(Tool tool) {
      parleyTools.add(tool);
      return this;
    }

    /** The system prompt; {@link #VOICE_PROMPT} by default, blank for none. */
    public Builder systemPrompt(String prompt) {
      this.systemPrompt = prompt;
      return this;
    }

    /**
     * Adds the {@code @Tool} methods of {@code objects} (compile them with {@code -parameters}, or
     * name each argument with {@code @P}, so the model sees real parameter names).
     */
    public Builder tools(Object... objects) {
      toolObjects.addAll(List.of(objects));
      return this;
    }

    /** Adds one tool given as its specification and the executor that runs it. */
    public Builder tool(ToolSpecification specification, ToolExecutor executor) {
      offered.add(new Offered(specification, executor));
      return this;
    }

    /**
     * Marks tools as only reading (search, look up): the session may run them early, on an eager
     * end of turn, and reuse or drop the result. Tools are side-effecting unless marked.
     */
    public Builder readOnly(String... toolNames) {
      for (String n : toolNames) {
        effects.put(n, ToolEffect.READ_ONLY);
      }
      return this;
    }

    /** Marks tools whose second run with the same arguments changes nothing (set a seat). */
    public Builder idempotent(String... toolNames) {
      for (String n : toolNames) {
        effects.put(n, ToolEffect.IDEMPOTENT);
      }
      return this;
    }

    /** Sets one tool's effect. */
    public Builder effect(String toolName, ToolEffect effect) {
      effects.put(toolName, effect);
      return this;
    }

    /** How long one call of a tool may take (10 s by default). */
    public Builder toolTimeout(Duration timeout) {
      this.toolTimeout = timeout;
      return this;
    }

    /** How long one call of tool {@code toolName} may take. */
    public Builder toolTimeout(String toolName, Duration timeout) {
      timeouts.put(toolName, timeout);
      return this;
    }

    /**
     * Whether the model may, must or must not call tools in the first round of a reply ({@code
     * auto} by default); later rounds are {@code auto}. LangChain4j names no single function, so
     * {@link ToolChoice#function} asks for any call.
     */
    public Builder toolChoice(ToolChoice choice) {
      this.toolChoice = choice;
      return this;
    }

    /**
     * How many rounds of tool calls one reply may make (5 by default); the round after the last
     * asks the model for words only.
     */
    public Builder maxToolRounds(int rounds) {
      this.maxToolRounds = rounds;
      return this;
    }

    /**
     * How many times to send a request whose failure may pass (2 by default; 1 for no retries),
     * waiting {@code backoff}, then twice as long, between tries. A response that failed after
     * words were spoken is never tried again.
     */
    public Builder retries(int maxAttempts, Duration backoff) {
      this.maxAttempts = maxAttempts;
      this.backoff = backoff;
      return this;
    }

    /** What waits out a backoff; the system clock by default, a recording fake in tests. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /**
     * How long a response may go without a callback before it counts as broken (30 s by default);
     * the model's own HTTP timeouts usually end it sooner.
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /** Where notes on the caller's voice and interruptions go. */
    public Builder notes(NotePlacement placement) {
      this.notes = placement;
      return this;
    }

    /** The name in logs and timelines; {@code langchain4j:MODEL_CLASS} by default. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder phraseHints(List<String> hints) {
      phraseHints.addAll(hints);
      return this;
    }

    /** Read-only calls to run as the call starts, as {@link Agent#prefetch} describes. */
    public Builder prefetch(List<ToolCall> calls) {
      prefetch.addAll(calls);
      return this;
    }

    /**
     * The agent.
     *
     * @throws IllegalArgumentException naming the problem: two tools of one name, an effect or
     *     timeout for a tool the agent does not have, a tool name Parley cannot accept, a bad
     *     number of rounds or tries, or a non-positive duration
     */
    public LangChain4jAgent build() {
      if (maxToolRounds < 1) {
        throw new IllegalArgumentException(
            "maxToolRounds must be at least 1, not " + maxToolRounds);
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
      }
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("backoff must not be negative");
      }
      if (!idleTimeout.isPositive() || !toolTimeout.isPositive()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
      if (toolChoice.mode() != ToolChoice.Mode.AUTO
          && toolObjects.isEmpty()
          && offered.isEmpty()
          && parleyTools.isEmpty()) {
        throw new IllegalArgumentException(
            "tool_choice " + toolChoice.mode().wire() + " needs tools");
      }
      List<Offered> all = new ArrayList<>();
      for (Object o : toolObjects) {
        all.addAll(annotated(o));
      }
      all.addAll(offered);
      List<Tool> tools = new ArrayList<>();
      List<ToolSpecification> specifications = new ArrayList<>();
      Set<String> names = new LinkedHashSet<>();
      for (Offered o : all) {
        String n = o.specification().name();
        if (!names.add(n)) {
          throw new IllegalArgumentException("two tools are named " + n);
        }
        specifications.add(o.specification());
        tools.add(
            new LangChain4jTool(
                o.specification(),
                o.executor(),
                effects.getOrDefault(n, ToolEffect.SIDE_EFFECTING),
                timeouts.getOrDefault(n, toolTimeout)));
      }
      for (Tool t : parleyTools) {
        String n = t.spec().name();
        if (!names.add(n)) {
          throw new IllegalArgumentException("two tools are named " + n);
        }
        specifications.add(ParleyToolSpecs.of(t.spec()));
        tools.add(t);
      }
      for (String n : union(effects.keySet(), timeouts.keySet())) {
        if (!names.contains(n)) {
          throw new IllegalArgumentException(
              "no tool named " + n + " (the agent's tools: " + String.join(", ", names) + ")");
        }
      }
      return new LangChain4jAgent(this, tools, specifications);
    }

    /** The {@code @Tool} methods of {@code object} by name, each with LangChain4j's executor. */
    private static List<Offered> annotated(Object object) {
      List<Method> methods = new ArrayList<>();
      for (Method m : object.getClass().getDeclaredMethods()) {
        if (m.isAnnotationPresent(dev.langchain4j.agent.tool.Tool.class)) {
          methods.add(m);
        }
      }
      if (methods.isEmpty()) {
        throw new IllegalArgumentException(
            object.getClass().getName() + " has no @Tool methods to offer the model");
      }
      methods.sort(Comparator.comparing(Method::getName));
      List<Offered> out = new ArrayList<>();
      for (Method m : methods) {
        ToolExecutor executor =
            DefaultToolExecutor.builder()
                .object(object)
                .originalMethod(m)
                .methodToInvoke(m)
                .wrapToolArgumentsExceptions(true)
                .propagateToolExecutionExceptions(true)
                .build();
        out.add(new Offered(ToolSpecifications.toolSpecificationFrom(m), executor));
      }
      return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
      Set<String> u = new TreeSet<>(a);
      u.addAll(b);
      return u;
    }
  }
}
