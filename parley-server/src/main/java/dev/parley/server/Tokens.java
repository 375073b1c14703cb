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

import dev.parley.core.clock.WallClock;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, short-lived, single-use call tokens (browser calls and Telnyx streams): {@code
 * v2.EXPIRES.NONCE.MAC}, where {@code EXPIRES} is in epoch seconds and {@code MAC} is the base64url
 * HMAC-SHA256 of {@code v2.EXPIRES.NONCE} under the signing key, a key of its own: the bearer
 * secret that lets a backend ask for tokens ({@code POST /token}) cannot forge one, and leaking a
 * token leaks neither.
 *
 * <p>A token is {@linkplain #redeem redeemed} once: its nonce is remembered until the token
 * expires, so a token read from a log or a proxy cannot start a second call. A token not yet used
 * can be {@linkplain #revoke revoked} the same way. The memory is bounded: at {@link
 * #MAX_REMEMBERED} unexpired nonces the oldest expiry is not awaited, new redemptions are refused
 * ("fail closed"). Thread-safe.
 */
public final class Tokens {
  /** How long a token lives unless asked otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

  /** The longest a token may live. */
  public static final Duration MAX_TTL = Duration.ofHours(1);

  /** Used or revoked nonces remembered at most (each about 100 bytes). */
  static final int MAX_REMEMBERED = 200_000;

  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] key;
  private final WallClock clock;
  private final ConcurrentHashMap<String, Long> spent = new ConcurrentHashMap<>();

  /** Tokens signed with {@code key} (at least 32 characters: see {@link ServerConfig}). */
  public Tokens(String key, WallClock clock) {
    this(key.getBytes(StandardCharsets.UTF_8), clock);
  }

  private Tokens(byte[] key, WallClock clock) {
    this.key = key.clone();
    this.clock = clock;
  }

  /** Tokens under a random key: valid on this process only, until it exits. */
  public static Tokens randomKey(WallClock clock) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new Tokens(key, clock);
  }

  /** A token that expires {@code ttl} from now. */
  public String mint(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("a token lives between 1 s and 1 hour, not " + ttl);
    }
    long expires = nowSeconds() + ttl.toSeconds();
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    String body = "v2." + expires + "." + HexFormat.of().formatHex(nonce);
    return body + "." + mac(body);
  }

  /** Why {@code token} is not valid now (bad signature, expired, used, revoked), or "". */
  public String problem(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("v2")) {
      return "malformed token";
    }
    String body = parts[0] + "." + parts[1] + "." + parts[2];
    byte[] expected = mac(body).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
      return "bad token signature";
    }
    long expires;
    try {
      expires = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return "malformed token";
    }
    if (nowSeconds() >= expires) {
      return "token expired";
    }
    if (spent.containsKey(parts[2])) {
      return "token already used or revoked";
    }
    return "";
  }

  /**
   * Checks {@code token} and spends it: why it cannot start a call, or "" once it has been taken (a
   * second redemption of the same token fails).
   */
  public String redeem(String token) {
    return spend(token);
  }

  /** Revokes a token not yet used; why it cannot be revoked (not ours, expired), or "". */
  public String revoke(String token) {
    return spend(token);
  }

  private String spend(String token) {
    String problem = problem(token);
    if (!problem.isEmpty()) {
      return problem;
    }
    String[] parts = token.split("\\.", -1);
    long expires = Long.parseLong(parts[1]);
    if (spent.size() >= MAX_REMEMBERED) {
      long now = nowSeconds();
      spent.values().removeIf(e -> e <= now);
      if (spent.size() >= MAX_REMEMBERED) {
        return "too many live tokens: try again shortly";
      }
    }
    return spent.putIfAbsent(parts[2], expires) == null ? "" : "token already used or revoked";
  }

  /** Nonces remembered now: for tests and metrics. */
  int remembered() {
    return spent.size();
  }

  private long nowSeconds() {
    return clock.epochMillis() / 1000;
  }

  private String mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
