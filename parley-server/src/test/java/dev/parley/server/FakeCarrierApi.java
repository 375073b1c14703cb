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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A carrier's REST API on loopback for the call-control tests: records every request and answers it
 * as the carrier would, refusing what the carrier would refuse (bad credentials, an unknown call, a
 * missing parameter). Subclasses speak one carrier's protocol. Thread-safe.
 */
abstract class FakeCarrierApi implements AutoCloseable {
  /** A request as it arrived. */
  record Received(
      String method, String path, String authorization, String contentType, String body) {}

  /** The carrier's answer. */
  record Answer(int status, String json) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final Server jetty = new Server();
  private final ServerConnector connector = new ServerConnector(jetty);

  FakeCarrierApi() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            Received r =
                new Received(
                    request.getMethod(),
                    Request.getPathInContext(request),
                    String.valueOf(request.getHeaders().get(HttpHeader.AUTHORIZATION)),
                    String.valueOf(request.getHeaders().get(HttpHeader.CONTENT_TYPE)),
                    Content.Source.asString(request, StandardCharsets.UTF_8));
            received.add(r);
            Answer answer = answer(r);
            response.setStatus(answer.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, answer.json(), callback);
            return true;
          }
        });
    jetty.start();
  }

  /** How the carrier answers {@code request}. */
  abstract Answer answer(Received request);

  /** The base URL to configure in {@link CarrierApis}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
