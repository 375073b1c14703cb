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
