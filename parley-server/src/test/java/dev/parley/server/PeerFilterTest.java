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

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerFilterTest {
  private static InetAddress at(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void blocksAndAddressesAreMatchedByPrefix() throws Exception {
    PeerFilter filter = new PeerFilter(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));
    assertThat(filter.allows(at("10.200.3.4"))).isTrue();
    assertThat(filter.allows(at("192.168.1.7"))).isTrue();
    assertThat(filter.allows(at("192.168.1.8"))).isFalse();
    assertThat(filter.allows(at("11.0.0.1"))).isFalse();
    assertThat(filter.allows(at("fd12::1"))).isTrue();
    assertThat(filter.allows(at("::1"))).isFalse();
  }

  @Test
  void anEmptyListAllowsAnyone() throws Exception {
    assertThat(new PeerFilter(List.of()).allows(at("203.0.113.9"))).isTrue();
  }

  @Test
  void namesAndBadBlocksAreRefusedAtConfiguration() {
    assertThatThrownBy(() -> PeerFilter.parse("asterisk.example.com"))
        .hasMessageContaining("names are not resolved");
    assertThatThrownBy(() -> PeerFilter.parse("10.0.0.0/33")).hasMessageContaining("range");
    assertThatThrownBy(() -> Fixtures.config().audioSocketAllow(List.of("10.0.0.0/x")).build())
        .hasMessageContaining("bad prefix length");
  }
}
