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
package dev.parley.agent.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.agent.ChatTranscript;
import dev.parley.core.agent.Greeting;
import dev.parley.core.agent.NotePlacement;
import dev.parley.core.agent.Retries;
import dev.parley.core.agent.ToolChoice;
import dev.parley.core.agent.ToolRounds;
import dev.parley.core.clock.Sleeper;
import dev.parley.core.clock.WallClock;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * A Parley agent backed by any server that speaks OpenAI's Chat Completions API with streaming
 * ({@code POST {baseUrl}/chat/completions}, {@code stream: true}): OpenAI, Groq, Ollama, vLLM, the
 * llama.cpp server.
 *
 * <p>Each reply maps the {@link Conversation} to chat messages (see {@link NotePlacement} for the
 * notes on how the caller sounded and where they cut the agent off), sends the agent's tools as
 * function definitions, and streams the model's text into {@link Agent.Reply#text} as the deltas
 * arrive. When the model calls tools, the streamed fragments are put together by index and handed
 * to {@link Agent.Reply#callAll}, so the session runs them in parallel under its effect rules; the
 * results go back to the model and the loop goes on until the model answers without tool calls, for
 * at most {@link Builder#maxToolRounds} rounds (the last round asks for words only).
 *
 * <pre>
 *   Conversation ─▶ messages ─▶ POST /chat/completions ─▶ SSE deltas ─▶ Reply.text
 *                     ▲                                     │ tool_calls fragments
 *                     └── assistant tool_calls + tool ◀── Reply.callAll (session runs tools)
 * </pre>
 *
 * <p><b>Failures.</b> A connection failure, a 5xx, a 429 or 408, or a stream that broke before any
 * word was spoken is retried with exponential backoff ({@link Retries}), honouring {@code
 * Retry-After}; the waits go through an injected {@link Sleeper}. Past the retries, or for a
 * failure no retry fixes, {@link #respond} throws a {@link ProviderException} whose kind the
 * session acts on. A stream that broke after words were spoken is not retried: the words cannot be
 * unsaid.
 *
 * <p><b>Cancellation.</b> Interrupting the replying thread cancels the request, or closes the
 * response body if streaming had begun, and {@link #respond} throws {@link InterruptedException}.
 *
 * <p>Immutable and thread-safe: one agent serves every session of a process; each reply's state
 * lives on its own thread.
 */
public final class OpenAiCompatibleAgent implements Agent {
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ERROR_BODY_BYTES = 16 * 1024;

  private final URI endpoint;
  private final String model;
  private final @Nullable String apiKey;
  private final String systemPrompt;
  private final List<Tool> tools;
  private final ArrayNode toolsJson;
  private final ToolRounds rounds;
  private final Retries retries;
  private final Sleeper sleeper;
  private final WallClock wallClock;
  private final HttpClient http;
  private final Duration firstByteTimeout;
  private final Duration idleTimeout;
  private final NotePlacement notes;
  private final @Nullable Double temperature;
  private final @Nullable Integer maxTokens;
  private final String name;
  private final List<String> phraseHints;
  private final List<ToolCall> prefetch;
  private final Map<String, String> headers;

  private final Greeting greeting;

  private OpenAiCompatibleAgent(Builder b, URI base) {
    this.greeting = b.greeting;
    this.endpoint = URI.create(base + "/chat/completions");
    this.model = b.model.strip();
    this.apiKey = b.apiKey;
    this.systemPrompt = b.systemPrompt;
    this.tools = List.copyOf(b.tools);
    this.toolsJson = toolsJson(tools);
    this.retries = b.retries;
    this.sleeper = b.sleeper;
    this.wallClock = b.wallClock;
    this.firstByteTimeout = b.firstByteTimeout;
    this.idleTimeout = b.idleTimeout;
    this.notes = b.notes;
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.name = b.name != null ? b.name : "openai:" + model;
    this.rounds = new ToolRounds(name, b.toolChoice, b.maxToolRounds);
    this.phraseHints = List.copyOf(b.phraseHints);
    this.prefetch = List.copyOf(b.prefetch);
    this.headers = Map.copyOf(b.headers);
    HttpClient client = b.httpClient;
    if (client == null) {
      HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(b.connectTimeout);
      if (base.getScheme().equals("http")) {
        hb.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with local servers
      }
      client = hb.build();
    }
    this.http = client;
  }

  /**
   * Starts configuring an agent for the server at {@code baseUrl} (the part before {@code
   * /chat/completions}, such as {@code http://localhost:11434/v1} or {@code
   * https://api.openai.com/v1}) and {@code model}.
   */
  public static Builder builder(String baseUrl, String model) {
    return new Builder(baseUrl, model);
  }

  /** The URL requests go to. */
  public URI endpoint() {
    return endpoint;
  }

  /** The model asked for. */
  public String model() {
    return model;
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
   * Speaks the configured greeting: a fixed line as is (Vapi's {@code firstMessage}), or one the
   * model writes, with its tools, for a conversation holding only the instruction.
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
   * @throws InterruptedException if the session cancelled the reply; the HTTP request is cancelled
   *     or its body closed before this throws
   * @throws ProviderException past the retries, or for a failure no retry fixes: {@code TRANSIENT}
   *     (rate limit, timeout, a stream broken after words were spoken), {@code UNAVAILABLE} (no
   *     connection, 5xx, no such model), {@code REJECTED} (the server refused the request, or its
   *     content filter stopped the reply), {@code FATAL} (a bad API key, or a stream that is not
   *     the wire format)
   */
  @Override
  public void respond(Conversation conversation, Reply reply) throws InterruptedException {
    ArrayNode messages = ChatMessages.of(ChatTranscript.of(systemPrompt, conversation, notes));
    rounds.run(
        conversation,
        reply,
        new ToolRounds.Model() {
          @Override
          public ToolRounds.Turn turn(ToolChoice choice) throws InterruptedException {
            byte[] body = requestBody(messages, choice);
            ChunkStream stream = retries.run(sleeper, () -> attempt(body, reply));
            List<ToolCall> calls = new ArrayList<>(stream.calls().size());
            for (ChunkStream.Call c : stream.calls()) {
              calls.add(new ToolCall(c.id(), c.name(), c.argumentsJson()));
            }
            return new ToolRounds.Turn(stream.text(), calls);
          }

          @Override
          public void answered(
              ChatTranscript.ToolCalls request, List<ChatTranscript.ToolOutput> results) {
            ChatMessages.add(messages, request);
            results.forEach(r -> ChatMessages.add(messages, r));
          }
        });
  }

  /** The JSON of one chat request. Package-private for tests. */
  byte[] requestBody(ArrayNode messages, ToolChoice choice) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("model", model);
    request.set("messages", messages);
    request.put("stream", true);
    if (!toolsJson.isEmpty()) {
      request.set("tools", toolsJson);
      request.set("tool_choice", ChatMessages.toolChoice(choice));
    }
    if (temperature != null) {
      request.put("temperature", temperature);
    }
    if (maxTokens != null) {
      request.put("max_tokens", maxTokens);
    }
    try {
      return JSON.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new ProviderException(Kind.FATAL, "cannot write the chat request: " + e, e);
    }
  }

  private ChunkStream attempt(byte[] body, Reply reply)
      throws InterruptedException, Retries.Retryable {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(endpoint)
            .timeout(firstByteTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (apiKey != null) {
      rb.header("Authorization", "Bearer " + apiKey);
    }
    headers.forEach(rb::header);
    CompletableFuture<HttpResponse<InputStream>> pending =
        http.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> response;
    try {
      response = pending.get();
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw connectFailure(e.getCause() == null ? e : e.getCause());
    }
    InputStream in = response.body();
    try (in) {
      if (response.statusCode() != 200) {
        String errorBody = readError(in);
        ProviderException failure =
            ServerErrors.http(response.statusCode(), errorBody, endpoint.toString());
        if (ServerErrors.retryable(response.statusCode())) {
          throw new Retries.Retryable(
              failure.kind(),
              String.valueOf(failure.getMessage()),
              retryAfter(response.headers()),
              null);
        }
        throw failure;
      }
      return read(in, reply);
    } catch (IOException e) {
      // from closing the body; the stream was read or failed already
      if (Thread.interrupted()) {
        throw new InterruptedException("reply cancelled");
      }
      throw new ProviderException(Kind.TRANSIENT, "closing the response failed: " + e, e);
    }
  }

  private ChunkStream read(InputStream in, Reply reply)
      throws InterruptedException, Retries.Retryable {
    ChunkStream stream = new ChunkStream(reply);
    try (IdleWatchdog.Guard guard = IdleWatchdog.watch(in, idleTimeout)) {
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      try {
        String line;
        while ((line = lines.readLine()) != null) {
          guard.progress();
          if (Thread.interrupted()) {
            throw new InterruptedException("reply cancelled");
          }
          if (stream.line(line)) {
            return stream;
          }
        }
        stream.end();
      } catch (IOException e) {
        if (Thread.interrupted()) {
          throw new InterruptedException("reply cancelled");
        }
        String why =
            guard.fired()
                ? "the stream went quiet for more than " + idleTimeout.toMillis() + " ms"
                : "the stream broke: " + e.getMessage();
        if (stream.emitted()) {
          throw new ProviderException(Kind.TRANSIENT, why + " after the reply had begun", e);
        }
        throw new Retries.Retryable(Kind.TRANSIENT, why, null, e);
      }
    }
    if (!stream.complete()) {
      String why = "the stream ended before [DONE]";
      if (stream.emitted()) {
        throw new ProviderException(Kind.TRANSIENT, why + ", after the reply had begun");
      }
      throw new Retries.Retryable(Kind.TRANSIENT, why, null, null);
    }
    return stream;
  }

  private static String readError(InputStream in) throws InterruptedException {
    try {
      return new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("reply cancelled");
      }
      return "";
    }
  }

  private Retries.Retryable connectFailure(Throwable cause) {
    String where = endpoint.getScheme() + "://" + endpoint.getAuthority();
    return switch (cause) {
      case HttpConnectTimeoutException e ->
          new Retries.Retryable(
              Kind.UNAVAILABLE, "could not connect to " + where + " in time", null, e);
      case HttpTimeoutException e ->
          new Retries.Retryable(
              Kind.TRANSIENT,
              "no response from " + where + " within " + firstByteTimeout.toMillis() + " ms",
              null,
              e);
      case ConnectException e ->
          new Retries.Retryable(Kind.UNAVAILABLE, "cannot connect to " + where + ": " + e, null, e);
      case IOException e ->
          new Retries.Retryable(Kind.TRANSIENT, "request to " + where + " failed: " + e, null, e);
      default ->
          throw new ProviderException(
              Kind.FATAL, "request to " + where + " failed: " + cause, cause);
    };
  }

  /**
   * How long the server asks to wait: OpenAI's {@code retry-after-ms}, else {@code Retry-After} in
   * seconds or as an HTTP date.
   */
  private @Nullable Duration retryAfter(HttpHeaders headers) {
    Optional<String> millis = headers.firstValue("retry-after-ms");
    if (millis.isPresent()) {
      try {
        return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get().strip())));
      } catch (NumberFormatException e) {
        // fall through to Retry-After
      }
    }
    Optional<String> value = headers.firstValue("retry-after");
    if (value.isEmpty()) {
      return null;
    }
    String v = value.get().strip();
    try {
      return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(v) * 1000)));
    } catch (NumberFormatException e) {
      // an HTTP date
    }
    try {
      long at =
          ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return Duration.ofMillis(Math.max(0, at - wallClock.epochMillis()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static ArrayNode toolsJson(List<Tool> tools) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    Set<String> names = new HashSet<>();
    for (Tool tool : tools) {
      ToolSpec spec = tool.spec();
      if (!names.add(spec.name())) {
        throw new IllegalArgumentException("two tools are named " + spec.name());
      }
      JsonNode schema;
      try {
        schema = JSON.readTree(spec.parametersSchema());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "tool " + spec.name() + ": parameter schema is not JSON: " + e.getOriginalMessage(), e);
      }
      if (schema == null || !schema.isObject()) {
        throw new IllegalArgumentException(
            "tool " + spec.name() + ": parameter schema must be a JSON object");
      }
      ObjectNode function = array.addObject().put("type", "function").putObject("function");
      function.put("name", spec.name()).put("description", spec.description());
      function.set("parameters", schema);
    }
    return array;
  }

  /** Configures an {@link OpenAiCompatibleAgent}; {@link #build} checks the whole configuration. */
  public static final class Builder {
    private final String baseUrl;
    private final String model;
    private @Nullable String apiKey;
    private boolean keyless;
    private String systemPrompt = VOICE_PROMPT;
    private Greeting greeting = Greeting.none();
    private final List<Tool> tools = new ArrayList<>();
    private ToolChoice toolChoice = ToolChoice.auto();
    private int maxToolRounds = 5;
    private Retries retries = Retries.defaults();
    private Sleeper sleeper = Sleeper.system();
    private WallClock wallClock = WallClock.system();
    private @Nullable HttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration firstByteTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(20);
    private NotePlacement notes = NotePlacement.SYSTEM_MESSAGE;
    private @Nullable Double temperature;
    private @Nullable Integer maxTokens;
    private @Nullable String name;
    private final List<String> phraseHints = new ArrayList<>();
    private final List<ToolCall> prefetch = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder(String baseUrl, String model) {
      this.baseUrl = baseUrl;
      this.model = model;
    }

    /** The bearer key; a blank or null key means none (local servers need none). */
    public Builder apiKey(@Nullable String key) {
      this.apiKey = key == null || key.isBlank() ? null : key.strip();
      return this;
    }

    /** Declares that this https server needs no key, which would otherwise fail {@link #build}. */
    public Builder noApiKey() {
      this.keyless = true;
      this.apiKey = null;
      return this;
    }

    /**
     * How the agent opens a call: {@link Greeting#text} for a fixed first message, {@link
     * Greeting#generated()} to have the model write one; none by default (the caller speaks first).
     */
    public Builder greeting(Greeting greeting) {
      this.greeting = greeting;
      return this;
    }

    /** The system prompt; {@link #VOICE_PROMPT} by default, blank for none. */
    public Builder systemPrompt(String prompt) {
      this.systemPrompt = prompt;
      return this;
    }

    /** Adds tools the model may call; the session runs them under their effect rules. */
    public Builder tools(List<? extends Tool> more) {
      tools.addAll(more);
      return this;
    }

    /** Adds one tool. */
    public Builder tool(Tool tool) {
      tools.add(tool);
      return this;
    }

    /** The {@code tool_choice} of requests that allow tools; {@code auto} by default. */
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

    public Builder retries(Retries retries) {
      this.retries = retries;
      return this;
    }

    /** What waits out a backoff; the system clock by default, a recording fake in tests. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** The calendar clock a {@code Retry-After} date is measured against. */
    public Builder wallClock(WallClock clock) {
      this.wallClock = clock;
      return this;
    }

    /** The HTTP client to share; by default each agent builds its own. */
    public Builder httpClient(HttpClient client) {
      this.httpClient = client;
      return this;
    }

    /** How long connecting may take (5 s by default; ignored with {@link #httpClient}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long the response headers may take to arrive (30 s by default). */
    public Builder firstByteTimeout(Duration timeout) {
      this.firstByteTimeout = timeout;
      return this;
    }

    /** How long a started stream may go without a line before it counts as broken (20 s). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /** Where notes on the caller's voice and interruptions go. */
    public Builder notes(NotePlacement placement) {
      this.notes = placement;
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** A cap on tokens per request ({@code max_tokens}); the server's default if unset. */
    public Builder maxTokens(int tokens) {
      this.maxTokens = tokens;
      return this;
    }

    /** The name in logs and timelines; {@code openai:MODEL} by default. */
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

    /** An extra request header, such as {@code OpenAI-Organization}. */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /**
     * The agent.
     *
     * @throws IllegalArgumentException naming the problem: a malformed base URL, a missing model,
     *     an https server off this network without a key, a bad tool schema, or a {@code
     *     tool_choice} naming no tool of the agent
     */
    public OpenAiCompatibleAgent build() {
      URI base = base(baseUrl);
      if (model.isBlank()) {
        throw new IllegalArgumentException(
            "no model named for " + base + ": give one, such as gpt-4o-mini or qwen2.5:0.5b");
      }
      if (apiKey == null
          && !keyless
          && base.getScheme().equals("https")
          && !local(base.getHost())) {
        throw new IllegalArgumentException(
            base
                + " looks like a hosted provider and no API key was given: set OPENAI_API_KEY or"
                + " PARLEY_AGENT_KEY (or call noApiKey() for a server that needs none)");
      }
      if (apiKey != null && apiKey.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("the API key contains control characters");
      }
      if (maxToolRounds < 1) {
        throw new IllegalArgumentException(
            "maxToolRounds must be at least 1, not " + maxToolRounds);
      }
      for (Duration d : List.of(connectTimeout, firstByteTimeout, idleTimeout)) {
        if (!d.isPositive()) {
          throw new IllegalArgumentException("timeouts must be positive, not " + d);
        }
      }
      String forced = toolChoice.function();
      if (forced != null && tools.stream().noneMatch(t -> t.spec().name().equals(forced))) {
        throw new IllegalArgumentException(
            "tool_choice names " + forced + ", which is not a tool of this agent");
      }
      if (toolChoice.mode() != ToolChoice.Mode.AUTO && tools.isEmpty()) {
        throw new IllegalArgumentException(
            "tool_choice " + toolChoice.mode().wire() + " needs tools");
      }
      return new OpenAiCompatibleAgent(this, base);
    }

    private static URI base(String url) {
      String u = url.strip();
      while (u.endsWith("/")) {
        u = u.substring(0, u.length() - 1);
      }
      if (u.endsWith("/chat/completions")) {
        u = u.substring(0, u.length() - "/chat/completions".length());
      }
      URI uri;
      try {
        uri = new URI(u);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "malformed base URL '" + url + "': " + e.getMessage(), e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException(
            "base URL '"
                + url
                + "' must start with http:// or https://, such as http://localhost:11434/v1");
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new IllegalArgumentException("base URL '" + url + "' has no host");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("base URL '" + url + "' must have no query or fragment");
      }
      return uri;
    }

    /**
     * Whether {@code host} is on this machine or its network (no key expected): a loopback, private
     * or link-local address, {@code localhost}, a single-label name (a container's), or a {@code
     * .local}, {@code .internal} or {@code .lan} name. Decided from the text, with no DNS lookup.
     */
    static boolean local(String host) {
      String h = host.toLowerCase(Locale.ROOT);
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      if (h.equals("localhost")
          || h.endsWith(".localhost")
          || h.endsWith(".local")
          || h.endsWith(".internal")
          || h.endsWith(".lan")) {
        return true;
      }
      boolean ipv4 = h.matches("[0-9.]+");
      boolean ipv6 = h.contains(":");
      if (ipv4 || ipv6) {
        try {
          InetAddress a = InetAddress.ofLiteral(h);
          return (a instanceof Inet4Address || a instanceof Inet6Address)
              && (a.isLoopbackAddress()
                  || a.isSiteLocalAddress()
                  || a.isLinkLocalAddress()
                  || (a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc));
        } catch (IllegalArgumentException e) {
          return false;
        }
      }
      return !h.contains(".");
    }
  }
}
