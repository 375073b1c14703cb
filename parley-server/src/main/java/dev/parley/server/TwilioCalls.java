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
import dev.parley.core.spi.ProviderException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Hangs up and transfers one Twilio call by updating it with TwiML through Twilio's REST API:
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json} with the form field {@code
 * Twiml}, {@code <Hangup/>} or {@code <Dial>}, under HTTP basic auth. Updating the call ends its
 * {@code <Connect><Stream>}, so Twilio closes the media stream. Thread-safe; blocking.
 */
final class TwilioCalls implements CallControl {
  private final HttpClient http;
  private final Duration timeout;
  private final URI endpoint;
  private final String user;
  private final String secret;

  TwilioCalls(CarrierApis apis, CallInfo call, HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
    String account = call.carrierId(CallInfo.TWILIO_ACCOUNT_SID).orElse(apis.twilioUser());
    String callSid = call.carrierId(CallInfo.TWILIO_CALL_SID).orElseThrow();
    String base = apis.twilioUrl().toString().replaceAll("/+$", "");
    this.endpoint =
        URI.create(
            base
                + "/2010-04-01/Accounts/"
                + CarrierRequests.encode(account)
                + "/Calls/"
                + CarrierRequests.encode(callSid)
                + ".json");
    this.user = apis.twilioUser().isEmpty() ? account : apis.twilioUser();
    this.secret = apis.twilioSecret();
  }

  @Override
  public void hangUp() throws InterruptedException {
    update("<Response><Hangup/></Response>", "hang up");
  }

  @Override
  public void transfer(String target) throws InterruptedException {
    String noun = target.startsWith("sip") ? "Sip" : "Number";
    update(
        "<Response><Dial><" + noun + ">" + escape(target) + "</" + noun + "></Dial></Response>",
        "transfer the call");
  }

  private void update(String twiml, String what) throws InterruptedException {
    if (secret.isEmpty() || user.isEmpty()) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "cannot "
              + what
              + " through Twilio: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or"
              + " TWILIO_API_KEY and TWILIO_API_SECRET)");
    }
    String credentials =
        Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Authorization", "Basic " + credentials)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "Twiml=" + URLEncoder.encode(twiml, StandardCharsets.UTF_8)))
            .build();
    CarrierRequests.send(http, request, "Twilio", what);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
