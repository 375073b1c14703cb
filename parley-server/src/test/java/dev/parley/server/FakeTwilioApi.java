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

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio's call-update endpoint on loopback: {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json} with HTTP basic auth and a form body
 * whose {@code Twiml} (or {@code Url}) field says what the call does next. Answers 401 for other
 * credentials, 404 for an account or call it does not know, 400 without TwiML, as Twilio does.
 */
final class FakeTwilioApi extends FakeCarrierApi {
  private static final Pattern CALL =
      Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json");

  final String accountSid;
  final String authToken;
  final String callSid;

  FakeTwilioApi(String accountSid, String authToken, String callSid) throws Exception {
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.callSid = callSid;
  }

  @Override
  Answer answer(Received r) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    if (!r.authorization().equals(expected)) {
      return new Answer(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
    }
    Matcher m = CALL.matcher(r.path());
    if (!r.method().equals("POST")
        || !m.matches()
        || !m.group(1).equals(accountSid)
        || !m.group(2).equals(callSid)) {
      return new Answer(
          404, "{\"code\":20404,\"message\":\"The requested resource was not found\"}");
    }
    if (!r.contentType().startsWith("application/x-www-form-urlencoded")
        || form(r.body()).getOrDefault("Twiml", "").isBlank()) {
      return new Answer(400, "{\"code\":21205,\"message\":\"Url or Twiml parameter required\"}");
    }
    return new Answer(
        200,
        "{\"sid\":\""
            + callSid
            + "\",\"account_sid\":\""
            + accountSid
            + "\",\"status\":\"in-progress\"}");
  }

  /** The form fields of a request body. */
  static Map<String, String> form(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return fields;
  }
}
