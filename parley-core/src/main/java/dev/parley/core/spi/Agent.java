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
package dev.parley.core.spi;

import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolResult;
import java.util.List;

/**
 * The agent Parley gives a voice to: given the conversation so far, it streams a reply as text,
 * with any tool calls it makes along the way.
 *
 * <p>Parley calls {@link #respond} on a worker thread of the session, once per reply. To cancel a
 * reply (the user interrupted, or spoke again before the reply was heard) the session interrupts
 * that thread and ignores anything the call still emits. Implementations must be thread-safe: one
 * agent serves every session of a process; per-call state belongs in the {@link Conversation},
 * which carries the call's id ({@link Conversation#sessionId()}) for agents that keep memory
 * elsewhere: key that memory by it, never share it between calls.
 *
 * <p>A reply may start speculatively, on an eager end of turn, and be discarded if the user goes on
 * speaking; an agent need not care, because the session holds back a speculative reply's audio and
 * its non-read-only tool calls until the turn is final. Tools are run by the session, not by the
 * agent: the agent asks through {@link Reply#call}, so the session can apply each tool's {@link
 * dev.parley.core.tool.ToolEffect effect} rules.
 */
public interface Agent {
  /** A short name for logs and timelines, such as {@code "echo"}. */
  String name();

  /** The tools this agent may call through {@link Reply#call}. */
  default List<Tool> tools() {
    return List.of();
  }

  /** Words and phrases of the agent's domain, given to the recogniser as hints. */
  default List<String> phraseHints() {
    return List.of();
  }

  /**
   * The answers this agent may ask the caller for, each a named slot with its phrases; a reply
   * names the one it asks for with {@link Reply#expect}, and the recogniser leans towards it for
   * the next answer. Given to the recogniser once, when the call starts.
   */
  default List<SpeechRecognizer.Expectation> expectations() {
    return List.of();
  }

  /**
   * Calls to start as soon as a call starts (load the caller's profile), read-only tools only;
   * their results reach the agent as tool turns of the conversation.
   */
  default List<ToolCall> prefetch() {
    return List.of();
  }

  /**
   * Whether this agent speaks first when a call connects, through {@link #greet}. False by default:
   * the agent waits for the caller.
   */
  default boolean greets() {
    return false;
  }

  /**
   * Opens a call before the caller has said anything, if {@link #greets()}: streams the greeting
   * into {@code reply} as {@link #respond} streams a reply. Called once per call, on the session's
   * agent worker, as soon as the call connects; the greeting is an ordinary reply, so the caller
   * can interrupt it and what they heard of it is the first agent turn of the conversation. Work to
   * do at call start (look the caller up by {@link CallInfo#from()}) goes here as read-only tool
   * calls through {@link Reply#call}: the session masks their latency as it does any tool's.
   *
   * @param call what is known of the call: transport, ids, numbers, parameters
   * @param reply where the greeting goes
   * @throws InterruptedException if the caller spoke first or hung up
   * @throws ProviderException if the model failed; the session apologises and waits for the caller
   */
  default void greet(CallInfo call, Reply reply) throws InterruptedException {}

  /**
   * Streams the reply to the last user turn of {@code conversation} into {@code reply}, returning
   * when the reply is complete.
   *
   * @throws InterruptedException if the session cancelled the reply; whatever was emitted before
   *     stays emitted
   * @throws ProviderException if the model failed beyond the agent's own retries; the session tells
   *     the caller something went wrong and keeps the call open. A failing tool is not an
   *     exception: it comes back as a failed {@link ToolResult} for the agent to talk about.
   */
  void respond(Conversation conversation, Reply reply) throws InterruptedException;

  /** Where an agent streams its reply. Safe to call from the thread running {@code respond}. */
  interface Reply {
    /** Appends text to the spoken reply. */
    void text(String delta);

    /**
     * Tells the recogniser what the answer to this reply is likely to be: one of the agent's {@link
     * Agent#expectations() expectation} slots, or {@link SpeechRecognizer.Expectation#OPEN}. Holds
     * for the caller's utterances after this reply until a later reply names another.
     */
    default void expect(String slot) {}

    /**
     * Runs one tool call through the session and returns how it ended; never throws for a tool's
     * own failure, timeout or bad arguments. May block until the user's turn is final (a
     * side-effecting tool in a speculative reply).
     *
     * @throws InterruptedException if the reply was cancelled; a side effect already started is
     *     allowed to finish, and its result is recorded in the conversation, never lost
     */
    ToolResult call(ToolCall call) throws InterruptedException;

    /** Runs several calls in parallel (an LLM's parallel tool calls); results in call order. */
    List<ToolResult> callAll(List<ToolCall> calls) throws InterruptedException;

    /**
     * Undoes a committed side effect of this call (the user corrected the city after the booking),
     * through the tool's compensation. A result with status {@code FAILED} means it could not be
     * undone and the agent must tell the user.
     */
    ToolResult compensate(String callId) throws InterruptedException;
  }
}
