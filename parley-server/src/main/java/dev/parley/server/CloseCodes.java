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

/**
 * The WebSocket close codes the server uses, on every WebSocket transport (documented in {@code
 * docs/protocol.md}).
 */
public final class CloseCodes {
  /** The call ended normally: a hang-up by either side. */
  public static final int NORMAL = 1000;

  /** The server is draining (shutting down or being replaced): reconnect elsewhere. */
  public static final int GOING_AWAY = 1001;

  /** The client broke the protocol beyond recovery (media before {@code start}, for one). */
  public static final int PROTOCOL = 1002;

  /** The client's media format is not supported (a telephony stream that is not μ-law 8 kHz). */
  public static final int UNSUPPORTED = 1003;

  /** A policy refused the session: a missing, bad or expired token, or a foreign origin. */
  public static final int POLICY = 1008;

  /** A message was larger than the configured maximum. */
  public static final int TOO_BIG = 1009;

  /** The server failed; the session is over, the server goes on. */
  public static final int SERVER_ERROR = 1011;

  /** The server is at its maximum of sessions, or draining: try again later or elsewhere. */
  public static final int BUSY = 1013;

  /** The client sent more messages per second than allowed. */
  public static final int RATE = 4029;

  /** The client stopped reading: the agent's audio backed up past the outbound bound. */
  public static final int SLOW_CLIENT = 4008;

  /**
   * The word a call ended with {@code code} is counted under in {@code
   * parley_calls_failed_total{reason}}, or the empty string when the code is no failure (a hang-up,
   * a drain).
   */
  public static String failure(int code) {
    return switch (code) {
      case PROTOCOL -> "protocol";
      case UNSUPPORTED -> "unsupported";
      case POLICY -> "policy";
      case TOO_BIG -> "too_big";
      case SERVER_ERROR -> "server_error";
      case BUSY -> "busy";
      case RATE -> "rate";
      case SLOW_CLIENT -> "slow_client";
      default -> "";
    };
  }

  private CloseCodes() {}
}
