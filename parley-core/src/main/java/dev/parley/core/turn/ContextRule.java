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
package dev.parley.core.turn;

import java.util.regex.Pattern;

/**
 * An endpointing rule on context, Vapi's {@code customEndpointingRules}: when the agent's last
 * utterance matches {@code agentAsked} and the user's words so far match {@code userSaid}, the turn
 * is judged no more complete than {@code maxProbability} and may wait up to {@code maxWaitMillis}.
 *
 * <p>The default rule lets a caller dictate digits with pauses after the agent asked for a number.
 */
public record ContextRule(
    String name, Pattern agentAsked, Pattern userSaid, double maxProbability, long maxWaitMillis) {

  public ContextRule {
    if (maxProbability < 0 || maxProbability > 1) {
      throw new IllegalArgumentException("rule " + name + ": maxProbability must be in [0, 1]");
    }
    if (maxWaitMillis <= 0) {
      throw new IllegalArgumentException("rule " + name + ": maxWaitMillis must be positive");
    }
  }

  /** After the agent asks for a number, digits with pauses between them are not a finished turn. */
  public static ContextRule digitsAfterNumberQuestion() {
    return new ContextRule(
        "digits-after-number-question",
        Pattern.compile(
            "(?i)\\b(number|digits|code|zip|postcode|phone|account|card|pin|confirmation)\\b.*\\?"),
        Pattern.compile(
            "(?i)(\\d|\\b(zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|hundred|double"
                + "|triple))\\s*$"),
        0.1,
        3000);
  }

  /** Whether this rule applies. */
  public boolean matches(String lastAgentUtterance, String userText) {
    return agentAsked.matcher(lastAgentUtterance).find() && userSaid.matcher(userText).find();
  }
}
