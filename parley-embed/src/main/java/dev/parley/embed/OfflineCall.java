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
package dev.parley.embed;

import dev.parley.core.clock.ManualClock;
import dev.parley.core.event.EventJson;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.session.VirtualSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one offline call produced: the caller's recording streamed into a session on the virtual
 * clock, each 20 ms frame arriving when it ends, components costing their modelled latency. Faster
 * than real time and the same on every run.
 *
 * @param callerAudio how long the caller's recording was
 * @param events the session's events in time order
 * @param agentAudio the agent's side of the call, 16 kHz mono PCM16, aligned with the caller's
 */
public record OfflineCall(Duration callerAudio, List<SessionEvent> events, short[] agentAudio) {
  static final int RATE = 16_000;
  private static final int FRAME = 320;
  private static final long FRAME_NANOS = 20_000_000L;

  public OfflineCall {
    events = List.copyOf(events);
  }

  /** The words of each agent turn that was spoken, in order. */
  public List<String> agentSaid() {
    List<String> said = new ArrayList<>();
    for (SessionEvent event : events) {
      if (event instanceof SessionEvent.AgentSpeechStarted started) {
        said.add(started.text());
      }
    }
    return said;
  }

  /** Streams {@code caller} (16 kHz mono) into a virtual session, then {@code tail} of silence. */
  static OfflineCall run(
      short[] caller,
      Components components,
      SessionConfig config,
      ModelledLatency latency,
      Duration tail) {
    long totalFrames = (caller.length + FRAME - 1) / FRAME + tail.toMillis() / 20;
    short[] agent = new short[(int) (totalFrames * FRAME + FRAME)];
    List<SessionEvent> events = new ArrayList<>();
    AudioOutput recorder =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {
            int at = (int) (atNanos * RATE / 1_000_000_000L);
            int n = Math.max(0, Math.min(length, agent.length - at));
            System.arraycopy(samples, offset, agent, at, n);
          }

          @Override
          public void clear() {}
        };
    short[] frame = new short[FRAME];
    ManualClock clock = new ManualClock();
    try (VirtualSession session =
        new VirtualSession(clock, components, config, latency, events::add, recorder)) {
      for (long k = 0; k < totalFrames; k++) {
        int from = (int) Math.min(caller.length, k * FRAME);
        int n = Math.min(FRAME, caller.length - from);
        System.arraycopy(caller, from, frame, 0, n);
        java.util.Arrays.fill(frame, n, FRAME, (short) 0);
        session.advanceTo((k + 1) * FRAME_NANOS);
        session.feed(frame, 0, FRAME);
      }
      session.advanceTo((totalFrames + 1) * FRAME_NANOS);
      session.hangup("recording ended");
    }
    List<SessionEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(EventJson::atMillis)); // stable: ties keep their order
    return new OfflineCall(Duration.ofMillis(caller.length * 1000L / RATE), sorted, agent);
  }
}
