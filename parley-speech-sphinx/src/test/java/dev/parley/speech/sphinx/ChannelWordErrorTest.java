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
package dev.parley.speech.sphinx;

import dev.parley.core.audio.TelephoneLine;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Word error rate of the recogniser on real human speech through the channels real callers have:
 * clean, white noise at 20 and 10 dB SNR, a telephone line (8 kHz μ-law, as the bench simulates
 * it), and the telephone line with 15 dB of noise. Opt-in, since it decodes every clip five times
 * per configuration (a few minutes on two cores):
 *
 * <pre>
 * ./mvnw -B -ntp -q test -pl parley-speech-sphinx -am -Dtest=ChannelWordErrorTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dparley.asr.wer=base,default
 * </pre>
 *
 * <p>Each configuration is {@code base} (no front end, the decoder's defaults), {@code default}
 * (what {@link SphinxRecognizer#loadDefault()} uses), or {@code +}-joined parts: {@code nr:FLOOR}
 * (noise suppression with that gain floor), {@code fold:GAIN} (narrowband fill), {@code
 * -name:value} (a decoder argument), {@code warm} (each clip decoded twice in one stream, the
 * second scored: what a caller's second turn hears once the cepstral mean has adapted).
 *
 * <p>The clips are split once, by their order and before any result was seen, into a tuning half
 * (even positions) and a held-out half (odd positions); the numbers are reported for each. Every
 * clip gets 1 s of line before it and 0.5 s after (a caller speaks after the greeting), and the
 * noise runs through all of it at an SNR relative to the clip's speech, as {@code SimulatedUser}
 * adds it. Results go to {@code target/channel-wer.txt} too.
 */
@EnabledIfSystemProperty(named = "parley.asr.wer", matches = ".+")
class ChannelWordErrorTest {
  private static final int RATE = 16_000;
  private static final int CHUNK = 320;
  private static final Path JFK = Path.of("/work/shared/data/jfk.wav");
  private static final String JFK_TEXT =
      "and so my fellow americans ask not what your country can do for you ask what you can do"
          + " for your country";
  private static final Path TARGET = Path.of("target");
  private static final Path REPORT = TARGET.resolve("channel-wer.txt");

  record Channel(String name, UnaryOperator<short[]> line, double snrDb) {}

  static final List<Channel> CHANNELS =
      List.of(
          new Channel("clean", pcm -> pcm, Double.NaN),
          new Channel("noise 20 dB", pcm -> pcm, 20),
          new Channel("noise 10 dB", pcm -> pcm, 10),
          new Channel("phone line", ChannelWordErrorTest::phoneLine, Double.NaN),
          new Channel("phone + noise 15 dB", ChannelWordErrorTest::phoneLine, 15));

  record Configuration(
      String name, FrontEnd.Settings frontEnd, List<String> arguments, boolean warm) {
    static Configuration parse(String spec) {
      FrontEnd.Settings settings = FrontEnd.Settings.OFF;
      List<String> arguments = new ArrayList<>();
      boolean warm = false;
      for (String part : spec.split("\\+")) {
        if (part.equals("base")) {
          continue;
        }
        if (part.equals("default")) {
          settings = SphinxRecognizer.DEFAULT_FRONT_END;
          continue;
        }
        if (part.equals("warm")) {
          warm = true;
          continue;
        }
        String[] kv = part.split(":", 2);
        switch (kv[0]) {
          case "nr" ->
              settings =
                  new FrontEnd.Settings(
                      true,
                      Double.parseDouble(kv[1]),
                      settings.fillBand(),
                      settings.foldGain(),
                      settings.cmnPriorFrames());
          case "fold" ->
              settings =
                  new FrontEnd.Settings(
                      settings.suppressNoise(),
                      settings.suppressNoise() ? settings.gainFloor() : 1,
                      true,
                      Double.parseDouble(kv[1]),
                      settings.cmnPriorFrames());
          case "cmn" ->
              settings =
                  new FrontEnd.Settings(
                      settings.suppressNoise(),
                      settings.gainFloor(),
                      settings.fillBand(),
                      settings.foldGain(),
                      Integer.parseInt(kv[1]));
          default -> {
            arguments.add(kv[0]);
            arguments.add(kv[1]);
          }
        }
      }
      return new Configuration(spec, settings, arguments, warm);
    }
  }

  record Item(TestClips.Clip clip, boolean tuning) {}

  static List<Item> items() {
    List<TestClips.Clip> clips = new ArrayList<>(TestClips.all());
    if (Files.exists(JFK)) {
      try {
        clips.add(new TestClips.Clip("jfk", TestClips.wav(JFK), JFK_TEXT));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < clips.size(); i++) {
      items.add(new Item(clips.get(i), i % 2 == 0));
    }
    return items;
  }

  @Test
  void reportsTheWordErrorRatePerChannel() throws Exception {
    List<Item> items = items();
    String specs = System.getProperty("parley.asr.wer", "base");
    int threads = Integer.parseInt(System.getProperty("parley.asr.threads", "2"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (Item item : Boolean.getBoolean("parley.asr.bandwidth") ? items : List.<Item>of()) {
      for (Channel channel : List.of(CHANNELS.get(0), CHANNELS.get(3))) {
        FrontEnd detector = new FrontEnd(new FrontEnd.Settings(false, 1, true, 0.1, 0));
        short[] audio = channel(item.clip(), channel);
        for (int at = 0; at < audio.length; ) {
          at += detector.offer(audio, at, audio.length - at);
        }
        report(
            String.format(
                Locale.ROOT,
                "narrowband %-20s %-44s %.2f of %d hops",
                channel.name(),
                item.clip().id(),
                detector.narrowbandHops() / (double) (audio.length / FrontEnd.HOP),
                audio.length / FrontEnd.HOP));
      }
    }
    try {
      for (String spec : specs.split(",")) {
        Configuration configuration = Configuration.parse(spec.strip());
        SphinxRecognizer engine =
            SphinxRecognizer.loadDefault(configuration.frontEnd(), configuration.arguments());
        report(
            "== "
                + configuration.name()
                + "  "
                + configuration.frontEnd()
                + " "
                + configuration.arguments());
        for (Channel channel : channels()) {
          List<Future<String>> results = new ArrayList<>();
          for (Item item : items) {
            short[] audio = channel(item.clip(), channel);
            results.add(pool.submit(() -> transcribe(engine, audio, configuration.warm())));
          }
          WordErrorRate tuning = WordErrorRate.zero();
          WordErrorRate heldOut = WordErrorRate.zero();
          for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String hypothesis = results.get(i).get();
            WordErrorRate errors = WordErrorRate.of(item.clip().transcript(), hypothesis);
            if (item.tuning()) {
              tuning = tuning.plus(errors);
              report(
                  String.format(
                      Locale.ROOT,
                      "   %-20s %-44s %s",
                      channel.name(),
                      item.clip().id(),
                      hypothesis));
            } else {
              heldOut = heldOut.plus(errors);
            }
          }
          report(
              String.format(
                  Locale.ROOT,
                  "%-28s %-20s tuning %s   held-out %s",
                  configuration.name(),
                  channel.name(),
                  tuning,
                  heldOut));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The channels named by {@code -Dparley.asr.channels=0,3} (positions), or all. */
  private static List<Channel> channels() {
    String wanted = System.getProperty("parley.asr.channels", "");
    if (wanted.isBlank()) {
      return CHANNELS;
    }
    List<Channel> channels = new ArrayList<>();
    for (String index : wanted.split(",")) {
      channels.add(CHANNELS.get(Integer.parseInt(index.strip())));
    }
    return channels;
  }

  private static synchronized void report(String line) throws IOException {
    System.out.println(line);
    Files.createDirectories(TARGET);
    Files.writeString(REPORT, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String transcribe(SpeechRecognizer engine, short[] audio, boolean warm)
      throws InterruptedException {
    Recorder recorder = new Recorder();
    try (SpeechRecognizer.Stream stream = engine.open(Options.defaults(), recorder)) {
      if (warm) {
        push(stream, audio);
        stream.flush();
      }
      push(stream, audio);
      stream.flush();
    }
    return Recorder.text(recorder.lastFinal());
  }

  private static void push(SpeechRecognizer.Stream stream, short[] samples)
      throws InterruptedException {
    for (int i = 0; i < samples.length; i += CHUNK) {
      stream.push(samples, i, Math.min(CHUNK, samples.length - i));
    }
  }

  /** The clip through the channel, with 1 s of line before and 0.5 s after. */
  static short[] channel(TestClips.Clip clip, Channel channel) {
    short[] line = channel.line().apply(clip.samples());
    short[] padded = new short[RATE + line.length + RATE / 2];
    System.arraycopy(line, 0, padded, RATE, line.length);
    if (!Double.isNaN(channel.snrDb())) {
      double noiseRms = speechRms(line) / Math.pow(10, channel.snrDb() / 20);
      SplittableRandom random = new SplittableRandom(clip.id().hashCode());
      for (int i = 0; i < padded.length; i++) {
        // As SimulatedUser: roughly Gaussian, the sum of four uniforms scaled to unit variance.
        double g =
            (random.nextDouble()
                    + random.nextDouble()
                    + random.nextDouble()
                    + random.nextDouble()
                    - 2)
                * Math.sqrt(3);
        padded[i] = (short) Math.clamp(Math.round(padded[i] + g * noiseRms), -32768, 32767);
      }
    }
    return padded;
  }

  /** RMS between the first and last 5 ms block that peaks above 160, as UserVoice trims a clip. */
  static double speechRms(short[] pcm) {
    int first = 0;
    while (first + 80 <= pcm.length && peak(pcm, first) <= 160) {
      first += 80;
    }
    int last = pcm.length - 80;
    while (last > first && peak(pcm, last) <= 160) {
      last -= 80;
    }
    double energy = 0;
    int count = 0;
    for (int i = first; i < Math.min(pcm.length, last + 80); i++) {
      energy += (double) pcm[i] * pcm[i];
      count++;
    }
    return count == 0 ? 1000 : Math.sqrt(energy / count);
  }

  private static int peak(short[] pcm, int at) {
    int peak = 0;
    for (int i = at; i < at + 80; i++) {
      peak = Math.max(peak, Math.abs(pcm[i]));
    }
    return peak;
  }

  static short[] phoneLine(short[] pcm) {
    return TelephoneLine.apply(pcm, RATE);
  }
}
