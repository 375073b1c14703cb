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
package dev.parley.core.tool;

import dev.parley.core.spi.CallAction;
import dev.parley.core.spi.CallInfo;
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

  /** The call this tool runs in; a call with no carrier outside a session. */
  default CallInfo call() {
    return CallInfo.local("");
  }

  /**
   * Asks the session to end or transfer the call once the caller has heard the reply this tool runs
   * for (the goodbye the agent says around the call). The action is dropped if the caller
   * interrupts that reply. Returns false when there is no live call to act on (outside a session).
   */
  default boolean afterReply(CallAction action) {
    return false;
  }
}
