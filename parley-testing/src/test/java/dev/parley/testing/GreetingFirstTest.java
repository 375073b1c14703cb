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
package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.agent.GreetingAgent;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Regression, on real threads: a live session used to synthesise the clips it prepares at start
 * (fillers, progress lines, backchannels) on the same worker as replies, so a greeting waited
 * behind every one of them (0.5-1.3 s with Flite on a loaded machine). Here the clips cannot be
 * synthesised until the greeting has been played: before the fix the greeting never played.
 */
class GreetingFirstTest {
  @Test
  void theGreetingIsSynthesisedBeforeTheClipsPreparedAtStart() throws Exception {
    String greeting = "Hello, travel desk.";
    CountDownLatch greetingPlayed = new CountDownLatch(1);
    FakeSynthesizer voice = new FakeSynthesizer();
    SpeechSynthesizer clipsWaitForTheGreeting =
        new SpeechSynthesizer() {
          @Override
          public String name() {
            return "waits";
          }

          @Override
          public int sampleRate() {
            return voice.sampleRate();
          }

          @Override
          public Stream open(Listener listener) {
            Stream inner = voice.open(listener);
            return new Stream() {
              @Override
              public void push(String text) throws InterruptedException {
                if (!greeting.startsWith(text.strip())) {
                  greetingPlayed.await(); // a prepared clip: not before the greeting is out
                }
                inner.push(text);
              }

              @Override
              public void flush() throws InterruptedException {
                inner.flush();
              }

              @Override
              public void close() {
                inner.close();
              }
            };
          }
        };
    FakeToolAgent desk =
        FakeToolAgent.of(
            List.of(FakeTool.readOnly("search", Duration.ofMillis(10))),
            (conversation, reply) -> reply.text("Sure."));
    Components components =
        Components.builder()
            .vad(new FakeVad())
            .recognizer(new OracleRecognizer(List.of(), 0))
            .synthesizer(clipsWaitForTheGreeting)
            .agent(new GreetingAgent(desk, greeting))
            .build();
    AudioOutput output =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {
            greetingPlayed.countDown();
          }

          @Override
          public void clear() {}
        };
    LiveSession session =
        LiveSession.start(
            "greeting-first",
            MediaClock.system(),
            components,
            SessionConfig.defaults(),
            e -> {},
            output);
    try {
      assertThat(greetingPlayed.await(10, TimeUnit.SECONDS))
          .as("the greeting played while the clips were still waiting")
          .isTrue();
    } finally {
      session.hangup("test over");
      greetingPlayed.countDown();
      assertThat(session.await(Duration.ofSeconds(10))).isTrue();
    }
  }
}
