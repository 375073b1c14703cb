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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What Parley knows of one call: which transport carries it, Parley's own id for it, the carrier's
 * ids, the numbers where the carrier gives them, the parameters the call was started with and the
 * claims of the token that admitted it. Built by the transport when the call connects and fixed for
 * the call's life; it reaches the agent's {@linkplain Agent#greet greeting}, every {@link
 * Conversation} of the call and every tool call ({@link dev.parley.core.tool.ToolContext#call()}).
 *
 * <p>Unknown values are empty strings, never null; the maps are unmodifiable and keep their order.
 *
 * @param transport what carries the call: {@code twilio}, {@code telnyx}, {@code audiosocket},
 *     {@code ws} (a browser) or {@code local} (an offline run or a test)
 * @param callId Parley's id for the call, unique within the process: the memory id of the agent's
 *     conversation and the id in logs and events
 * @param carrierIds the carrier's own ids, by the carrier's name for them: Twilio {@value
 *     #TWILIO_CALL_SID}, {@value #TWILIO_STREAM_SID} and {@value #TWILIO_ACCOUNT_SID}; Telnyx
 *     {@value #TELNYX_CALL_CONTROL_ID} and {@value #TELNYX_STREAM_ID}; AudioSocket {@value
 *     #AUDIOSOCKET_UUID}
 * @param from the caller's number or address, or empty when the carrier does not say
 * @param to the number or address called, or empty when the carrier does not say
 * @param parameters what the call was started with: Twilio's {@code customParameters}, Telnyx's
 *     {@code custom_parameters}
 * @param claims what the browser's admission token asserts
 */
public record CallInfo(
    String transport,
    String callId,
    Map<String, String> carrierIds,
    String from,
    String to,
    Map<String, String> parameters,
    Map<String, String> claims) {
  public static final String TWILIO_CALL_SID = "callSid";
  public static final String TWILIO_STREAM_SID = "streamSid";
  public static final String TWILIO_ACCOUNT_SID = "accountSid";
  public static final String TELNYX_CALL_CONTROL_ID = "call_control_id";
  public static final String TELNYX_STREAM_ID = "stream_id";
  public static final String AUDIOSOCKET_UUID = "uuid";

  public CallInfo {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    carrierIds = frozen(carrierIds);
    parameters = frozen(parameters);
    claims = frozen(claims);
  }

  /** A call known only by its transport, before Parley names it (see {@link #withCallId}). */
  public static CallInfo of(String transport) {
    return new CallInfo(transport, "", Map.of(), "", "", Map.of(), Map.of());
  }

  /** A call with no carrier behind it: an offline run, a benchmark scenario, a test. */
  public static CallInfo local(String callId) {
    return new CallInfo("local", callId, Map.of(), "", "", Map.of(), Map.of());
  }

  /** This call under Parley's id {@code callId}. */
  public CallInfo withCallId(String callId) {
    return new CallInfo(transport, callId, carrierIds, from, to, parameters, claims);
  }

  /** The carrier's id named {@code key} (such as {@link #TWILIO_CALL_SID}), if it gave one. */
  public Optional<String> carrierId(String key) {
    String id = carrierIds.get(key);
    return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  private static Map<String, String> frozen(Map<String, String> map) {
    Map<String, String> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
