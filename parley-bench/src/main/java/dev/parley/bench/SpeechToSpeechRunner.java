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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.s2s.LiveSpeechToSpeech;
import dev.parley.core.s2s.SpeechToSpeech;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.SpeechRecognizer.Word;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolEffect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Runs one scenario as a whole call with a speech-to-speech model, through the same simulated user
 * and verdicts as {@link ScenarioRunner}: the model is the voice of the scenario's agent (Parley's
 * delegation), so the stand-in's lines and the tool agent's tools are the same as in a cascaded
 * run, and what is measured is the turn-taking, interruption and tool handling around the model.
 *
 * <p>A model answers over the network in its own time, so the call runs live on the system clock:
 * the user's frames are fed in real time ({@link Pacer}) and a scenario takes as long as it lasts.
 * Events reach the simulated user on the feeding thread, as it expects.
 */
public final class SpeechToSpeechRunner implements Bench.CallRunner {
  /** What the caller said between two times of the call, for a fake model's transcripts. */
  @FunctionalInterface
  public interface Transcript {
    String between(long fromMillis, long toMillis);
  }

  /**
   * Opens the model for one call; a fake is given what the caller says, a real model ignores it.
   */
  @FunctionalInterface
  public interface Models {
    SpeechToSpeech forCall(Transcript caller);
  }

  private static final int FRAME = 320;
  private static final long FRAME_NANOS = 20_000_000L;
  private static final long MAX_CALL_MILLIS = 120_000;

  private final Models models;
  private final String description;

  /**
   * @param description what the model is, for metrics.json ({@code "openai-realtime (a loopback
   *     fake)"})
   */
  public SpeechToSpeechRunner(Models models, String description) {
    this.models = models;
    this.description = description;
  }

  @Override
  public String describe() {
    return "speech-to-speech: " + description + ", live on the system clock";
  }

  @Override
  public ScenarioRun run(
      Scenario scenario, BenchConfig config, BenchStack stack, AgentFactory agents)
      throws InterruptedException {
    List<SessionEvent> events = new ArrayList<>();
    BitSet agentAudio = new BitSet();
    List<String> notes = new ArrayList<>();
    SpokenWords words = new SpokenWords(0);
    SimulatedUser user;
    try {
      user = new SimulatedUser(scenario, stack.userVoice(), words);
    } catch (RuntimeException e) {
      notes.add("the user's voice failed: " + e.getMessage());
      return new ScenarioRun(
          scenario, config.name(), events, List.of(), agentAudio, notes, 0, Set.of());
    }
    Agent agent = agents.create(scenario);
    Set<String> readOnly = new HashSet<>();
    for (Tool tool : agent.tools()) {
      if (tool.spec().effect() == ToolEffect.READ_ONLY) {
        readOnly.add(tool.spec().name());
      }
    }
    ConcurrentLinkedQueue<SessionEvent> arrived = new ConcurrentLinkedQueue<>();
    AudioOutput output =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
              if (samples[i] != 0) {
                synchronized (agentAudio) {
                  agentAudio.set((int) (atNanos / FRAME_NANOS));
                }
                return;
              }
            }
          }

          @Override
          public void clear() {}
        };
    MediaClock clock = MediaClock.system();
    long frames = 0;
    LiveSpeechToSpeech call = null;
    try {
      call =
          LiveSpeechToSpeech.startDelegated(
              scenario.name(),
              clock,
              models.forCall((from, to) -> spoken(words, from, to)),
              new LiveSpeechToSpeech.Delegate(agent, scenario.name(), false),
              config.session().bargeIn(),
              arrived::add,
              output);
      Pacer pacer = new Pacer(clock);
      long start = clock.nanos();
      short[] frame = new short[FRAME];
      while (!user.done() && frames * 20 < MAX_CALL_MILLIS) {
        for (SessionEvent event = arrived.poll(); event != null; event = arrived.poll()) {
          events.add(event);
          user.onEvent(event);
        }
        user.nextFrame(frame);
        frames++;
        pacer.awaitUntil(start + frames * FRAME_NANOS);
        call.offer(frame, 0, FRAME);
      }
      call.hangUp("scenario over");
      if (!call.awaitEnd(Duration.ofSeconds(5))) {
        notes.add("the call did not end within 5 s of hanging up");
      }
    } catch (RuntimeException e) {
      notes.add("the call failed: " + e);
      if (call != null) {
        call.hangUp("failed");
      }
    }
    for (SessionEvent event = arrived.poll(); event != null; event = arrived.poll()) {
      events.add(event);
    }
    notes.addAll(user.notes());
    synchronized (agentAudio) {
      return new ScenarioRun(
          scenario, config.name(), events, user.spans(), agentAudio, notes, frames * 20, readOnly);
    }
  }

  /** The words the simulated user started saying between two times of the call. */
  private static String spoken(SpokenWords words, long fromMillis, long toMillis) {
    StringBuilder text = new StringBuilder();
    for (Word word : words.all()) {
      if (word.startMillis() >= fromMillis && word.startMillis() < toMillis) {
        if (!text.isEmpty()) {
          text.append(' ');
        }
        text.append(word.text());
      }
    }
    return text.toString();
  }
}
