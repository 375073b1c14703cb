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
package dev.parley.core.agent;

import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallIds;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The tool-round loop every model-backed agent runs: a model turn streams its words into the reply
 * and may ask for tool calls; the session runs them; their results go back to the model; and so on
 * until the model answers without a call, for at most {@code maxRounds} rounds of calls. The round
 * after the last asks for words only ({@link ToolChoice#forRound}), and a model that calls tools
 * anyway fails the reply as {@code REJECTED} rather than looping.
 *
 * <pre>
 *   round 0 (configured choice) ─▶ calls? ─ no ─▶ done
 *                                    │ yes: fresh ids, Reply.callAll, Model.answered
 *   round 1..max-1 (auto) ──────────▶ …
 *   round max (none) ───────────────▶ calls? ─ yes ─▶ ProviderException(REJECTED)
 * </pre>
 *
 * <p>A call id the model repeats, or one already in the conversation, is replaced by a fresh one,
 * so the session never mistakes a new side effect for a duplicate. The adapter supplies the model
 * side ({@link Model}): one request per round in its own library or protocol. Stateless; {@link
 * #run} runs on the replying thread.
 */
public final class ToolRounds {
  /** The model side of one reply; holds the messages the next round sends. */
  public interface Model {
    /**
     * Streams one model turn into the reply and returns it.
     *
     * @param choice whether the model may, must or must not call tools in this round
     * @throws InterruptedException if the reply was cancelled
     * @throws ProviderException if the model failed past the adapter's retries
     */
    Turn turn(ToolChoice choice) throws InterruptedException;

    /**
     * Adds the model's request for {@code calls} (with the words it said along with them) and their
     * {@code results}, in call order, to what the next round sends.
     */
    void answered(ChatTranscript.ToolCalls request, List<ChatTranscript.ToolOutput> results);
  }

  /**
   * One model turn.
   *
   * @param text the words the turn said (already streamed to the reply), or ""
   * @param calls the tool calls it asked for, with the ids the model gave them (blank for none)
   */
  public record Turn(String text, List<ToolCall> calls) {
    public Turn {
      calls = List.copyOf(calls);
    }

    /** A turn of words only. */
    public static Turn words(String text) {
      return new Turn(text, List.of());
    }
  }

  private final String agentName;
  private final ToolChoice choice;
  private final int maxRounds;

  /**
   * @param agentName the name failures give
   * @param choice the tool choice of a reply's first round
   * @param maxRounds how many rounds of tool calls one reply may make; 0 for none
   */
  public ToolRounds(String agentName, ToolChoice choice, int maxRounds) {
    if (maxRounds < 0) {
      throw new IllegalArgumentException("maxToolRounds must not be negative, not " + maxRounds);
    }
    this.agentName = agentName;
    this.choice = choice;
    this.maxRounds = maxRounds;
  }

  /**
   * Runs the rounds of one reply to {@code conversation}.
   *
   * @throws InterruptedException if the reply was cancelled
   * @throws ProviderException if the model failed, asked for a call without a tool name ({@code
   *     FATAL}), or kept calling tools past the last round ({@code REJECTED})
   */
  public void run(Conversation conversation, Agent.Reply reply, Model model)
      throws InterruptedException {
    CallIds ids = new CallIds(conversation);
    for (int round = 0; ; round++) {
      ToolChoice now = choice.forRound(round, maxRounds);
      Turn turn = model.turn(now);
      if (turn.calls().isEmpty()) {
        return;
      }
      if (!now.allowsCalls()) {
        throw new ProviderException(
            Kind.REJECTED,
            agentName
                + " kept calling tools after "
                + maxRounds
                + " rounds, though asked to answer in words");
      }
      List<ToolCall> calls = new ArrayList<>(turn.calls().size());
      for (ToolCall c : turn.calls()) {
        if (c.name().isBlank()) {
          throw new ProviderException(
              Kind.FATAL, agentName + " asked for a tool call without a tool name");
        }
        calls.add(new ToolCall(ids.unique(c.id()), c.name(), c.argumentsJson()));
      }
      List<ToolResult> results = reply.callAll(calls);
      List<ChatTranscript.ToolOutput> outputs = new ArrayList<>(calls.size());
      for (int i = 0; i < calls.size(); i++) {
        outputs.add(new ChatTranscript.ToolOutput(calls.get(i), results.get(i).json(), false));
      }
      model.answered(new ChatTranscript.ToolCalls(turn.text(), calls), outputs);
    }
  }
}
