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
package dev.parley.core.log;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The identity of a call in the SLF4J MDC: Parley's call id, the transport and the carrier's own
 * ids (Twilio {@code callSid}, Telnyx {@code call_control_id}, an AudioSocket UUID), so every log
 * line of a call can be found by any of them.
 *
 * <p>The MDC is per thread and virtual threads do not inherit it, so the call's context is set
 * where the call starts ({@link #enter}) and copied onto each thread the call starts ({@link
 * #carry}): a session's loop and workers call {@code carry} when they create their threads, and so
 * take the context of the thread that started the session. Stateless and thread-safe.
 */
public final class CallMdc {
  /** MDC key of Parley's call id. */
  public static final String CALL_ID = "call_id";

  /** MDC key of the transport: {@code ws}, {@code twilio}, {@code telnyx}, {@code audiosocket}. */
  public static final String TRANSPORT = "transport";

  /** Prefix of the MDC keys of carrier ids: {@code carrier.callSid}, {@code carrier.streamSid}. */
  public static final String CARRIER_PREFIX = "carrier.";

  private CallMdc() {}

  /**
   * The MDC entries of one call: its id, its transport and each carrier id under {@link
   * #CARRIER_PREFIX} (blank carrier ids are left out).
   */
  public static Map<String, String> context(
      String callId, String transport, Map<String, String> carrierIds) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put(CALL_ID, callId);
    context.put(TRANSPORT, transport);
    carrierIds.forEach(
        (name, value) -> {
          if (!value.isBlank()) {
            context.put(CARRIER_PREFIX + name, value);
          }
        });
    return Map.copyOf(context);
  }

  /**
   * Puts {@code context} into this thread's MDC until the returned scope is closed, which puts back
   * what was there before (a transport thread serves many calls in turn).
   */
  public static Scope enter(Map<String, String> context) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    context.forEach(MDC::put);
    return () -> {
      if (before == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(before);
      }
    };
  }

  /**
   * {@code body} to run on a new thread with the MDC this thread has now: call it where the thread
   * is created. The new thread's MDC is cleared when {@code body} returns.
   */
  public static Runnable carry(Runnable body) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    if (context == null || context.isEmpty()) {
      return body;
    }
    return () -> {
      MDC.setContextMap(context);
      try {
        body.run();
      } finally {
        MDC.clear();
      }
    };
  }

  /** A stretch of code with a call's context in the MDC; closing it restores the previous one. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
