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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.spi.SpeechRecognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The user's side of a benchmark call: speaks a scenario's steps one 20 ms frame at a time, reacts
 * to the agent (an {@code after agent} step waits until the agent's reply is audible), and records
 * where every utterance and pause really was, the ground truth the metrics are measured against.
 *
 * <p>All lines are synthesised when it is built. Confined to the thread driving the call, which
 * passes it every session event as it happens.
 */
final class SimulatedUser {
  private static final int RATE = UserVoice.RATE;

  /** What the user did, in milliseconds from the start of the call. */
  record Span(Kind kind, long startMillis, long endMillis, String text, boolean overAgent) {
    enum Kind {
      SPEECH,
      PAUSE
    }
  }

  /** How long the call may go on past its tail while the agent is still talking. */
  static final long MAX_OVERRUN_MILLIS = 30_000;

  private final Scenario scenario;
  private boolean agentSpeaking;
  private final List<UserVoice.@Nullable Clip> clips = new ArrayList<>();
  private final @Nullable SpokenWords words;
  private final SplittableRandom noise;
  private final double noiseRms;
  private final List<Span> spans = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Long> agentStartsMillis = new ArrayList<>();
  private final List<Long> agentEndsMillis = new ArrayList<>();
  private boolean waitForEnd;

  private long sample; // samples produced so far
  private int step = -1;
  private UserVoice.@Nullable Clip clip;
  private int clipAt;
  private long silentUntil; // sample index
  private long waitingSince = -1; // sample index an after-agent step began, or -1
  private long afterAgentMillis;
  private boolean overAgentNext;
  private long lastSpeechEndMillis;
  private boolean finished;
  private long endSample = Long.MAX_VALUE;

  SimulatedUser(Scenario scenario, UserVoice voice, @Nullable SpokenWords words)
      throws InterruptedException {
    this.scenario = scenario;
    this.words = words;
    double energy = 0;
    long count = 0;
    for (Scenario.Step s : scenario.steps()) {
      UserVoice.Clip c =
          switch (s) {
            case Scenario.Step.Say say -> voice.speak(say.text(), scenario.voice());
            case Scenario.Step.Recording r ->
                voice.recording(r.wav(), r.fromMillis(), r.toMillis(), r.text(), scenario.voice());
            case Scenario.Step.Pause p -> null;
            case Scenario.Step.Wait w -> null;
            case Scenario.Step.AfterAgent a -> null;
            case Scenario.Step.AfterReply a -> null;
          };
      if (c != null) {
        clips.add(c);
        for (short v : c.samples()) {
          energy += (double) v * v;
        }
        count += c.samples().length;
      } else {
        clips.add(null);
      }
    }
    double speechRms = count == 0 ? 1000 : Math.sqrt(energy / count);
    this.noiseRms =
        scenario.voice().noisy() ? speechRms / Math.pow(10, scenario.voice().noiseSnrDb() / 20) : 0;
    this.noise = new SplittableRandom(scenario.id().hashCode());
  }

  /** Sees a session event as it happens. */
  void onEvent(SessionEvent event) {
    if (event instanceof SessionEvent.AgentSpeechStarted start
        && start.kind() != SpeechKind.BACKCHANNEL) {
      agentSpeaking = true;
      if (start.kind() == SpeechKind.RESPONSE) {
        agentStartsMillis.add(start.atNanos() / 1_000_000);
      }
    } else if (event instanceof SessionEvent.AgentSpeechEnded end
        && end.kind() != SpeechKind.BACKCHANNEL) {
      agentSpeaking = false;
      if (end.kind() == SpeechKind.RESPONSE) {
        agentEndsMillis.add(end.atNanos() / 1_000_000);
      }
    }
  }

  /**
   * Whether the user has done every step and the tail has passed, and the agent has finished what
   * it was saying (for at most {@link #MAX_OVERRUN_MILLIS} more), so no reply is cut off by the end
   * of the call.
   */
  boolean done() {
    return sample >= endSample
        && (!agentSpeaking || sample >= endSample + MAX_OVERRUN_MILLIS * RATE / 1000);
  }

  /** Fills the next 20 ms of the user's audio. */
  void nextFrame(short[] frame) {
    for (int i = 0; i < frame.length; i++) {
      frame[i] = nextSample();
    }
    if (noiseRms > 0) {
      for (int i = 0; i < frame.length; i++) {
        // Roughly Gaussian: the sum of four uniforms, scaled to unit variance.
        double g =
            (noise.nextDouble() + noise.nextDouble() + noise.nextDouble() + noise.nextDouble() - 2)
                * Math.sqrt(3);
        frame[i] = (short) Math.clamp(Math.round(frame[i] + g * noiseRms), -32768, 32767);
      }
    }
  }

  private short nextSample() {
    while (true) {
      UserVoice.Clip c = clip;
      if (c != null) {
        if (clipAt < c.samples().length) {
          sample++;
          return c.samples()[clipAt++];
        }
        clip = null;
        lastSpeechEndMillis = sample * 1000 / RATE;
        continue;
      }
      if (sample < silentUntil) {
        sample++;
        return 0;
      }
      if (waitingSince >= 0) {
        long target = agentTargetSample();
        if (target < 0) {
          long timeout =
              waitForEnd
                  ? Scenario.Step.AfterReply.TIMEOUT_MILLIS
                  : Scenario.Step.AfterAgent.TIMEOUT_MILLIS;
          if (sample - waitingSince >= timeout * RATE / 1000) {
            notes.add(
                (waitForEnd ? "the agent did not finish a reply" : "the agent never spoke")
                    + " within "
                    + timeout / 1000
                    + " s (line "
                    + currentLine()
                    + ")");
            waitingSince = -1;
            overAgentNext = false;
            continue;
          }
          sample++;
          return 0;
        }
        waitingSince = -1;
        silentUntil = target;
        continue;
      }
      if (finished) {
        sample++;
        return 0;
      }
      advance();
    }
  }

  private long agentTargetSample() {
    for (long start : waitForEnd ? agentEndsMillis : agentStartsMillis) {
      if (start >= lastSpeechEndMillis) {
        return (start + afterAgentMillis) * RATE / 1000;
      }
    }
    return -1;
  }

  private int currentLine() {
    return step >= 0 && step < scenario.steps().size() ? scenario.steps().get(step).line() : 0;
  }

  private void advance() {
    step++;
    if (step >= scenario.steps().size()) {
      finished = true;
      endSample = sample + scenario.tailMillis() * RATE / 1000;
      return;
    }
    long nowMillis = sample * 1000 / RATE;
    switch (scenario.steps().get(step)) {
      case Scenario.Step.Say say -> startClip(say.line(), say.text(), nowMillis);
      case Scenario.Step.Recording r -> startClip(r.line(), r.text(), nowMillis);
      case Scenario.Step.Pause pause -> {
        silentUntil = sample + pause.millis() * RATE / 1000;
        spans.add(new Span(Span.Kind.PAUSE, nowMillis, nowMillis + pause.millis(), "", false));
      }
      case Scenario.Step.Wait wait -> silentUntil = sample + wait.millis() * RATE / 1000;
      case Scenario.Step.AfterAgent after -> {
        waitingSince = sample;
        waitForEnd = false;
        afterAgentMillis = after.millis();
        overAgentNext = true;
      }
      case Scenario.Step.AfterReply after -> {
        waitingSince = sample;
        waitForEnd = true;
        afterAgentMillis = after.millis();
      }
    }
  }

  private void startClip(int line, String text, long nowMillis) {
    UserVoice.Clip c = clips.get(step);
    if (c == null) {
      throw new IllegalStateException("no clip for line " + line);
    }
    clip = c;
    clipAt = 0;
    spans.add(new Span(Span.Kind.SPEECH, nowMillis, nowMillis + c.millis(), text, overAgentNext));
    overAgentNext = false;
    SpokenWords w = words;
    if (w != null) {
      for (SpeechRecognizer.Word word : c.words()) {
        w.add(
            new SpeechRecognizer.Word(
                word.text(), nowMillis + word.startMillis(), nowMillis + word.endMillis()));
      }
    }
  }

  /** Where the user spoke and paused. */
  List<Span> spans() {
    return List.copyOf(spans);
  }

  /** What went wrong on the user's side, such as an agent that never spoke. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  /** Milliseconds of audio produced. */
  long millis() {
    return sample * 1000 / RATE;
  }
}
