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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tool runtime on real threads: parallel calls, a time limit, exactly-once side effects and a
 * compensation, with the same outcomes as on the manual clock. Waits on latches, never on sleeps,
 * and asserts outcomes, not durations.
 */
class LiveToolsTest {
  private static final ScriptedAudio CALL =
      ScriptedAudio.builder().silence(200).say("book it", 600).silence(300).build();

  @Test
  void toolsRunLiveWithTheSameOutcomes() throws Exception {
    FakeTool search = FakeTool.readOnly("search", Duration.ofMillis(30));
    FakeTool slow =
        FakeTool.readOnly("slow", Duration.ofSeconds(30)).timeout(Duration.ofMillis(50));
    FakeTool book = FakeTool.sideEffecting("book", Duration.ofMillis(20));
    List<ToolResult> results = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    FakeToolAgent agent =
        FakeToolAgent.of(
            List.of(search, slow, book),
            (conversation, reply) -> {
              results.addAll(
                  reply.callAll(
                      List.of(new ToolCall("s", "search", "{}"), new ToolCall("t", "slow", "{}"))));
              results.add(reply.call(new ToolCall("b", "book", "{}")));
              results.add(reply.call(new ToolCall("b", "book", "{}")));
              results.add(reply.compensate("b"));
              reply.text("Done.");
              done.countDown();
            });
    Components components =
        Components.builder()
            .vad(new FakeVad())
            .recognizer(new OracleRecognizer(CALL.words(), 50))
            .synthesizer(new FakeSynthesizer(100, 16_000))
            .agent(agent)
            .build();
    AudioOutput output =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {}

          @Override
          public void clear() {}
        };
    LiveSession session =
        LiveSession.start(
            "live-tools",
            MediaClock.system(),
            components,
            SessionConfig.defaults(),
            e -> {},
            output);
    short[] audio = CALL.samples();
    for (int at = 0; at < audio.length; at += 320) {
      session.offerAudio(audio, at, 320);
    }
    // A live caller's line keeps sending frames after the words: silence every 20 ms, as a
    // transport does, until the reply has run (20 s at most).
    short[] silence = new short[320];
    boolean ran = false;
    for (int frame = 0; frame < 1000 && !ran; frame++) {
      ran = done.await(20, TimeUnit.MILLISECONDS);
      session.offerAudio(silence, 0, silence.length);
    }
    assertThat(ran).as("the reply ran to its end").isTrue();
    session.hangup("test over");
    assertThat(session.await(Duration.ofSeconds(10))).isTrue();
    assertThat(session.failure()).isNull();

    assertThat(results)
        .extracting(ToolResult::status)
        .containsExactly(
            ToolStatus.OK, ToolStatus.FAILED, ToolStatus.OK, ToolStatus.OK, ToolStatus.COMPENSATED);
    assertThat(results.get(1).json()).contains("timed out after 50 ms");
    assertThat(results.get(3).reused()).isTrue();
    assertThat(book.invocations()).hasSize(1);
    assertThat(book.compensations()).hasSize(1);
    assertThat(slow.invocations()).isEmpty();
  }
}
