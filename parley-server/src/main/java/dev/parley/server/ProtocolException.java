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
 * A client's message that a transport codec cannot take, with what is wrong in words ({@link
 * #getMessage()}), a short code for clients that are told ({@code bad_json}, {@code bad_audio}, …)
 * and whether the connection can go on: {@link #closeCode()} is 0 when only the message is dropped,
 * else the close code the connection must end with.
 */
final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int closeCode;

  private ProtocolException(String code, String problem, int closeCode) {
    super(problem);
    this.code = code;
    this.closeCode = closeCode;
  }

  /** A message to drop and count; the call goes on. */
  static ProtocolException skip(String code, String problem) {
    return new ProtocolException(code, problem, 0);
  }

  /** A message after which the connection cannot go on: it ends with {@code closeCode}. */
  static ProtocolException fatal(String code, String problem, int closeCode) {
    return new ProtocolException(code, problem, closeCode);
  }

  /** A short machine-readable name of the problem. */
  String code() {
    return code;
  }

  /** 0 if the connection goes on, else the close code to end it with. */
  int closeCode() {
    return closeCode;
  }

  /** Whether the connection must end. */
  boolean fatal() {
    return closeCode != 0;
  }
}
