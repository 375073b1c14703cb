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
import dev.parley.core.tool.ToolJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Hangs up and transfers one Telnyx call through Call Control: {@code POST
 * /v2/calls/{call_control_id}/actions/hangup} and {@code .../actions/transfer} with a JSON body and
 * a bearer API key. Each command carries a fresh {@code command_id}, which Telnyx uses to drop a
 * duplicate. Thread-safe; blocking.
 */
final class TelnyxCalls implements CallControl {
  private final HttpClient http;
  private final Duration timeout;
  private final String actions;
  private final String apiKey;

  TelnyxCalls(CarrierApis apis, CallInfo call, HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
    String id = call.carrierId(CallInfo.TELNYX_CALL_CONTROL_ID).orElseThrow();
    String base = apis.telnyxUrl().toString().replaceAll("/+$", "");
    this.actions = base + "/v2/calls/" + CarrierRequests.encode(id) + "/actions/";
    this.apiKey = apis.telnyxApiKey();
  }

  @Override
  public void hangUp() throws InterruptedException {
    command("hangup", "{\"command_id\":" + ToolJson.quote(commandId()) + "}", "hang up");
  }

  @Override
  public void transfer(String target) throws InterruptedException {
    command(
        "transfer",
        "{\"to\":"
            + ToolJson.quote(target)
            + ",\"command_id\":"
            + ToolJson.quote(commandId())
            + "}",
        "transfer the call");
  }

  private void command(String action, String json, String what) throws InterruptedException {
    if (apiKey.isEmpty()) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "cannot " + what + " through Telnyx: set TELNYX_API_KEY");
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(actions + action))
            .timeout(timeout)
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    CarrierRequests.send(http, request, "Telnyx", what);
  }

  private static String commandId() {
    return UUID.randomUUID().toString();
  }
}
