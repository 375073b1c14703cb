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

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a server listens and what it admits. Immutable; built with {@link #builder()}, every value
 * range-checked when built.
 *
 * @param bind the address to listen on; a loopback address lets browser sessions in without a token
 * @param port the HTTP port (0 picks a free one)
 * @param audioSocketPort the Asterisk AudioSocket TCP port, or -1 for none (0 picks a free one)
 * @param maxSessions calls admitted at once, over every transport; more are refused
 * @param drainGrace how long active calls may go on after a drain starts
 * @param tokenSecret the key that signs browser session tokens; without one, only a loopback server
 *     admits browser sessions
 * @param twilioAuthToken when set, {@code /twilio} upgrades must carry a valid {@code
 *     X-Twilio-Signature}
 * @param publicUrl the externally visible base URL ({@code https://voice.example.com}) Twilio
 *     signs; without it the request's own URL is used
 * @param allowedOrigins browser origins allowed on {@code /ws} besides the server's own; {@code *}
 *     allows any
 * @param maxMessageBytes the largest WebSocket message accepted
 * @param maxMessagesPerSecond messages a session may send per second, averaged over a second
 *     (bursts up to this many)
 * @param outboundFrames agent audio frames (20 ms) buffered per session towards a slow client
 *     before frames are dropped
 * @param tokenSigningKey the key that signs and checks call tokens (browser and Telnyx), separate
 *     from the bearer secret that lets a backend mint them; without one, a random key per process
 * @param managementBind the address of the management port ({@code /health}, {@code /ready}, {@code
 *     /metrics}); loopback unless a scraper elsewhere needs it
 * @param managementPort the management port (0 picks a free one), or -1 to serve the three on the
 *     call port as before (not recommended: they then queue behind the calls)
 * @param allowedHosts the {@code Host} names the call port answers to, besides the loopback names
 *     on a loopback bind and the public URL's host (DNS rebinding); empty off loopback admits any
 * @param demoPage whether {@code /} serves the browser demo page
 * @param audioSocketAllow peers (addresses or CIDR blocks, {@code 10.0.0.0/8}) allowed to open
 *     AudioSocket connections; empty allows any
 * @param admitByLoad whether new calls are also refused while the measured load has no headroom and
 *     admitted step by step (see {@code LoadWatch}); without it only {@code maxSessions} and a
 *     drain refuse
 */
public record ServerConfig(
    String bind,
    int port,
    int audioSocketPort,
    int maxSessions,
    Duration drainGrace,
    Optional<String> tokenSecret,
    Optional<String> twilioAuthToken,
    Optional<String> publicUrl,
    List<String> allowedOrigins,
    int maxMessageBytes,
    int maxMessagesPerSecond,
    int outboundFrames,
    Optional<String> tokenSigningKey,
    String managementBind,
    int managementPort,
    List<String> allowedHosts,
    boolean demoPage,
    List<String> audioSocketAllow,
    boolean admitByLoad) {

  public ServerConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, was " + port);
    }
    if (audioSocketPort < -1 || audioSocketPort > 65_535) {
      throw new IllegalArgumentException(
          "audioSocketPort must be -1 (off) or 0-65535, was " + audioSocketPort);
    }
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
    }
    if (drainGrace.isNegative()) {
      throw new IllegalArgumentException("drainGrace must not be negative");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "maxMessageBytes must be at least 1024, was " + maxMessageBytes);
    }
    if (maxMessagesPerSecond < 1) {
      throw new IllegalArgumentException(
          "maxMessagesPerSecond must be at least 1, was " + maxMessagesPerSecond);
    }
    if (outboundFrames < 1) {
      throw new IllegalArgumentException(
          "outboundFrames must be at least 1, was " + outboundFrames);
    }
    tokenSecret.ifPresent(
        s -> {
          if (s.length() < 16) {
            throw new IllegalArgumentException("the token secret must be at least 16 characters");
          }
        });
    allowedOrigins = List.copyOf(allowedOrigins);
    tokenSigningKey.ifPresent(
        k -> {
          if (k.length() < 32) {
            throw new IllegalArgumentException(
                "the token signing key must be at least 32 characters");
          }
          if (tokenSecret.isPresent() && tokenSecret.get().equals(k)) {
            throw new IllegalArgumentException(
                "the token signing key must differ from the bearer secret that mints tokens");
          }
        });
    if (managementPort < -1 || managementPort > 65_535) {
      throw new IllegalArgumentException(
          "managementPort must be -1 (on the call port) or 0-65535, was " + managementPort);
    }
    if (managementPort > 0 && managementPort == port && managementBind.equals(bind)) {
      throw new IllegalArgumentException(
          "the management port must differ from the call port " + port);
    }
    allowedHosts = List.copyOf(allowedHosts);
    audioSocketAllow = List.copyOf(audioSocketAllow);
    for (String peer : audioSocketAllow) {
      PeerFilter.parse(peer); // fails here, naming the bad entry, rather than at the first call
    }
  }

  /** Whether the server listens on a loopback address only. */
  public boolean loopback() {
    return loopback(bind);
  }

  /** Whether {@code address} is a loopback address or name. */
  public static boolean loopback(String address) {
    String b = address.strip();
    return b.equals("localhost") || b.startsWith("127.") || b.equals("::1") || b.equals("[::1]");
  }

  /** Whether the management endpoints have a port of their own. */
  public boolean separateManagement() {
    return managementPort >= 0;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects a configuration; the defaults are those of {@code parley serve}. */
  public static final class Builder {
    private String bind = "127.0.0.1";
    private int port = 8080;
    private int audioSocketPort = -1;
    private int maxSessions = 400;
    private Duration drainGrace = Duration.ofSeconds(30);
    private @Nullable String tokenSecret;
    private @Nullable String twilioAuthToken;
    private @Nullable String publicUrl;
    private List<String> allowedOrigins = List.of();
    private int maxMessageBytes = 64 * 1024;
    private int maxMessagesPerSecond = 200;
    private int outboundFrames = 50;
    private @Nullable String tokenSigningKey;
    private String managementBind = "127.0.0.1";
    private int managementPort = 8081;
    private List<String> allowedHosts = List.of();
    private boolean demoPage = true;
    private List<String> audioSocketAllow = List.of();
    private boolean admitByLoad = true;

    private Builder() {}

    public Builder admitByLoad(boolean admit) {
      this.admitByLoad = admit;
      return this;
    }

    public Builder tokenSigningKey(@Nullable String key) {
      this.tokenSigningKey = key;
      return this;
    }

    public Builder managementBind(String bind) {
      this.managementBind = bind;
      return this;
    }

    public Builder managementPort(int port) {
      this.managementPort = port;
      return this;
    }

    public Builder allowedHosts(List<String> hosts) {
      this.allowedHosts = hosts;
      return this;
    }

    public Builder demoPage(boolean serve) {
      this.demoPage = serve;
      return this;
    }

    public Builder audioSocketAllow(List<String> peers) {
      this.audioSocketAllow = peers;
      return this;
    }

    public Builder bind(String bind) {
      this.bind = bind;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder audioSocketPort(int port) {
      this.audioSocketPort = port;
      return this;
    }

    public Builder maxSessions(int maxSessions) {
      this.maxSessions = maxSessions;
      return this;
    }

    public Builder drainGrace(Duration grace) {
      this.drainGrace = grace;
      return this;
    }

    public Builder tokenSecret(@Nullable String secret) {
      this.tokenSecret = secret;
      return this;
    }

    public Builder twilioAuthToken(@Nullable String token) {
      this.twilioAuthToken = token;
      return this;
    }

    public Builder publicUrl(@Nullable String url) {
      this.publicUrl = url;
      return this;
    }

    public Builder allowedOrigins(List<String> origins) {
      this.allowedOrigins = origins;
      return this;
    }

    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    public Builder maxMessagesPerSecond(int rate) {
      this.maxMessagesPerSecond = rate;
      return this;
    }

    public Builder outboundFrames(int frames) {
      this.outboundFrames = frames;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          bind,
          port,
          audioSocketPort,
          maxSessions,
          drainGrace,
          Optional.ofNullable(tokenSecret),
          Optional.ofNullable(twilioAuthToken),
          Optional.ofNullable(publicUrl),
          allowedOrigins,
          maxMessageBytes,
          maxMessagesPerSecond,
          outboundFrames,
          Optional.ofNullable(tokenSigningKey),
          managementBind,
          managementPort,
          allowedHosts,
          demoPage,
          audioSocketAllow,
          admitByLoad);
    }
  }
}
