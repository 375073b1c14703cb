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
package dev.parley.loadtest;

import java.util.Locale;

/** How a simulated caller talks to the server. */
public enum Transport {
  /** Parley's browser protocol on {@code /ws}: binary PCM16LE mono 16 kHz, JSON events back. */
  WS("/ws"),
  /** Twilio Media Streams on {@code /twilio}: JSON messages, base64 μ-law 8 kHz audio. */
  TWILIO("/twilio");

  private final String path;

  Transport(String path) {
    this.path = path;
  }

  /** The server path the transport connects to. */
  public String path() {
    return path;
  }

  /**
   * The transport named {@code name} ({@code ws} or {@code twilio}).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Transport parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ws" -> WS;
      case "twilio" -> TWILIO;
      default ->
          throw new IllegalArgumentException("unknown transport '" + name + "': use ws or twilio");
    };
  }
}
