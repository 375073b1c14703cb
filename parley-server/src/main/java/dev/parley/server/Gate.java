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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who may open a call on the call port: the checks an upgrade passes before admission looks at
 * capacity. Immutable apart from the {@link Tokens} it spends; thread-safe.
 *
 * <ul>
 *   <li><b>Host</b> (every request): one of the configured names, the loopback names on a loopback
 *       bind and the public URL's host. A page on {@code evil.example} that rebinds its name to
 *       127.0.0.1 still sends {@code Host: evil.example}, and is refused.
 *   <li><b>Origin</b> ({@code /ws}; browsers always send it): on the allow-list, or the server's
 *       own origin under an allowed host. Clients that are not browsers send none.
 *   <li><b>Token</b> ({@code /ws}, {@code /telnyx}): off loopback, a single-use token ({@link
 *       Tokens}). Browsers send it as the WebSocket subprotocol {@code parley.token.TOKEN} beside
 *       {@value #SUBPROTOCOL}; a token in the URL is refused, because proxies and access logs keep
 *       URLs. Telnyx cannot set headers on its stream, so its per-stream token rides in {@code
 *       Authorization: Bearer} when the stream was started with one, else in {@code ?token=}
 *       (single use and a minute long: a logged one is spent already).
 * </ul>
 */
final class Gate {
  /** The subprotocol a browser offers (and the server selects) on {@code /ws}. */
  static final String SUBPROTOCOL = "parley";

  /** The prefix of the subprotocol that carries a token. */
  static final String TOKEN_PREFIX = "parley.token.";

  private static final Set<String> LOOPBACK_NAMES =
      Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** A gate's answer: allowed when {@code detail} is empty. */
  record Verdict(CallHost.Refusal reason, String detail) {
    static final Verdict ALLOW = new Verdict(CallHost.Refusal.FORBIDDEN, "");

    static Verdict of(CallHost.Refusal reason, String detail) {
      return detail.isEmpty() ? ALLOW : new Verdict(reason, detail);
    }

    boolean allowed() {
      return detail.isEmpty();
    }
  }

  private final ServerConfig config;
  private final Tokens tokens;
  private final Set<String> hosts;

  Gate(ServerConfig config, Tokens tokens) {
    this.config = config;
    this.tokens = tokens;
    Set<String> names = new LinkedHashSet<>();
    for (String h : config.allowedHosts()) {
      names.add(h.strip().toLowerCase(Locale.ROOT));
    }
    config
        .publicUrl()
        .map(u -> URI.create(u).getHost())
        .ifPresent(h -> names.add(h.toLowerCase(Locale.ROOT)));
    if (config.loopback()) {
      names.addAll(LOOPBACK_NAMES);
    }
    this.hosts = Set.copyOf(names);
  }

  /** The Host check alone (every request on the call port). */
  Verdict hostOnly(Request request) {
    if (hosts.isEmpty()) {
      return Verdict.ALLOW; // off loopback with no names configured: tokens guard the calls
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    String name = host == null ? "" : hostName(host);
    return hosts.contains(name)
        ? Verdict.ALLOW
        : Verdict.of(
            CallHost.Refusal.FORBIDDEN,
            "host not allowed: " + brief(host) + " (name it with --allowed-host or --public-url)");
  }

  /** Host, Origin and token for a browser call on {@code /ws}; spends the token if all pass. */
  Verdict browser(ServerUpgradeRequest request) {
    Verdict host = hostOnly(request);
    if (!host.allowed()) {
      return host;
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !originAllowed(origin)) {
      return Verdict.of(CallHost.Refusal.FORBIDDEN, "origin not allowed: " + brief(origin));
    }
    if (Request.extractQueryParameters(request).getValue("token") != null) {
      return Verdict.of(
          CallHost.Refusal.UNAUTHORISED,
          "a token in the URL is refused (logs keep URLs): send it as the WebSocket subprotocol "
              + TOKEN_PREFIX
              + "TOKEN");
    }
    String token = "";
    for (String p : request.getSubProtocols()) {
      if (p.startsWith(TOKEN_PREFIX)) {
        token = p.substring(TOKEN_PREFIX.length());
      }
    }
    if (!token.isEmpty() && !request.hasSubProtocol(SUBPROTOCOL)) {
      return Verdict.of(
          CallHost.Refusal.UNAUTHORISED,
          "offer the subprotocol \"" + SUBPROTOCOL + "\" beside the token");
    }
    return spend(token, "browser calls");
  }

  /** Host and the per-stream token for a Telnyx stream. */
  Verdict telnyx(Request request) {
    Verdict host = hostOnly(request);
    if (!host.allowed()) {
      return host;
    }
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    String token =
        auth != null && auth.startsWith("Bearer ")
            ? auth.substring(7).strip()
            : String.valueOf(Request.extractQueryParameters(request).getValue("token"));
    return spend(token.equals("null") ? "" : token, "Telnyx streams");
  }

  private Verdict spend(String token, String what) {
    if (token.isEmpty()) {
      return config.loopback()
          ? Verdict.ALLOW
          : Verdict.of(
              CallHost.Refusal.UNAUTHORISED,
              "a token is required for " + what + " off loopback (POST /token)");
    }
    if (token.length() > 512) {
      return Verdict.of(CallHost.Refusal.UNAUTHORISED, "malformed token");
    }
    return Verdict.of(CallHost.Refusal.UNAUTHORISED, tokens.redeem(token));
  }

  private boolean originAllowed(String origin) {
    if (config.allowedOrigins().contains("*") || config.allowedOrigins().contains(origin)) {
      return true;
    }
    URI uri;
    try {
      uri = URI.create(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    String name = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return false;
    }
    // The server's own origin, under a host it answers to (hosts are checked before the origin).
    return hosts.isEmpty() ? false : hosts.contains(name) || hosts.contains("[" + name + "]");
  }

  /** The host name of a {@code Host} header, lower case, without its port. */
  static String hostName(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close < 0 ? h : h.substring(0, close + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /**
   * What an operator must hear at start: every call endpoint open to the network without
   * authentication, and management endpoints open to it.
   */
  static List<String> warnings(ServerConfig config) {
    List<String> out = new ArrayList<>();
    if (config.loopback()) {
      return out;
    }
    String where = config.bind() + ":" + config.port();
    if (config.twilioAuthToken().isEmpty()) {
      out.add(
          "SECURITY: /twilio on "
              + where
              + " accepts any caller: set TWILIO_AUTH_TOKEN so upgrades must carry"
              + " X-Twilio-Signature");
    }
    if (config.audioSocketPort() >= 0 && config.audioSocketAllow().isEmpty()) {
      out.add(
          "SECURITY: AudioSocket on "
              + config.bind()
              + ":"
              + config.audioSocketPort()
              + " accepts any peer: AudioSocket has no authentication, give"
              + " --audiosocket-allow ADDRESS/BITS for your Asterisk hosts");
    }
    if (config.tokenSecret().isEmpty() && config.tokenSigningKey().isEmpty()) {
      out.add(
          "/ws and /telnyx on "
              + where
              + " need tokens and nothing can mint them: set PARLEY_TOKEN_SECRET (and"
              + " PARLEY_TOKEN_SIGNING_KEY to share tokens across servers)");
    }
    if (config.allowedHosts().isEmpty() && config.publicUrl().isEmpty()) {
      out.add(
          "the call port on "
              + where
              + " answers to any Host name: give --public-url or --allowed-host");
    }
    if (config.separateManagement() && !ServerConfig.loopback(config.managementBind())) {
      out.add(
          "SECURITY: /metrics, /ready and /health on "
              + config.managementBind()
              + ":"
              + config.managementPort()
              + " are open to the network: keep the management port on loopback or a private"
              + " network");
    }
    return out;
  }

  private static String brief(@Nullable String text) {
    return BrowserSocket.brief(text);
  }
}
