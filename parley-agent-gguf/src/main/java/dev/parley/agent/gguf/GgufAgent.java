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
package dev.parley.agent.gguf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import dev.parley.core.agent.ChatTranscript;
import dev.parley.core.agent.NotePlacement;
import dev.parley.core.agent.ToolChoice;
import dev.parley.core.agent.ToolRounds;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent on a local GGUF language model run in-process by llama.cpp: the model is loaded once and
 * serves every session of the process.
 *
 * <pre>
 *  respond (session worker)                      decoder (one platform thread, owns the model)
 *  Conversation ─▶ messages ─▶ Generation ──────▶ chat template ─▶ prompt (cache_prompt: only
 *                                                  the tokens after the cached prefix are
 *  Reply.text ◀── speech ◀── queue ◀── token ◀──── evaluated) ─▶ grammar-constrained decode
 *  Reply.call ◀── {"tool": …, "arguments": …} ◀─── (speech | tool call)
 *  tool result ─▶ messages ─▶ next round …
 * </pre>
 *
 * <p>Threading: {@link #respond} runs on the session's worker thread and only waits on a queue;
 * every native call runs on the agent's one decoder thread, in order, so replies of different
 * sessions take turns on the model (llama.cpp runs one slot). Because the decoder serves one reply
 * at a time and llama.cpp keeps the slot's KV cache between requests, the prefix the next prompt
 * shares with the last one (the system prompt and tool list always; the whole conversation so far
 * for the next turn of the same session) is not evaluated again.
 *
 * <p>Cancellation: interrupting {@code respond} returns at once with {@link InterruptedException};
 * the decoder stops the generation at its next token (a reply still evaluating its prompt stops
 * when the prompt is done) and moves on. Closing the agent waits for the decoder before freeing the
 * model.
 */
public final class GgufAgent implements Agent, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GgufAgent.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tokens a round that may be a tool call may take, however short spoken answers are. */
  private static final int CALL_TOKENS = 256;

  private final Config config;
  private final List<Tool> tools;
  private final GgufFile file;
  private final LlamaModel model;
  private final ToolGrammar grammar;
  private final String systemPrompt;
  private final ExecutorService decoder;
  private final ToolRounds rounds;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GgufAgent(
      Config config, List<Tool> tools, GgufFile file, LlamaModel model, ExecutorService decoder) {
    this.config = config;
    this.tools = List.copyOf(tools);
    this.file = file;
    this.model = model;
    this.decoder = decoder;
    this.grammar =
        ToolGrammar.of(this.tools, config.toolChoice().function(), LlamaModel::jsonSchemaToGrammar);
    this.rounds =
        new ToolRounds(
            name(),
            this.tools.isEmpty() ? ToolChoice.none() : config.toolChoice(),
            config.maxToolRounds());
    this.systemPrompt = systemPrompt(config.systemPrompt(), this.tools);
  }

  /**
   * Checks and loads the model of {@code config}, with {@code tools} the model may call.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} naming the file if it is missing,
   *     truncated or not GGUF, or if llama.cpp's native library does not load or refuses the model
   * @throws IllegalArgumentException naming the tool whose schema is not JSON
   */
  public static GgufAgent open(Config config, List<Tool> tools) {
    GgufFile file = GgufFile.check(config.modelFile());
    GgufNative.load();
    ModelParameters parameters =
        new ModelParameters()
            .setModel(file.file().toString())
            .setThreads(config.threads())
            .setThreadsBatch(config.threads())
            .setCtxSize(config.contextSize())
            .setParallel(1);
    config.nativeLog().ifPresent(log -> parameters.setLogFile(log.toString()));
    LlamaModel model;
    try {
      model = new LlamaModel(parameters);
    } catch (RuntimeException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "llama.cpp could not load GGUF model "
              + file.file()
              + " (architecture "
              + file.architecture()
              + "): "
              + e.getMessage()
              + ". llama.cpp's log on standard error says why.",
          e);
    }
    ExecutorService decoder =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("parley-gguf-decoder").daemon(true).factory());
    try {
      return new GgufAgent(config, tools, file, model, decoder);
    } catch (RuntimeException e) {
      decoder.shutdown();
      model.close();
      throw e;
    }
  }

  /** Loads {@code modelFile} with the default configuration and no tools. */
  public static GgufAgent open(Path modelFile) {
    return open(Config.of(modelFile), List.of());
  }

  @Override
  public String name() {
    return "gguf:" + file.file().getFileName();
  }

  @Override
  public List<Tool> tools() {
    return tools;
  }

  /** The checked model file. */
  public GgufFile file() {
    return file;
  }

  public Config config() {
    return config;
  }

  @Override
  public void respond(Conversation conversation, Reply reply) throws InterruptedException {
    ArrayNode messages = messages(conversation);
    rounds.run(
        conversation,
        reply,
        new ToolRounds.Model() {
          @Override
          public ToolRounds.Turn turn(ToolChoice choice) throws InterruptedException {
            String call = round(messages, choice, reply);
            return call.isEmpty()
                ? ToolRounds.Turn.words("")
                : new ToolRounds.Turn("", List.of(parseCall(call)));
          }

          @Override
          public void answered(
              ChatTranscript.ToolCalls request, List<ChatTranscript.ToolOutput> results) {
            for (int i = 0; i < results.size(); i++) {
              add(messages, request.calls().get(i), results.get(i).content());
            }
          }
        });
  }

  /**
   * Generates one round: streams a spoken answer into {@code reply} and returns "", or returns the
   * text of a tool call.
   */
  private String round(ArrayNode messages, ToolChoice choice, Reply reply)
      throws InterruptedException {
    int budget =
        choice.allowsCalls() ? Math.max(config.maxTokens(), CALL_TOKENS) : config.maxTokens();
    ObjectNode request = JSON.createObjectNode();
    request.set("messages", messages);
    Generation generation = new Generation(request.toString(), grammar.grammar(choice), budget);
    try {
      decoder.execute(generation);
    } catch (RejectedExecutionException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE, "the GGUF agent " + name() + " is closed", e);
    }
    StringBuilder pending = new StringBuilder();
    boolean speaking = false;
    int spoken = 0;
    try {
      while (true) {
        Piece piece = generation.out.take();
        switch (piece) {
          case Piece.Token(String text) -> {
            if (speaking) {
              reply.text(text);
              if (++spoken >= config.maxTokens()) {
                return "";
              }
              continue;
            }
            pending.append(text);
            if (!pending.toString().isBlank() && !ToolGrammar.opensCall(pending.toString())) {
              speaking = true;
              reply.text(pending.toString());
              if (++spoken >= config.maxTokens()) {
                return "";
              }
            }
          }
          case Piece.End end -> {
            if (speaking || pending.toString().isBlank()) {
              return "";
            }
            return pending.toString();
          }
          case Piece.Failed(RuntimeException error) -> {
            if (error instanceof ProviderException provider) {
              throw provider;
            }
            throw new ProviderException(
                ProviderException.Kind.FATAL,
                "llama.cpp failed generating with " + name() + ": " + error.getMessage(),
                error);
          }
        }
      }
    } finally {
      // Stops the decoder at its next token if this reply ended early (limit, interrupt, error).
      generation.cancelled.set(true);
    }
  }

  private ToolCall parseCall(String text) {
    JsonNode call;
    try {
      call = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED,
          "the model's tool call is not complete JSON (cut off at the token limit?): " + text,
          e);
    }
    JsonNode tool = call.get("tool");
    JsonNode arguments = call.get("arguments");
    if (tool == null || !tool.isTextual() || arguments == null || !arguments.isObject()) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED,
          "the model's tool call has no tool or arguments: " + text);
    }
    return new ToolCall("", tool.asText(), arguments.toString()); // the session's id comes later
  }

  /**
   * The chat messages of {@code conversation}: the system prompt, the words said and heard, each
   * tool call as the JSON object the model writes followed by its result. No notes on the caller's
   * voice or interruptions ({@link NotePlacement#OFF}), as this adapter has never sent them.
   */
  private ArrayNode messages(Conversation conversation) {
    ArrayNode messages = JSON.createArrayNode();
    for (ChatTranscript.Message m :
        ChatTranscript.of(systemPrompt, conversation, NotePlacement.OFF)) {
      switch (m) {
        case ChatTranscript.Instruction i ->
            messages.addObject().put("role", "system").put("content", i.text());
        case ChatTranscript.User u ->
            messages.addObject().put("role", "user").put("content", u.text());
        case ChatTranscript.Assistant a ->
            messages.addObject().put("role", "assistant").put("content", a.text());
        case ChatTranscript.ToolCalls c -> {} // each call is written with its result
        case ChatTranscript.ToolOutput o -> add(messages, o.call(), o.content());
      }
    }
    return messages;
  }

  /** A tool call as the model writes one, then its result. */
  private static void add(ArrayNode messages, ToolCall call, String resultJson) {
    ObjectNode written = JSON.createObjectNode().put("tool", call.name());
    try {
      written.set("arguments", JSON.readTree(call.argumentsJson()));
    } catch (JsonProcessingException e) {
      written.put("arguments", call.argumentsJson());
    }
    messages.addObject().put("role", "assistant").put("content", written.toString());
    messages.addObject().put("role", "tool").put("content", resultJson);
  }

  /** The configured system prompt, with the tools and how to call them when there are any. */
  static String systemPrompt(String prompt, List<Tool> tools) {
    if (tools.isEmpty()) {
      return prompt;
    }
    StringBuilder out = new StringBuilder(prompt);
    if (!prompt.isEmpty()) {
      out.append("\n\n");
    }
    out.append(
        "You can call tools. To call one, reply with only a JSON object"
            + " {\"tool\": NAME, \"arguments\": {...}} and nothing else; you then get its result"
            + " and answer the user. Tools:");
    for (Tool tool : tools) {
      out.append("\n- ")
          .append(tool.spec().name())
          .append(": ")
          .append(tool.spec().description())
          .append(" Arguments (JSON schema): ")
          .append(tool.spec().parametersSchema());
    }
    return out.toString();
  }

  /**
   * Stops the decoder and frees the model. Waits up to ten seconds for a generation in progress to
   * reach its next token; if it does not, the model is left allocated rather than freed under
   * native code still using it.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    decoder.shutdown();
    boolean idle;
    try {
      idle = decoder.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      idle = false;
    }
    if (idle) {
      model.close();
    } else {
      LOG.warn("GGUF decoder still busy after 10 s; leaving model {} allocated", file.file());
    }
  }

  /** What the decoder hands the reply: a token's text, the end, or a failure. */
  private sealed interface Piece {
    record Token(String text) implements Piece {}

    record End() implements Piece {}

    record Failed(RuntimeException error) implements Piece {}
  }

  /** One round's generation; run by the decoder thread. */
  private final class Generation implements Runnable {
    final String request;
    final String grammar;
    final int budget;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final BlockingQueue<Piece> out = new LinkedBlockingQueue<>();

    Generation(String request, String grammar, int budget) {
      this.request = request;
      this.grammar = grammar;
      this.budget = budget;
    }

    @Override
    public void run() {
      if (cancelled.get()) {
        out.add(new Piece.End());
        return;
      }
      try {
        String prompt = model.applyTemplate(request);
        int promptTokens = model.encode(prompt).length;
        int room = config.contextSize() - promptTokens - 1;
        if (room <= 0) {
          throw new ProviderException(
              ProviderException.Kind.REJECTED,
              "the conversation is "
                  + promptTokens
                  + " tokens, more than the context of "
                  + config.contextSize()
                  + " tokens of "
                  + name()
                  + " holds");
        }
        InferenceParameters parameters =
            new InferenceParameters(prompt)
                .setCachePrompt(true)
                .setNPredict(Math.min(budget, room))
                .setTemperature(config.temperature())
                .setGrammar(grammar);
        if (config.seed() >= 0) {
          parameters.setSeed(config.seed());
        }
        LlamaIterator tokens = model.generate(parameters).iterator();
        while (!cancelled.get() && tokens.hasNext()) {
          LlamaOutput output = tokens.next();
          if (!output.text.isEmpty()) {
            out.add(new Piece.Token(output.text));
          }
        }
        if (cancelled.get() && tokens.hasNext()) {
          tokens.cancel();
        }
        out.add(new Piece.End());
      } catch (RuntimeException e) {
        out.add(new Piece.Failed(e));
      }
    }
  }

  /**
   * How to run a GGUF model: the file, CPU threads (default 2), context size in tokens (default
   * 4096), system prompt, the most tokens of a spoken answer (default 256), the tool choice, the
   * most tool rounds in one reply (default 4), sampling temperature (default 0.7) and seed (default
   * -1, random), and optionally a file for llama.cpp's log. Immutable.
   */
  public static final class Config {
    private final Path modelFile;
    private final int threads;
    private final int contextSize;
    private final String systemPrompt;
    private final int maxTokens;
    private final ToolChoice toolChoice;
    private final int maxToolRounds;
    private final float temperature;
    private final int seed;
    private final @Nullable Path nativeLog;

    private Config(
        Path modelFile,
        int threads,
        int contextSize,
        String systemPrompt,
        int maxTokens,
        ToolChoice toolChoice,
        int maxToolRounds,
        float temperature,
        int seed,
        @Nullable Path nativeLog) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, not " + threads);
      }
      if (contextSize < 64) {
        throw new IllegalArgumentException("context size must be at least 64, not " + contextSize);
      }
      if (maxTokens < 1) {
        throw new IllegalArgumentException("max tokens must be at least 1, not " + maxTokens);
      }
      if (maxToolRounds < 0) {
        throw new IllegalArgumentException("max tool rounds must not be negative");
      }
      this.modelFile = modelFile;
      this.threads = threads;
      this.contextSize = contextSize;
      this.systemPrompt = systemPrompt;
      this.maxTokens = maxTokens;
      this.toolChoice = toolChoice;
      this.maxToolRounds = maxToolRounds;
      this.temperature = temperature;
      this.seed = seed;
      this.nativeLog = nativeLog;
    }

    /** The defaults for {@code modelFile}. */
    public static Config of(Path modelFile) {
      return new Config(
          modelFile,
          2,
          4096,
          "You are a helpful voice assistant. Answer in one or two short spoken sentences.",
          256,
          ToolChoice.auto(),
          4,
          0.7f,
          -1,
          null);
    }

    public Config withThreads(int threads) {
      return new Config(
          modelFile,
          threads,
          contextSize,
          systemPrompt,
          maxTokens,
          toolChoice,
          maxToolRounds,
          temperature,
          seed,
          nativeLog);
    }

    public Config withContextSize(int contextSize) {
      return new Config(
          modelFile,
          threads,
          contextSize,
          systemPrompt,
          maxTokens,
          toolChoice,
          maxToolRounds,
          temperature,
          seed,
          nativeLog);
    }

    public Config withSystemPrompt(String systemPrompt) {
      return new Config(
          modelFile,
          threads,
          contextSize,
          systemPrompt,
          maxTokens,
          toolChoice,
          maxToolRounds,
          temperature,
          seed,
          nativeLog);
    }

    public Config withMaxTokens(int maxTokens) {
      return new Config(
          modelFile,
          threads,
          contextSize,
          systemPrompt,
          maxTokens,
          toolChoice,
          maxToolRounds,
          temperature,
          seed,
          nativeLog);
    }

    public Config withToolChoice(ToolChoice toolChoice) {
      return new Config(
          modelFile,
          threads,
          contextSize,
          systemPrompt,
          maxTokens,
          toolChoice,
          maxToolRounds,
          temperature,
          seed,
          nativeLog);
    }

    public Config withMaxToolRounds(int maxToolRounds) {
      return new Config(
          modelFile,
          threads,
          contextSize,
          systemPrompt,
          maxTokens,
          toolChoice,
          maxToolRounds,
          temperature,
          seed,
          nativeLog);
    }

    public Config withTemperature(float temperature) {
      return new Config(
          modelFile,
          threads,
          contextSize,
          systemPrompt,
          maxTokens,
          toolChoice,
          maxToolRounds,
          temperature,
          seed,
          nativeLog);
    }

    /** A fixed sampling seed (non-negative), for reproducible output. */
    public Config withSeed(int seed) {
      return new Config(
          modelFile,
          threads,
          contextSize,
          systemPrompt,
          maxTokens,
          toolChoice,
          maxToolRounds,
          temperature,
          seed,
          nativeLog);
    }

    /**
     * Also writes llama.cpp's log (model loading, per-request prompt and cache lines) to a file.
     */
    public Config withNativeLog(Path nativeLog) {
      return new Config(
          modelFile,
          threads,
          contextSize,
          systemPrompt,
          maxTokens,
          toolChoice,
          maxToolRounds,
          temperature,
          seed,
          nativeLog);
    }

    public Path modelFile() {
      return modelFile;
    }

    public int threads() {
      return threads;
    }

    public int contextSize() {
      return contextSize;
    }

    public String systemPrompt() {
      return systemPrompt;
    }

    public int maxTokens() {
      return maxTokens;
    }

    public ToolChoice toolChoice() {
      return toolChoice;
    }

    public int maxToolRounds() {
      return maxToolRounds;
    }

    public float temperature() {
      return temperature;
    }

    public int seed() {
      return seed;
    }

    public Optional<Path> nativeLog() {
      return Optional.ofNullable(nativeLog);
    }
  }
}
