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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The built-in call-control tools an agent may offer its model: {@code end_call} and {@code
 * transfer_call}. Both are {@link ToolEffect#SIDE_EFFECTING}, so they never run for a speculative
 * reply, and neither acts at once: each asks the session to act once the caller has heard the reply
 * that called it (the goodbye, or "let me put you through"), through the call's {@link
 * dev.parley.core.spi.CallControl}. A caller who interrupts that reply keeps the call. Stateless
 * and thread-safe: one instance serves every call.
 */
public final class CallTools {
  /** An E.164 number: a plus, then 7 to 15 digits not starting with 0. */
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  /** A SIP or SIPS URI without white space or characters that would break TwiML. */
  private static final Pattern SIP = Pattern.compile("sips?:[A-Za-z0-9._~%!$&'()*+,;=:@-]{1,200}");

  private CallTools() {}

  /** {@code end_call}: hangs up once the caller has heard the agent's goodbye. */
  public static Tool endCall() {
    ToolSpec spec =
        new ToolSpec(
            "end_call",
            "End the phone call. Call this only when the caller is done or asks to hang up, and"
                + " say a short goodbye in the same reply: the call ends once the caller has"
                + " heard it.",
            "{\"type\":\"object\",\"properties\":{\"reason\":{\"type\":\"string\","
                + "\"description\":\"why the call ends, for the call's record\"}}}",
            ToolEffect.SIDE_EFFECTING,
            Duration.ofSeconds(2));
    return new Tool() {
      @Override
      public ToolSpec spec() {
        return spec;
      }

      @Override
      public String invoke(String argumentsJson, ToolContext context) throws ToolException {
        if (!context.afterReply(new CallAction.HangUp())) {
          throw new ToolException("there is no live call to end");
        }
        return "{\"status\":\"ending\",\"note\":\"the call ends once the caller has heard this"
            + " reply: say goodbye now\"}";
      }
    };
  }

  /**
   * {@code transfer_call} to any E.164 number or SIP URI the model names. Prefer {@link
   * #transferCall(List)}: a model can be talked into dialling anywhere.
   */
  public static Tool transferCall() {
    return transferCall(List.of());
  }

  /**
   * {@code transfer_call}, limited to {@code allowedTargets} (E.164 numbers or SIP URIs; empty
   * allows any), which the model is told about.
   *
   * @throws IllegalArgumentException if an allowed target is not an E.164 number or a SIP URI
   */
  public static Tool transferCall(List<String> allowedTargets) {
    List<String> allowed = List.copyOf(allowedTargets);
    for (String target : allowed) {
      if (!validTarget(target)) {
        throw new IllegalArgumentException(
            "transfer target '" + target + "' is neither an E.164 number nor a SIP URI");
      }
    }
    String targets =
        allowed.isEmpty()
            ? "an E.164 phone number (+14155550100) or a SIP URI (sip:desk@example.com)"
            : "one of " + String.join(", ", allowed);
    ToolSpec spec =
        new ToolSpec(
            "transfer_call",
            "Transfer the caller to a person or another line. Tell the caller you are"
                + " transferring them in the same reply: the transfer happens once they have"
                + " heard it. The target is "
                + targets
                + ".",
            "{\"type\":\"object\",\"properties\":{\"target\":{\"type\":\"string\","
                + "\"description\":"
                + ToolJson.quote(targets)
                + "}},\"required\":[\"target\"]}",
            ToolEffect.SIDE_EFFECTING,
            Duration.ofSeconds(2));
    return new Tool() {
      @Override
      public ToolSpec spec() {
        return spec;
      }

      @Override
      public String invoke(String argumentsJson, ToolContext context) throws ToolException {
        String target = target(argumentsJson).strip();
        if (!validTarget(target)) {
          throw new ToolException(
              "'" + target + "' is neither an E.164 number (+14155550100) nor a SIP URI");
        }
        if (!allowed.isEmpty() && !allowed.contains(target)) {
          throw new ToolException("calls may be transferred only to " + String.join(", ", allowed));
        }
        if (!context.afterReply(new CallAction.Transfer(target))) {
          throw new ToolException("there is no live call to transfer");
        }
        return "{\"status\":\"transferring\",\"target\":"
            + ToolJson.quote(target)
            + ",\"note\":\"the transfer happens once the caller has heard this reply\"}";
      }
    };
  }

  /** Whether {@code target} is an E.164 number or a SIP URI. */
  public static boolean validTarget(String target) {
    return E164.matcher(target).matches() || SIP.matcher(target).matches();
  }

  private static String target(String argumentsJson) throws ToolException {
    Object parsed;
    try {
      parsed = ToolJson.parse(argumentsJson);
    } catch (IllegalArgumentException e) {
      throw new ToolException("arguments: " + e.getMessage());
    }
    if (parsed instanceof Map<?, ?> object && object.get("target") instanceof String target) {
      return target;
    }
    throw new ToolException("transfer_call needs a target");
  }
}
