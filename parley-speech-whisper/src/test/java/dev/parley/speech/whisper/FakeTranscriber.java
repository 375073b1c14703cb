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
package dev.parley.speech.whisper;

import java.util.ArrayList;
import java.util.List;

/** Answers every transcription with scripted segments and records what it was given. */
final class FakeTranscriber implements Transcriber {
  final List<Integer> lengths = new ArrayList<>();
  final List<Float> firstSamples = new ArrayList<>();
  List<Segment> answer = List.of();
  int closes;

  @Override
  public List<Segment> transcribe(float[] audio, int length) {
    lengths.add(length);
    firstSamples.add(audio[0]);
    return answer;
  }

  @Override
  public void close() {
    closes++;
  }
}
