package dev.parley.core.spi;

import dev.parley.core.event.ToolStatus;

/**
 * The agent Parley gives a voice to: given the conversation so far, it streams a reply as text,
 * with any tool calls it makes along the way.
 *
 * <p>Parley calls {@link #respond} on a worker thread of the session, once per reply. To cancel a
 * reply (the user interrupted, or spoke again before the reply was heard) the session interrupts
 * that thread and ignores anything the call still emits. Implementations must be thread-safe: one
 * agent serves every session of a process.
 */
public interface Agent {
  /** A short name for logs and timelines, such as {@code "echo"}. */
  String name();

  /**
   * Streams the reply to the last user turn of {@code conversation} into {@code reply}, returning
   * when the reply is complete.
   *
   * @throws InterruptedException if the session cancelled the reply; whatever was emitted before
   *     stays emitted
   * @throws ProviderException if the model or a tool failed beyond the agent's own retries; the
   *     session tells the caller something went wrong and keeps the call open
   */
  void respond(Conversation conversation, Reply reply) throws InterruptedException;

  /** Where an agent streams its reply. Safe to call from the thread running {@code respond}. */
  interface Reply {
    /** Appends text to the spoken reply. */
    void text(String delta);

    /** Reports that a tool call has started; {@code argumentsJson} is a JSON object. */
    void toolCallStarted(String id, String name, String argumentsJson, boolean speculative);

    /** Reports that a tool call has ended. */
    void toolCallEnded(String id, String name, ToolStatus status);
  }
}
