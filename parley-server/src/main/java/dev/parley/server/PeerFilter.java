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

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * An allow-list of peer addresses for a transport with no authentication of its own (Asterisk
 * AudioSocket): literal addresses or CIDR blocks, IPv4 or IPv6. An empty list allows any peer.
 * Immutable and thread-safe.
 */
final class PeerFilter {
  /** One address block: the first {@code bits} bits of {@code prefix}. */
  record Block(byte[] prefix, int bits) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (prefix[full] & mask);
    }
  }

  private final List<Block> blocks;

  PeerFilter(List<String> entries) {
    this.blocks = entries.stream().map(PeerFilter::parse).toList();
  }

  /** Whether any peer is allowed (no list configured). */
  boolean open() {
    return blocks.isEmpty();
  }

  boolean allows(InetAddress peer) {
    if (blocks.isEmpty()) {
      return true;
    }
    byte[] address = peer.getAddress();
    for (Block b : blocks) {
      if (b.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One entry: {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code ::1} or {@code fd00::/8}; literals
   * only, never a name to resolve.
   *
   * @throws IllegalArgumentException naming the entry, if it is not an address or a block
   */
  static Block parse(String entry) {
    String text = entry.strip();
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (address.isEmpty() || !(address.contains(":") || address.matches("[0-9.]+"))) {
      throw new IllegalArgumentException(
          "not an IP address or CIDR block (names are not resolved): " + entry);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address or CIDR block: " + entry, e);
    }
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in " + entry, e);
      }
      if (bits < 0 || bits > bytes.length * 8) {
        throw new IllegalArgumentException("prefix length out of range in " + entry);
      }
    }
    return new Block(bytes, bits);
  }
}
