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

import dev.parley.core.clock.ManualClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.session.VirtualSession;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallControl;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.VoiceActivityDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A whole session run on the test thread against a manual clock: feed it a {@link ScriptedAudio}
 * and read the {@link Timeline}. Providers default to fakes and an oracle recogniser over the
 * script's words; any of them can be replaced with a real one.
 *
 * <p>{@link #play} streams the script in 20 ms frames as a live call would, each frame arriving
 * when it ends, then keeps the call running for a tail of silence.
 */
public final class EmbeddedSession {
  private static final int FRAME = 320;
  private static final long FRAME_NANOS = 20_000_000L;

  private final ManualClock clock = new ManualClock();
  private final List<SessionEvent> events = new ArrayList<>();
  private final short[] agentAudio;
  private final VirtualSession session;
  private long userFrames;
  private final double echoGain;
  private final long echoDelaySamples;

  private EmbeddedSession(Builder b, ScriptedAudio script) {
    Components.Builder parts =
        Components.builder()
            .vad(b.vad)
            .recognizer(new OracleRecognizer(script.words(), b.transcriptDelayMillis))
            .synthesizer(b.synthesizer)
            .agent(b.agent);
    if (b.turnDetector != null) {
      parts.turnDetector(b.turnDetector);
    }
    Components components = parts.build();
    this.echoGain = b.echoGain;
    this.echoDelaySamples = b.echoDelayMillis * 16;
    this.agentAudio = new short[(int) ((script.durationMillis() + b.tailMillis) * 16 + FRAME * 4)];
    AudioOutput output =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {
            int at = (int) (atNanos / 62_500);
            int n = Math.max(0, Math.min(length, agentAudio.length - at));
            System.arraycopy(samples, offset, agentAudio, at, n);
          }

          @Override
          public void clear() {}
        };
    this.session =
        new VirtualSession(
            clock, components, b.config, b.latency, events::add, output, b.call, b.control);
  }

  /** Starts describing a session. */
  public static Builder builder() {
    return new Builder();
  }

  /** Streams the whole script, then {@code tail} of silence, and returns the timeline. */
  public Timeline play(ScriptedAudio script, Duration tail) {
    short[] samples = script.samples();
    short[] frame = new short[FRAME];
    for (int at = 0; at < samples.length; at += FRAME) {
      int n = Math.min(FRAME, samples.length - at);
      System.arraycopy(samples, at, frame, 0, n);
      java.util.Arrays.fill(frame, n, FRAME, (short) 0);
      feedFrame(frame);
    }
    long tailFrames = tail.toNanos() / FRAME_NANOS;
    java.util.Arrays.fill(frame, (short) 0);
    for (long i = 0; i < tailFrames; i++) {
      feedFrame(frame);
    }
    return timeline();
  }

  private void feedFrame(short[] frame) {
    long startSample = userFrames * FRAME;
    userFrames++;
    session.advanceTo(userFrames * FRAME_NANOS);
    if (echoGain > 0) {
      // The agent's voice leaks back into the caller's microphone, echoDelay later.
      for (int i = 0; i < FRAME; i++) {
        long at = startSample + i - echoDelaySamples;
        if (at >= 0 && at < agentAudio.length) {
          int mixed = frame[i] + (int) Math.round(agentAudio[(int) at] * echoGain);
          frame[i] = (short) Math.clamp(mixed, Short.MIN_VALUE, Short.MAX_VALUE);
        }
      }
    }
    session.feed(frame, 0, FRAME);
  }

  /** Whether the call has ended (the caller, the agent or the idle rule hung up). */
  public boolean ended() {
    return session.ended();
  }

  /** Hangs up and returns the final timeline. */
  public Timeline hangup() {
    session.hangup("test over");
    session.close();
    return timeline();
  }

  /** The events so far. */
  public Timeline timeline() {
    return new Timeline(events);
  }

  /** What the agent played, 16 kHz mono PCM16 on the same time base as the user's audio. */
  public short[] agentAudio() {
    return agentAudio.clone();
  }

  /** Describes an embedded session. */
  public static final class Builder {
    private VoiceActivityDetector vad = new FakeVad();
    private SpeechSynthesizer synthesizer = new FakeSynthesizer();
    private Agent agent = FakeAgent.saying("Okay.");
    private @Nullable TurnDetector turnDetector;
    private SessionConfig config = SessionConfig.defaults();
    private ModelledLatency latency = ModelledLatency.none();
    private long transcriptDelayMillis = 100;
    private long tailMillis = 5_000;
    private double echoGain;
    private long echoDelayMillis;
    private CallInfo call = CallInfo.local("embedded");
    private CallControl control = CallControl.none();

    private Builder() {}

    /** The call the session serves, and what its carrier does when a tool ends or moves it. */
    public Builder call(CallInfo call, CallControl control) {
      this.call = call;
      this.control = control;
      return this;
    }

    /**
     * Leaks the agent's audio into the caller's, scaled by {@code gain} and {@code delayMillis}
     * late, as a speakerphone without echo cancellation would.
     */
    public Builder echo(double gain, long delayMillis) {
      this.echoGain = gain;
      this.echoDelayMillis = delayMillis;
      return this;
    }

    public Builder vad(VoiceActivityDetector vad) {
      this.vad = vad;
      return this;
    }

    public Builder synthesizer(SpeechSynthesizer synthesizer) {
      this.synthesizer = synthesizer;
      return this;
    }

    public Builder agent(Agent agent) {
      this.agent = agent;
      return this;
    }

    public Builder turnDetector(TurnDetector turnDetector) {
      this.turnDetector = turnDetector;
      return this;
    }

    public Builder config(SessionConfig config) {
      this.config = config;
      return this;
    }

    public Builder latency(ModelledLatency latency) {
      this.latency = latency;
      return this;
    }

    /** How long after a word ends the oracle recogniser reports it. */
    public Builder transcriptDelayMillis(long millis) {
      this.transcriptDelayMillis = millis;
      return this;
    }

    /** The longest tail of silence {@link #play} will be asked for (sizes the agent recording). */
    public Builder maxTailMillis(long millis) {
      this.tailMillis = millis;
      return this;
    }

    /** A session for {@code script}. */
    public EmbeddedSession build(ScriptedAudio script) {
      return new EmbeddedSession(this, script);
    }
  }
}
