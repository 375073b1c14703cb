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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telnyx Call Control on loopback: {@code POST /v2/calls/{call_control_id}/actions/hangup} and
 * {@code .../transfer} (which needs {@code to}) with a bearer API key and a JSON body. Answers 401
 * for another key, 404 for a call it does not know, 422 for a transfer without a target, as Telnyx
 * does.
 */
final class FakeTelnyxApi extends FakeCarrierApi {
  private static final Pattern ACTION = Pattern.compile("/v2/calls/([^/]+)/actions/([a-z_]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  final String apiKey;
  final String callControlId;

  FakeTelnyxApi(String apiKey, String callControlId) throws Exception {
    this.apiKey = apiKey;
    this.callControlId = callControlId;
  }

  @Override
  Answer answer(Received r) {
    if (!r.authorization().equals("Bearer " + apiKey)) {
      return new Answer(
          401, "{\"errors\":[{\"code\":\"10009\",\"title\":\"Authentication failed\"}]}");
    }
    Matcher m = ACTION.matcher(r.path());
    if (!r.method().equals("POST") || !m.matches() || !m.group(1).equals(callControlId)) {
      return new Answer(
          404, "{\"errors\":[{\"code\":\"10005\",\"title\":\"Resource not found\"}]}");
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return new Answer(400, "{\"errors\":[{\"code\":\"10015\",\"title\":\"Bad request\"}]}");
    }
    if (!r.contentType().startsWith("application/json") || body == null || !body.isObject()) {
      return new Answer(400, "{\"errors\":[{\"code\":\"10015\",\"title\":\"Bad request\"}]}");
    }
    switch (m.group(2)) {
      case "hangup" -> {}
      case "transfer" -> {
        if (!body.path("to").isTextual() || body.path("to").asText().isBlank()) {
          return new Answer(
              422, "{\"errors\":[{\"code\":\"10032\",\"title\":\"Invalid 'to' parameter\"}]}");
        }
      }
      default -> {
        return new Answer(
            404, "{\"errors\":[{\"code\":\"10005\",\"title\":\"Resource not found\"}]}");
      }
    }
    return new Answer(200, "{\"data\":{\"result\":\"ok\"}}");
  }
}
