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

import dev.parley.core.audio.AudioClip;
import dev.parley.core.audio.AudioFormat;
import dev.parley.core.audio.WavReader;
import dev.parley.core.audio.WavWriter;
import dev.parley.core.clock.ManualClock;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.event.EventJson;
import dev.parley.core.event.EventTrace;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.s2s.LiveSpeechToSpeech;
import dev.parley.core.s2s.SpeechToSpeech;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.session.VirtualSession;
import dev.parley.core.spi.Agent;
import dev.parley.core.tool.Tool;
import dev.parley.core.turn.BargeInPolicy;
import dev.parley.report.CallReport;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The offline full-duplex runner: streams a recording into a session as if it were a live call and
 * writes what a recording of the call would hold, its timeline, and a picture of it.
 *
 * <p>On the virtual clock (the default) each 20 ms frame arrives when it ends, the session runs
 * everything due before it, and components cost their modelled latency: faster than real time and
 * byte-identical on every run. With {@code realTime} the same call runs on the system clock with
 * true latencies.
 */
final class Converse {
  static final int RATE = 16_000;
  static final int FRAME = 320;
  static final long FRAME_NANOS = 20_000_000L;

  /** What one run produced. */
  record Result(
      long userAudioMillis,
      List<SessionEvent> events,
      Path callWav,
      Path timelineJson,
      Path reportHtml,
      Path eventsJsonl) {}

  private Converse() {}

  /**
   * Reads the user's recording as 16 kHz mono, or explains in one line why it cannot; a recoverable
   * defect (a data chunk longer than the file) is read anyway with one warning line on {@code err}.
   */
  static short[] readUserAudio(Path wav, PrintWriter err) throws UsageException {
    AudioClip clip;
    try {
      clip =
          WavReader.read(
              wav,
              line -> {
                err.println("parley: warning: " + line);
                err.flush();
              });
    } catch (NoSuchFileException e) {
      throw new UsageException("no such file: " + wav);
    } catch (IOException e) {
      throw new UsageException(wav + ": " + e.getMessage(), e);
    }
    if (clip.frames() == 0) {
      throw new UsageException(wav + ": the recording is empty");
    }
    return clip.toSessionAudio();
  }

  static Result run(
      short[] user,
      Components components,
      SessionConfig config,
      ModelledLatency latency,
      long tailMillis,
      boolean realTime,
      OutputDir out,
      String title)
      throws IOException, InterruptedException {
    long tailFrames = tailMillis / 20;
    long totalFrames = (user.length + FRAME - 1) / FRAME + tailFrames;
    short[] agent = new short[(int) (totalFrames * FRAME + FRAME)];
    List<SessionEvent> events = Collections.synchronizedList(new ArrayList<>());
    AudioOutput recorder = recorder(agent);

    Path traceTemp = out.temp("events.jsonl");
    try (EventTrace trace = EventTrace.open(traceTemp)) {
      java.util.function.Consumer<SessionEvent> listener =
          event -> {
            events.add(event);
            trace.accept(event);
          };
      short[] frame = new short[FRAME];
      if (realTime) {
        // A live caller's audio starts when the call does; a recording starts when we say, so the
        // recogniser loads first, as a server that keeps a spare decoder would have it.
        components.recognizer().prepare(components.recognizerOptions());
        MediaClock clock = MediaClock.system();
        Pacer pacer = new Pacer(clock);
        LiveSession session =
            LiveSession.start("converse", clock, components, config, listener, recorder);
        long start = clock.nanos();
        for (long k = 0; k < totalFrames; k++) {
          fillFrame(user, k, frame);
          pacer.awaitUntil(start + (k + 1) * FRAME_NANOS);
          session.offerAudio(frame, 0, FRAME);
        }
        session.hangup("recording ended");
        session.await(java.time.Duration.ofSeconds(10));
      } else {
        ManualClock clock = new ManualClock();
        try (VirtualSession session =
            new VirtualSession(clock, components, config, latency, listener, recorder)) {
          for (long k = 0; k < totalFrames; k++) {
            fillFrame(user, k, frame);
            session.advanceTo((k + 1) * FRAME_NANOS);
            session.feed(frame, 0, FRAME);
          }
          session.advanceTo((totalFrames + 1) * FRAME_NANOS);
          session.hangup("recording ended");
        }
      }
    }

    return write(user, agent, totalFrames, events, traceTemp, out, title);
  }

  /**
   * Runs the recording live against a speech-to-speech model on the wall clock (the model answers
   * over the network in its own time, so there is no virtual clock to run it on) and writes the
   * same files, in the same event vocabulary, as a cascaded call. With a {@code delegate} the model
   * is only the voice: the delegate answers each turn and the model says its words.
   */
  static Result runSpeechToSpeech(
      short[] user,
      SpeechToSpeech model,
      String instructions,
      List<Tool> tools,
      @Nullable Agent delegate,
      long tailMillis,
      OutputDir out,
      String title)
      throws IOException, InterruptedException {
    long totalFrames = (user.length + FRAME - 1) / FRAME + tailMillis / 20;
    short[] agent = new short[(int) (totalFrames * FRAME + FRAME)];
    List<SessionEvent> events = Collections.synchronizedList(new ArrayList<>());
    AudioOutput recorder = recorder(agent);
    Path traceTemp = out.temp("events.jsonl");
    try (EventTrace trace = EventTrace.open(traceTemp)) {
      MediaClock clock = MediaClock.system();
      Pacer pacer = new Pacer(clock);
      Consumer<SessionEvent> listener =
          event -> {
            events.add(event);
            trace.accept(event);
          };
      LiveSpeechToSpeech call =
          delegate == null
              ? LiveSpeechToSpeech.start(
                  "converse",
                  clock,
                  model,
                  instructions,
                  tools,
                  BargeInPolicy.Settings.defaults(),
                  listener,
                  recorder)
              : LiveSpeechToSpeech.startDelegated(
                  "converse",
                  clock,
                  model,
                  new LiveSpeechToSpeech.Delegate(delegate, "converse-" + title, false),
                  BargeInPolicy.Settings.defaults(),
                  listener,
                  recorder);
      short[] frame = new short[FRAME];
      long start = clock.nanos();
      for (long k = 0; k < totalFrames; k++) {
        fillFrame(user, k, frame);
        pacer.awaitUntil(start + (k + 1) * FRAME_NANOS);
        call.offer(frame, 0, FRAME);
      }
      call.hangUp("recording ended");
      call.awaitEnd(java.time.Duration.ofSeconds(10));
    }
    return write(user, agent, totalFrames, events, traceTemp, out, title);
  }

  /** Where the agent's audio goes: into its track of the call at the time it plays. */
  private static AudioOutput recorder(short[] agent) {
    return new AudioOutput() {
      @Override
      public void play(long atNanos, short[] samples, int offset, int length) {
        int at = (int) (atNanos * RATE / 1_000_000_000L);
        int n = Math.max(0, Math.min(length, agent.length - at));
        System.arraycopy(samples, offset, agent, at, n);
      }

      @Override
      public void clear() {}
    };
  }

  private static Result write(
      short[] user,
      short[] agent,
      long totalFrames,
      List<SessionEvent> events,
      Path traceTemp,
      OutputDir out,
      String title)
      throws IOException {
    long userAudioMillis = user.length * 1000L / RATE;
    List<SessionEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(EventJson::atMillis)); // stable: ties keep their order

    short[] stereo = new short[(int) (totalFrames * FRAME) * 2];
    for (int i = 0; i < stereo.length / 2; i++) {
      stereo[2 * i] = i < user.length ? user[i] : 0;
      stereo[2 * i + 1] = agent[i];
    }
    Path callWav =
        out.write(
            "call.wav",
            o ->
                o.write(
                    WavWriter.toBytes(
                        new AudioFormat(RATE, 2, AudioFormat.Encoding.PCM16), stereo)));
    Path timeline = out.write("timeline.json", o -> writeTimeline(o, userAudioMillis, sorted));
    Path report =
        out.write(
            "report.html",
            o ->
                o.write(
                    CallReport.render(title, userAudioMillis, sorted)
                        .getBytes(StandardCharsets.UTF_8)));
    Path trace = out.commit(traceTemp, "events.jsonl");
    return new Result(userAudioMillis, sorted, callWav, timeline, report, trace);
  }

  private static void fillFrame(short[] user, long k, short[] frame) {
    int from = (int) Math.min(user.length, k * FRAME);
    int n = Math.min(FRAME, user.length - from);
    System.arraycopy(user, from, frame, 0, n);
    java.util.Arrays.fill(frame, n, FRAME, (short) 0);
  }

  private static void writeTimeline(
      java.io.OutputStream o, long userAudioMillis, List<SessionEvent> events) throws IOException {
    Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
    w.write("{\"userAudioMillis\": " + userAudioMillis + ", \"events\": [\n");
    for (int i = 0; i < events.size(); i++) {
      w.write("  ");
      w.write(EventJson.toJson(events.get(i)));
      w.write(i + 1 < events.size() ? ",\n" : "\n");
    }
    w.write("]}\n");
    w.flush();
  }
}
