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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.clock.WallClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.Components;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.server.Call;
import dev.parley.server.Observability;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testing.FakeAgent;
import dev.parley.testing.FakeSynthesizer;
import dev.parley.testing.FakeVad;
import dev.parley.testing.ScriptedAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when of issue 18's configuration: a settings file changes the pacing of a served call
 * with no code. A call runs through the real server's call host in real time (fake speech stack);
 * pacing is the least time from the caller's end of speech to the reply's first audio, so the reply
 * comes no sooner than the file says, whatever the machine's load.
 */
class ServeConfigPacingTest {
  private static final ScriptedAudio CALLER =
      ScriptedAudio.builder()
          .silence(300)
          .say("I need a table for two", 1500)
          .silence(2500)
          .build();

  @TempDir Path dir;

  @Test
  void aSettingsFileSlowsTheReplyToThePacingItNames() throws Exception {
    Path file = dir.resolve("parley.yaml");
    Files.writeString(file, "session:\n  pacingMillis: 1500\n");
    ServeSettings settings = ServeSettings.load(Optional.of(file), Map.of());
    assertThat(responseMillis(settings)).isGreaterThanOrEqualTo(1500);
  }

  private static long responseMillis(ServeSettings settings) throws Exception {
    Components components =
        Components.builder()
            .vad(new FakeVad())
            .recognizer(new OracleRecognizer(CALLER.words(), 100))
            .synthesizer(new FakeSynthesizer(250, 16_000))
            .agent(FakeAgent.saying("Of course, for what time?"))
            .build();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch replied = new CountDownLatch(1);
    try (ParleyServer server =
        ParleyServer.start(
            ServerConfig.builder().bind("127.0.0.1").port(0).build(),
            components,
            settings.session(),
            MediaClock.system(),
            WallClock.system(),
            Observability.defaults(),
            m -> {})) {
      Call call =
          server
              .host()
              .reserve()
              .orElseThrow()
              .start(
                  "ws",
                  new Call.Peer() {
                    @Override
                    public void audio(long atNanos, short[] samples) {}

                    @Override
                    public void clear() {}

                    @Override
                    public void event(SessionEvent event) {
                      events.add(event);
                      if (event instanceof SessionEvent.LatencyBreakdown) {
                        replied.countDown();
                      }
                    }

                    @Override
                    public void error(String code, String message) {}

                    @Override
                    public void close(int code, String reason) {}
                  });
      MediaClock clock = MediaClock.system();
      Pacer pacer = new Pacer(clock);
      short[] audio = CALLER.samples();
      long start = clock.nanos();
      for (int k = 0; k * 320 < audio.length; k++) {
        pacer.awaitUntil(start + k * 20_000_000L);
        call.audio(audio, k * 320, Math.min(320, audio.length - k * 320));
      }
      assertThat(replied.await(20, TimeUnit.SECONDS)).as("a reply in " + events).isTrue();
      call.end("test over", 1000);
    }
    SessionEvent.LatencyBreakdown b =
        events.stream()
            .filter(SessionEvent.LatencyBreakdown.class::isInstance)
            .map(SessionEvent.LatencyBreakdown.class::cast)
            .findFirst()
            .orElseThrow();
    return (b.atNanos() - b.userSpeechEndNanos()) / 1_000_000;
  }
}
