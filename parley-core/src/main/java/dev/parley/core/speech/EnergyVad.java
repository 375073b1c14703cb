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
package dev.parley.core.speech;

import dev.parley.core.spi.VoiceActivityDetector;

/**
 * A voice activity detector from signal energy: the fallback when no model is installed.
 *
 * <p>Each 20 ms window's level in dBFS is compared with a noise floor that follows the quietest
 * recent windows; the probability rises smoothly from 0 to 1 across {@code marginDb} above the
 * floor, and never below an absolute {@code minSpeechDb}. Good on clean audio, fooled by loud
 * noise: that is why Silero is the default.
 */
public final class EnergyVad implements VoiceActivityDetector {
  private final double minSpeechDb;
  private final double marginDb;

  public EnergyVad() {
    this(-45, 12);
  }

  public EnergyVad(double minSpeechDb, double marginDb) {
    this.minSpeechDb = minSpeechDb;
    this.marginDb = marginDb;
  }

  @Override
  public String name() {
    return "energy";
  }

  @Override
  public int windowSamples() {
    return 320;
  }

  @Override
  public Stream open() {
    return new EnergyStream();
  }

  private final class EnergyStream implements Stream {
    private double floorDb = -70;

    @Override
    public float speechProbability(short[] samples, int offset) {
      double sum = 0;
      for (int i = offset; i < offset + 320; i++) {
        double s = samples[i] / 32768.0;
        sum += s * s;
      }
      double db = 10 * Math.log10(sum / 320 + 1e-12);
      // The floor falls at once to a quieter window and rises with a 4 s time constant, so a long
      // utterance barely drags it up while a steady noise is learned within seconds.
      floorDb = db < floorDb ? db : floorDb + 0.005 * (db - floorDb);
      double threshold = Math.max(minSpeechDb, floorDb + marginDb);
      double x = (db - threshold) / 2.0;
      return (float) (1 / (1 + Math.exp(-x)));
    }

    @Override
    public void reset() {
      floorDb = -70;
    }

    @Override
    public void close() {}
  }
}
