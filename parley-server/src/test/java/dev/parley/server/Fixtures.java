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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.clock.WallClock;
import dev.parley.core.session.Components;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.testing.FakeAgent;
import dev.parley.testing.FakeSynthesizer;
import dev.parley.testing.FakeVad;
import dev.parley.testing.ScriptedAudio;
import java.io.IOException;
import java.util.function.Consumer;

/** Servers on loopback with fake providers, and a caller's script, for the transport tests. */
final class Fixtures {
  static final ScriptedAudio CALLER =
      ScriptedAudio.builder()
          .silence(300)
          .say("I would like to book a flight to Boston", 2000)
          .silence(1500)
          .build();

  static final String REPLY = "Sure, I can book a flight to Boston for you today.";

  private Fixtures() {}

  static Components components() {
    return components(CALLER);
  }

  /** Fakes, with an oracle recogniser that knows {@code caller}'s words. */
  static Components components(ScriptedAudio caller) {
    return Components.builder()
        .vad(new FakeVad())
        .recognizer(new OracleRecognizer(caller.words(), 100))
        .synthesizer(new FakeSynthesizer(250, 16_000))
        .agent(FakeAgent.saying(REPLY))
        .build();
  }

  static ServerConfig.Builder config() {
    // Admission by measured load is off: on a shared test machine the load is other people's, and
    // a test's second call must not depend on it. CallHostAdmissionTest drives it by hand.
    return ServerConfig.builder().bind("127.0.0.1").port(0).managementPort(0).admitByLoad(false);
  }

  static ParleyServer server(ServerConfig config) throws IOException {
    return server(config, m -> {});
  }

  static ParleyServer server(ServerConfig config, Consumer<ServerMetrics> meters)
      throws IOException {
    return server(config, components(), meters);
  }

  static ParleyServer server(
      ServerConfig config, Components components, Consumer<ServerMetrics> meters)
      throws IOException {
    return ParleyServer.start(
        config,
        components,
        SessionConfig.defaults(),
        MediaClock.system(),
        WallClock.system(),
        meters);
  }

  /** Sends the caller's script in real time, 20 ms a frame, through {@code send}. */
  static void speak(ScriptedAudio script, FrameSender send) throws Exception {
    Pacer pacer = new Pacer(MediaClock.system());
    short[] audio = script.samples();
    long start = MediaClock.system().nanos();
    for (int k = 0; k * 320 < audio.length; k++) {
      int n = Math.min(320, audio.length - k * 320);
      pacer.awaitUntil(start + k * 20_000_000L);
      send.send(audio, k * 320, n);
    }
  }

  /** Sends one frame of 16 kHz audio. */
  interface FrameSender {
    void send(short[] samples, int offset, int length) throws Exception;
  }
}
