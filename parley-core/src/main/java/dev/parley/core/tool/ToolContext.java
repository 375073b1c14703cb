package dev.parley.core.tool;

import java.time.Duration;

/** What a running tool call may use from its session. */
public interface ToolContext {
  /** The id of the call being run. */
  String callId();

  /**
   * Waits {@code duration} of session time: real time in a live call, virtual time in a simulated
   * one. Tools that model latency (demos, tests) wait here instead of sleeping.
   *
   * @throws InterruptedException if the call was cancelled while waiting
   */
  void await(Duration duration) throws InterruptedException;
}
