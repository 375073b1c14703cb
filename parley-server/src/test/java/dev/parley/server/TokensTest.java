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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 17: call tokens are short-lived, single-use, revocable and signed with their own key. */
class TokensTest {
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final Tokens tokens = new Tokens("a-signing-key-of-at-least-32-chars!!", now::get);

  @Test
  void aTokenStartsOneCallOnly() {
    String token = tokens.mint(Tokens.DEFAULT_TTL);
    assertThat(tokens.redeem(token)).isEmpty();
    assertThat(tokens.redeem(token)).isEqualTo("token already used or revoked");
  }

  @Test
  void aTokenExpiresAfterItsMinuteByDefault() {
    String token = tokens.mint(Tokens.DEFAULT_TTL);
    now.addAndGet(60_000);
    assertThat(tokens.redeem(token)).isEqualTo("token expired");
  }

  @Test
  void aRevokedTokenIsRefused() {
    String token = tokens.mint(Duration.ofMinutes(10));
    assertThat(tokens.revoke(token)).isEmpty();
    assertThat(tokens.redeem(token)).isEqualTo("token already used or revoked");
  }

  @Test
  void anotherKeyCannotForgeOne() {
    Tokens other = new Tokens("another-signing-key-of-32-characters", now::get);
    assertThat(tokens.redeem(other.mint(Tokens.DEFAULT_TTL))).isEqualTo("bad token signature");
    assertThat(tokens.redeem("v1.1.2.3")).isEqualTo("malformed token");
    String token = tokens.mint(Tokens.DEFAULT_TTL);
    String later = token.replaceFirst("\\.(\\d+)\\.", ".9" + "$1.");
    assertThat(tokens.redeem(later)).isEqualTo("bad token signature");
  }

  @Test
  void aRandomKeyIsThisProcesssAlone() {
    Tokens a = Tokens.randomKey(now::get);
    Tokens b = Tokens.randomKey(now::get);
    assertThat(b.redeem(a.mint(Tokens.DEFAULT_TTL))).isEqualTo("bad token signature");
  }

  @Test
  void lifetimesAreBounded() {
    assertThatThrownBy(() -> tokens.mint(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.mint(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSigningKeyMustDifferFromTheBearerSecret() {
    String same = "the-same-secret-for-both-of-them-32";
    assertThatThrownBy(() -> Fixtures.config().tokenSecret(same).tokenSigningKey(same).build())
        .hasMessageContaining("must differ");
  }
}
