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
package dev.parley.server;

import dev.parley.core.spi.CallControl;
import dev.parley.core.spi.CallInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and as whom the server calls the carriers' REST APIs to hang up and transfer calls (the
 * {@code end_call} and {@code transfer_call} tools): Twilio's {@code
 * /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json} with HTTP basic auth, Telnyx's {@code
 * /v2/calls/{call_control_id}/actions/...} with a bearer key. Base URLs are configurable so tests
 * point them at loopback fakes. Without credentials a hang-up still ends the call by closing its
 * media stream, and a transfer fails with a message naming the missing variable.
 *
 * @param twilioUrl Twilio's REST base ({@code https://api.twilio.com})
 * @param twilioUser the basic-auth user: an API key SID, or the account SID; empty to use the
 *     call's own {@code accountSid}
 * @param twilioSecret the API key's secret or the account's auth token; empty for none
 * @param telnyxUrl Telnyx's REST base ({@code https://api.telnyx.com})
 * @param telnyxApiKey the Telnyx API key; empty for none
 */
public record CarrierApis(
    URI twilioUrl, String twilioUser, String twilioSecret, URI telnyxUrl, String telnyxApiKey) {
  /** The production endpoints, with no credentials. */
  public static CarrierApis none() {
    return new CarrierApis(
        URI.create("https://api.twilio.com"), "", "", URI.create("https://api.telnyx.com"), "");
  }

  /**
   * Credentials and endpoints from the environment: {@code TWILIO_API_KEY} and {@code
   * TWILIO_API_SECRET}, or {@code TWILIO_ACCOUNT_SID} and {@code TWILIO_AUTH_TOKEN}; {@code
   * TELNYX_API_KEY}; {@code PARLEY_TWILIO_API_URL} and {@code PARLEY_TELNYX_API_URL} to point
   * elsewhere. Each secret may instead name a file in {@code NAME_FILE} (a mounted secret).
   *
   * @throws IllegalArgumentException if a URL is malformed or a secret file cannot be read
   */
  public static CarrierApis fromEnvironment(Map<String, String> env) {
    CarrierApis d = none();
    String apiKey = value(env, "TWILIO_API_KEY");
    String user = apiKey.isEmpty() ? value(env, "TWILIO_ACCOUNT_SID") : apiKey;
    String secret =
        apiKey.isEmpty() ? value(env, "TWILIO_AUTH_TOKEN") : value(env, "TWILIO_API_SECRET");
    String twilioUrl = value(env, "PARLEY_TWILIO_API_URL");
    String telnyxUrl = value(env, "PARLEY_TELNYX_API_URL");
    return new CarrierApis(
        twilioUrl.isEmpty() ? d.twilioUrl() : URI.create(twilioUrl),
        user,
        secret,
        telnyxUrl.isEmpty() ? d.telnyxUrl() : URI.create(telnyxUrl),
        value(env, "TELNYX_API_KEY"));
  }

  public CarrierApis {
    check(twilioUrl, "twilioUrl");
    check(telnyxUrl, "telnyxUrl");
  }

  /** What the call's carrier can do to it, through {@code http}. */
  CallControl control(CallInfo call, HttpClient http, Duration timeout) {
    return switch (call.transport()) {
      case "twilio" ->
          call.carrierId(CallInfo.TWILIO_CALL_SID).isPresent()
              ? new TwilioCalls(this, call, http, timeout)
              : CallControl.none();
      case "telnyx" ->
          call.carrierId(CallInfo.TELNYX_CALL_CONTROL_ID).isPresent()
              ? new TelnyxCalls(this, call, http, timeout)
              : CallControl.none();
      default -> CallControl.none(); // the connection is the call: closing it hangs up
    };
  }

  @Override
  public String toString() {
    // Never print a secret: the record's own toString would.
    return "CarrierApis[twilio="
        + twilioUrl
        + (twilioSecret.isEmpty() ? " (no credentials)" : " as " + twilioUser)
        + ", telnyx="
        + telnyxUrl
        + (telnyxApiKey.isEmpty() ? " (no key)" : " (key set)")
        + "]";
  }

  private static void check(URI url, String name) {
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equals("https") || scheme.equals("http"))
        || url.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an http(s) URL, was " + url);
    }
  }

  private static String value(Map<String, String> env, String name) {
    String direct = env.getOrDefault(name, "").strip();
    if (!direct.isEmpty()) {
      return direct;
    }
    String file = env.getOrDefault(name + "_FILE", "").strip();
    if (file.isEmpty()) {
      return "";
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          name + "_FILE names " + file + ", which cannot be read: " + e.getMessage(), e);
    }
  }
}
