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

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * One session's Whisper stream: buffers the pushed audio of an utterance and transcribes it on
 * {@link #flush}, reporting its words with times counted from the stream's first sample.
 *
 * <pre>
 *   push ─▶ buffer (16 kHz PCM16) ── no speech yet: keep only the last 300 ms
 *              │ 30 s buffered: transcribe now, keep the words for the next flush
 *   flush ─▶ trim silence ─▶ pad to 1 s ─▶ Transcriber ─▶ segments ─▶ words ─▶ finalResult
 * </pre>
 *
 * <p>Whisper reads a whole window of audio at once, so there are no partial results: re-running it
 * every second on the growing buffer would cost a full encoder pass over a 30 s window each time,
 * however little audio is new (whisper.cpp pads every window to 30 s). Whisper gives times per
 * segment, not per word (whisper-jni does not expose whisper.cpp's token timestamps), so a
 * segment's time is shared among its words in proportion to their length: start and end of a
 * segment are Whisper's, the boundaries inside it are estimates.
 *
 * <p>A buffer of nothing but quiet (no 10 ms block above {@value #SPEECH_RMS} RMS) is not
 * transcribed: Whisper tends to invent text ("Thank you.") for silence, and it saves a decode. Used
 * by one thread at a time; a lock still serialises {@link #close} against a decode in progress so
 * the native state is never freed under it.
 */
final class WhisperStream implements SpeechRecognizer.Stream {
  static final int SAMPLE_RATE = 16_000;
  static final int SAMPLES_PER_MILLI = SAMPLE_RATE / 1000;

  /** Whisper's window: an utterance this long is transcribed without waiting for flush. */
  static final int MAX_UTTERANCE_SAMPLES = 30 * SAMPLE_RATE;

  /** Audio kept before the first speech so a soft onset is heard. */
  static final int PRE_ROLL_SAMPLES = 300 * SAMPLES_PER_MILLI;

  /** Whisper returns nothing for less than 100 ms of audio; pad short utterances well past that. */
  static final int MIN_DECODE_SAMPLES = SAMPLE_RATE;

  /** RMS of a 10 ms block (of 32768) above which it counts as sound: about -50 dBFS. */
  static final int SPEECH_RMS = 100;

  private static final int BLOCK = 10 * SAMPLES_PER_MILLI;

  /** Whisper's annotations of non-speech: [BLANK_AUDIO], [Music], (laughs), *coughs*. */
  private static final Pattern NON_SPEECH = Pattern.compile("\\[[^]]*]|\\([^)]*\\)|\\*[^*]*\\*");

  private final Transcriber transcriber;
  private final SpeechRecognizer.Listener listener;
  private final Runnable onClose;
  private final ReentrantLock lock = new ReentrantLock();

  private short[] buffer = new short[SAMPLE_RATE * 4];
  private int buffered;
  private long bufferStart;
  private boolean heardSound;
  private final List<Word> pending = new ArrayList<>();
  private float[] floats = new float[0];
  private boolean closed;

  WhisperStream(Transcriber transcriber, SpeechRecognizer.Listener listener, Runnable onClose) {
    this.transcriber = transcriber;
    this.listener = listener;
    this.onClose = onClose;
  }

  @Override
  public void push(short[] samples, int offset, int length) throws InterruptedException {
    Objects.checkFromIndexSize(offset, length, samples.length);
    if (Thread.interrupted()) {
      throw new InterruptedException("speech recognition cancelled");
    }
    lock.lock();
    try {
      int at = offset;
      int end = offset + length;
      while (at < end && !closed) {
        int n = Math.min(end - at, MAX_UTTERANCE_SAMPLES - buffered);
        append(samples, at, n);
        at += n;
        if (buffered == MAX_UTTERANCE_SAMPLES) {
          // Whisper reads 30 s at a time: transcribe the window now rather than grow without end.
          pending.addAll(transcribeBuffer());
          restartBuffer();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void append(short[] samples, int offset, int length) {
    if (buffered + length > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.min(MAX_UTTERANCE_SAMPLES, 2 * (buffered + length)));
    }
    System.arraycopy(samples, offset, buffer, buffered, length);
    int from = buffered;
    buffered += length;
    if (!heardSound) {
      heardSound = firstSound(buffer, from, buffered) >= 0;
      if (!heardSound && buffered > PRE_ROLL_SAMPLES + SAMPLE_RATE) {
        // Nothing but quiet so far: keep only the pre-roll, so the buffer holds the utterance.
        int drop = buffered - PRE_ROLL_SAMPLES;
        System.arraycopy(buffer, drop, buffer, 0, PRE_ROLL_SAMPLES);
        buffered = PRE_ROLL_SAMPLES;
        bufferStart += drop;
      }
    }
  }

  @Override
  public void flush() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("speech recognition cancelled");
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      pending.addAll(transcribeBuffer());
      restartBuffer();
      List<Word> words = List.copyOf(pending);
      pending.clear();
      listener.finalResult(words);
    } finally {
      lock.unlock();
    }
  }

  private void restartBuffer() {
    bufferStart += buffered;
    buffered = 0;
    heardSound = false;
  }

  /** Transcribes the buffer, less its leading quiet, and returns its words in stream time. */
  private List<Word> transcribeBuffer() {
    if (!heardSound) {
      return List.of();
    }
    int first = Math.max(0, firstSound(buffer, 0, buffered) - PRE_ROLL_SAMPLES);
    int length = buffered - first;
    int decoded = Math.max(length, MIN_DECODE_SAMPLES);
    if (floats.length < decoded) {
      floats = new float[decoded];
    }
    for (int i = 0; i < length; i++) {
      floats[i] = buffer[first + i] / 32768f;
    }
    Arrays.fill(floats, length, decoded, 0f);
    long originMillis = (bufferStart + first) / SAMPLES_PER_MILLI;
    long lastMillis = originMillis + (long) length / SAMPLES_PER_MILLI;
    List<Word> words = new ArrayList<>();
    for (Transcriber.Segment segment : transcriber.transcribe(floats, decoded)) {
      addWords(words, segment, originMillis, lastMillis);
    }
    return words;
  }

  /**
   * Splits a segment into words and shares its time among them by length; times past the real audio
   * (Whisper may time text into the padding) are pulled back to its end.
   */
  static void addWords(
      List<Word> words, Transcriber.Segment segment, long originMillis, long lastMillis) {
    String text = NON_SPEECH.matcher(segment.text()).replaceAll(" ").strip();
    if (text.isEmpty()) {
      return;
    }
    String[] tokens = text.split("\\s+");
    long start = Math.min(originMillis + Math.max(0, segment.startMillis()), lastMillis);
    long end = Math.min(originMillis + Math.max(0, segment.endMillis()), lastMillis);
    end = Math.max(start, end);
    int letters = 0;
    for (String token : tokens) {
      letters += token.length();
    }
    long span = end - start;
    int before = 0;
    for (String token : tokens) {
      long wordStart = start + span * before / letters;
      before += token.length();
      long wordEnd = start + span * before / letters;
      words.add(new Word(token, wordStart, wordEnd));
    }
  }

  /** The index of the first block at or after {@code from} that is louder than quiet, or -1. */
  static int firstSound(short[] samples, int from, int to) {
    long threshold = (long) SPEECH_RMS * SPEECH_RMS * BLOCK;
    for (int block = from; block < to; block += BLOCK) {
      int end = Math.min(to, block + BLOCK);
      long energy = 0;
      for (int i = block; i < end; i++) {
        energy += (long) samples[i] * samples[i];
      }
      if (energy * BLOCK >= threshold * (end - block)) {
        return block;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      buffer = new short[0];
      transcriber.close();
    } finally {
      lock.unlock();
    }
    onClose.run();
  }
}
