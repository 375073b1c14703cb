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
package dev.parley.bench;

import dev.parley.core.clock.ManualClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.VirtualSession;
import dev.parley.core.spi.SpeechRecognizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Runs one scenario as a whole call through the session runtime {@code parley converse} uses: a
 * {@link VirtualSession} on a manual clock, each 20 ms frame of the simulated user's audio arriving
 * when it ends, every component charged its modelled latency. The same scenario and configuration
 * give the same timeline every run. Stateless; one call per {@link #run}.
 */
public final class ScenarioRunner {
  private static final int FRAME = 320;
  private static final long FRAME_NANOS = 20_000_000L;

  /** No call runs longer than this, whatever the agent does. */
  private static final long MAX_CALL_MILLIS = 180_000;

  private ScenarioRunner() {}

  /**
   * Runs {@code scenario} under {@code config}. A failure of the call (a provider that throws where
   * it must not) is recorded in the run's notes, not thrown: one bad scenario never stops a suite.
   */
  public static ScenarioRun run(
      Scenario scenario, BenchConfig config, BenchStack stack, AgentFactory agents)
      throws InterruptedException {
    List<SessionEvent> events = new ArrayList<>();
    BitSet agentAudio = new BitSet();
    List<String> notes = new ArrayList<>();
    SpokenWords oracle =
        stack.recognizer() == null ? new SpokenWords(stack.transcriptDelayMillis()) : null;
    SimulatedUser user;
    try {
      user = new SimulatedUser(scenario, stack.userVoice(), oracle);
    } catch (RuntimeException e) {
      notes.add("the user's voice failed: " + e.getMessage());
      return new ScenarioRun(
          scenario, config.name(), events, List.of(), agentAudio, notes, 0, java.util.Set.of());
    }
    SpeechRecognizer recognizer = oracle != null ? oracle : stack.recognizer();
    if (recognizer == null) {
      throw new IllegalStateException("no recogniser");
    }
    dev.parley.core.spi.Agent agent = agents.create(scenario);
    java.util.Set<String> readOnly = new java.util.HashSet<>();
    for (dev.parley.core.tool.Tool tool : agent.tools()) {
      if (tool.spec().effect() == dev.parley.core.tool.ToolEffect.READ_ONLY) {
        readOnly.add(tool.spec().name());
      }
    }
    Components.Builder parts =
        Components.builder()
            .vad(stack.vad())
            .recognizer(recognizer)
            // As a live call to this agent hears it (Speech.components): its words and slots.
            .recognizerOptions(
                config.recognizerHints()
                    ? SpeechRecognizer.Options.forAgent(agent)
                    : SpeechRecognizer.Options.defaults())
            .synthesizer(stack.agentVoice())
            .agent(agent)
            .completionModel(stack.completion());
    stack.turnDetector().ifPresent(parts::turnDetector);
    AudioOutput output =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
              if (samples[i] != 0) {
                agentAudio.set((int) (atNanos / FRAME_NANOS));
                return;
              }
            }
          }

          @Override
          public void clear() {}
        };
    ManualClock clock = new ManualClock();
    long frames = 0;
    try (VirtualSession session =
        new VirtualSession(
            clock,
            parts.build(),
            config.session(),
            stack.latency(),
            event -> {
              events.add(event);
              user.onEvent(event);
            },
            output)) {
      short[] frame = new short[FRAME];
      while (!user.done() && frames * 20 < MAX_CALL_MILLIS && !session.ended()) {
        user.nextFrame(frame);
        frames++;
        session.advanceTo(frames * FRAME_NANOS);
        session.feed(frame, 0, FRAME);
      }
      session.advanceTo((frames + 1) * FRAME_NANOS);
      session.hangup("scenario over");
    } catch (RuntimeException e) {
      notes.add("the call failed: " + e);
    }
    notes.addAll(user.notes());
    return new ScenarioRun(
        scenario, config.name(), events, user.spans(), agentAudio, notes, frames * 20, readOnly);
  }
}
