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

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One session's PocketSphinx decoder: feeds pushed audio to {@code ps_process_raw}, reports partial
 * hypotheses while the words change, and finalises an utterance with word timings on {@link
 * #flush}.
 *
 * <pre>
 *   push ─▶ 10 ms blocks ─▶ EnergyGate ─silent, no utterance─▶ pre-roll ring (300 ms, not decoded)
 *                               │
 *                               └─speech─▶ ps_start_utt at (position − pre-roll) ─▶ ps_process_raw
 *                                             │ every 200 ms of audio: ps_get_hyp ─▶ partial
 *                                             │ 2 s without speech: ps_end_utt, words kept
 *   flush ─▶ ps_end_utt ─▶ ps_seg_iter ─▶ finalResult(words so far) ─▶ next speech opens a new one
 * </pre>
 *
 * <p>The decoder only runs while an utterance is open, so the silence of a call costs an energy sum
 * per block. Word times count from the stream's first sample: each decoder utterance remembers the
 * sample at which it started and its frames (10 ms each) are added to that.
 *
 * <p>Used by one thread at a time, as the SPI requires; a lock still serialises {@link #close}
 * against a call in progress so that native memory is never freed under the decoder. Owns the
 * native decoder (about 90 MB), its configuration, its model set and an arena for the audio buffer,
 * all released by {@code close} (the session closes its stream when the call ends, on the
 * recogniser's worker), and the C heap trimmed; a cleaner is only the backstop for a stream dropped
 * without {@code close}.
 */
final class SphinxStream implements SpeechRecognizer.Stream {
  static final int SAMPLE_RATE = 16_000;
  static final int SAMPLES_PER_MILLI = SAMPLE_RATE / 1000;

  /** The gate's block: one decoder frame shift. */
  static final int BLOCK_SAMPLES = SAMPLE_RATE / 100;

  /**
   * How often, in samples of audio decoded, the running cepstral mean is published: every 20 ms
   * frame (100 ms cost the tuning half's clean speech five words).
   */
  static final int MEAN_SAMPLES = SAMPLE_RATE / 50;

  /** Audio kept before the first loud block so a soft onset ("f", "h") is decoded too. */
  static final int PRE_ROLL_SAMPLES = SAMPLE_RATE * 300 / 1000;

  /**
   * Audio collected in native memory before one {@code ps_process_raw} call: the decoder costs much
   * more per call than per sample, so it is fed in runs rather than 10 ms blocks.
   */
  static final int QUEUE_SAMPLES = PRE_ROLL_SAMPLES + SAMPLE_RATE / 2;

  /** How much audio passes between two looks at the hypothesis. */
  static final int PARTIAL_INTERVAL_SAMPLES = SAMPLE_RATE * 200 / 1000;

  /**
   * Silence after which the decoder closes its utterance on its own, in case the session does not
   * flush: the words are kept for the next flush and the silence is no longer searched.
   */
  static final int LONG_PAUSE_SAMPLES = SAMPLE_RATE * 2;

  /** Frees the decoders of streams that were dropped without {@code close}. */
  private static final Cleaner CLEANER = Cleaner.create();

  private final PocketSphinx sphinx;
  private final SpeechRecognizer.Listener listener;
  private final MemorySegment decoder;
  private final MemorySegment set;
  private final Mixture mixture;
  private final MemorySegment memberNames;
  private final MemorySegment weights;
  private @Nullable String pendingSlot;
  private final Cleaner.Cleanable release;
  private final MemorySegment pcm;
  private final MemorySegment startFrame;
  private final MemorySegment endFrame;
  private final ReentrantLock lock = new ReentrantLock();
  private final EnergyGate gate = new EnergyGate();
  private final @Nullable FrontEnd frontEnd;
  private final @Nullable CepstralMean cepstralMean;

  private final short[] preRoll = new short[PRE_ROLL_SAMPLES];
  private int preRollEnd;
  private int preRollCount;

  private boolean closed;
  private long position;
  private boolean inUtterance;
  private long utteranceStart;
  private int silentSamples;
  private int samplesSinceHypothesis;
  private int queued;

  /** Samples given to the decoder since the stream opened: where the next mean update falls. */
  private long decodedSamples;

  private final List<Word> pending = new ArrayList<>();
  private String lastPartial = "";

  /**
   * Takes ownership of an initialised decoder, its configuration, the arena they live in and one
   * reference to the model set its search uses ({@code NULL} when the search has a single model).
   */
  SphinxStream(
      PocketSphinx sphinx,
      SpeechRecognizer.Listener listener,
      Arena arena,
      MemorySegment decoder,
      MemorySegment config,
      MemorySegment set,
      Mixture mixture,
      FrontEnd.Settings frontEnd) {
    this.sphinx = sphinx;
    this.frontEnd = frontEnd.active() ? new FrontEnd(frontEnd) : null;
    this.cepstralMean =
        frontEnd.cmnPriorFrames() > 0
            ? CepstralMean.adapt(sphinx, decoder, frontEnd.cmnPriorFrames()).orElse(null)
            : null;
    // The front end's output lags its input; counting from minus the lag keeps word times on the
    // caller's timeline.
    this.position = this.frontEnd == null ? 0 : -FrontEnd.DELAY_SAMPLES;
    this.listener = listener;
    this.decoder = decoder;
    this.set = set;
    this.mixture = mixture;
    this.pcm = arena.allocate(ValueLayout.JAVA_SHORT, QUEUE_SAMPLES);
    this.startFrame = arena.allocate(ValueLayout.JAVA_INT);
    this.endFrame = arena.allocate(ValueLayout.JAVA_INT);
    List<String> members = mixture.names();
    this.memberNames = names(arena, members);
    this.weights = arena.allocate(ValueLayout.JAVA_FLOAT, members.size());
    // Last, so that a failure above leaves the caller to free what it passed in.
    this.release = CLEANER.register(this, new Release(sphinx, arena, decoder, config, set));
  }

  /** Whether the decoder's cepstral mean learns the call's channel fast ({@link CepstralMean}). */
  boolean adaptsCepstralMean() {
    return cepstralMean != null;
  }

  /** A native array of C strings, living in {@code arena}. */
  static MemorySegment names(Arena arena, List<String> names) {
    MemorySegment array = arena.allocate(ValueLayout.ADDRESS, Math.max(1, names.size()));
    for (int i = 0; i < names.size(); i++) {
      array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(names.get(i)));
    }
    return array;
  }

  /**
   * Leans the utterances that start from now on towards {@code slot}: moves the model set's weights
   * at once between utterances, or when the open one ends.
   */
  @Override
  public void expect(String slot) {
    lock.lock();
    try {
      if (closed || !mixture.mixes()) {
        return;
      }
      pendingSlot = slot;
      if (!inUtterance) {
        applySlot();
      }
    } finally {
      lock.unlock();
    }
  }

  private void applySlot() {
    String slot = pendingSlot;
    if (slot == null) {
      return;
    }
    pendingSlot = null;
    float[] values = mixture.weights(slot);
    MemorySegment.copy(values, 0, weights, ValueLayout.JAVA_FLOAT, 0, values.length);
    if (sphinx.ngramModelSetInterp(set, memberNames, weights).equals(MemorySegment.NULL)) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "PocketSphinx could not reweight its language models");
    }
  }

  @Override
  public void push(short[] samples, int offset, int length) throws InterruptedException {
    Objects.checkFromIndexSize(offset, length, samples.length);
    int end = offset + length;
    lock.lock();
    try {
      for (int block = offset; block < end; block += BLOCK_SAMPLES) {
        if (closed) {
          return;
        }
        // Cancellation lands between blocks: audio before it is decoded, the rest is dropped.
        if (Thread.interrupted()) {
          decodeQueued();
          throw new InterruptedException("speech recognition cancelled");
        }
        int size = Math.min(BLOCK_SAMPLES, end - block);
        FrontEnd cleaner = frontEnd;
        if (cleaner == null) {
          step(samples, block, size);
        } else {
          for (int at = block; at < block + size; ) {
            at += cleaner.offer(samples, at, block + size - at);
            if (cleaner.ready()) {
              step(cleaner.output(), 0, FrontEnd.HOP);
            }
          }
        }
      }
      if (!closed) {
        // Caught up when push returns, so a session on a virtual clock replays identically.
        decodeQueued();
      }
    } finally {
      lock.unlock();
    }
  }

  private void step(short[] samples, int offset, int length) {
    boolean speech = gate.isSpeech(samples, offset, length);
    if (!inUtterance) {
      if (!speech) {
        remember(samples, offset, length);
        position += length;
        return;
      }
      startUtterance(position - preRollCount);
      queuePreRoll();
    }
    queue(samples, offset, length);
    silentSamples = speech ? 0 : silentSamples + length;
    position += length;
    samplesSinceHypothesis += length;
    if (silentSamples >= LONG_PAUSE_SAMPLES) {
      pending.addAll(endUtterance());
    } else if (samplesSinceHypothesis >= PARTIAL_INTERVAL_SAMPLES) {
      samplesSinceHypothesis = 0;
      reportPartial();
    }
  }

  private void remember(short[] samples, int offset, int length) {
    for (int i = 0; i < length; i++) {
      preRoll[preRollEnd] = samples[offset + i];
      preRollEnd = (preRollEnd + 1) % PRE_ROLL_SAMPLES;
    }
    preRollCount = Math.min(PRE_ROLL_SAMPLES, preRollCount + length);
  }

  private void queuePreRoll() {
    int start = Math.floorMod(preRollEnd - preRollCount, PRE_ROLL_SAMPLES);
    int first = Math.min(preRollCount, PRE_ROLL_SAMPLES - start);
    queue(preRoll, start, first);
    queue(preRoll, 0, preRollCount - first);
    preRollCount = 0;
    preRollEnd = 0;
  }

  /** Appends audio to the native buffer, decoding what is there first when it is full. */
  private void queue(short[] samples, int offset, int length) {
    if (queued + length > QUEUE_SAMPLES) {
      decodeQueued();
    }
    MemorySegment.copy(samples, offset, pcm, ValueLayout.JAVA_SHORT, 2L * queued, length);
    queued += length;
  }

  private void decodeQueued() {
    if (queued == 0) {
      return;
    }
    int samples = queued;
    queued = 0;
    CepstralMean mean = cepstralMean;
    if (mean == null) {
      process(pcm, samples);
      return;
    }
    // The running mean is published at fixed points of the audio, never where a push happened to
    // end: the same call is then heard the same way however its audio was cut (offline and live).
    for (int at = 0; at < samples; ) {
      int n = Math.min(samples - at, (int) (MEAN_SAMPLES - decodedSamples % MEAN_SAMPLES));
      process(at == 0 ? pcm : pcm.asSlice(2L * at), n);
      at += n;
      decodedSamples += n;
      if (decodedSamples % MEAN_SAMPLES == 0) {
        mean.publish();
      }
    }
  }

  private void process(MemorySegment audio, int samples) {
    if (sphinx.psProcessRaw(decoder, audio, samples) < 0) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "PocketSphinx could not decode the audio");
    }
  }

  private void startUtterance(long firstSample) {
    // Segment frames would otherwise count every frame decoded since the first utterance, not
    // since this one's first sample.
    if (sphinx.psStartStream(decoder) < 0 || sphinx.psStartUtt(decoder) < 0) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "PocketSphinx could not start an utterance");
    }
    inUtterance = true;
    utteranceStart = firstSample;
    silentSamples = 0;
    samplesSinceHypothesis = 0;
  }

  private void reportPartial() {
    decodeQueued();
    String hypothesis = sphinx.psGetHyp(decoder);
    StringBuilder text = new StringBuilder();
    for (Word word : pending) {
      text.append(text.isEmpty() ? "" : " ").append(word.text());
    }
    if (hypothesis != null) {
      for (String token : hypothesis.split(" ")) {
        String word = SphinxRecognizer.spokenWord(token);
        if (word != null) {
          text.append(text.isEmpty() ? "" : " ").append(word);
        }
      }
    }
    String partial = text.toString();
    if (!partial.isEmpty() && !partial.equals(lastPartial)) {
      lastPartial = partial;
      listener.partial(partial);
    }
  }

  /** Ends the decoder's utterance and returns its words, timed from the stream's first sample. */
  private List<Word> endUtterance() {
    decodeQueued();
    inUtterance = false;
    silentSamples = 0;
    if (sphinx.psEndUtt(decoder) < 0) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "PocketSphinx could not end the utterance");
    }
    List<Word> words = new ArrayList<>();
    long originMillis = utteranceStart / SAMPLES_PER_MILLI;
    MemorySegment segment = sphinx.psSegIter(decoder);
    while (!segment.equals(MemorySegment.NULL)) {
      String token = sphinx.psSegWord(segment);
      String word = token == null ? null : SphinxRecognizer.spokenWord(token);
      if (word != null) {
        sphinx.psSegFrames(segment, startFrame, endFrame);
        long startMillis =
            Math.max(0, originMillis + 10L * startFrame.get(ValueLayout.JAVA_INT, 0));
        long endMillis = originMillis + 10L * (endFrame.get(ValueLayout.JAVA_INT, 0) + 1);
        words.add(new Word(word, startMillis, Math.max(startMillis, endMillis)));
      }
      segment = sphinx.psSegNext(segment);
    }
    // Only now: reading the segments rescores the utterance's lattice with the language models as
    // they are (-bestpath), so new weights before it would change words already heard, and how
    // depending on whether the agent's question came before or after the caller stopped talking.
    applySlot();
    return words;
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
      if (inUtterance) {
        pending.addAll(endUtterance());
      }
      List<Word> words = List.copyOf(pending);
      pending.clear();
      lastPartial = "";
      listener.finalResult(words);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      release.clean();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Frees a stream's native memory, once: from {@link #close}, or from the cleaner if the stream
   * became unreachable while open. Holds no reference to the stream.
   */
  private record Release(
      PocketSphinx sphinx,
      Arena arena,
      MemorySegment decoder,
      MemorySegment config,
      MemorySegment set)
      implements Runnable {
    @Override
    public void run() {
      sphinx.psFree(decoder);
      if (!set.equals(MemorySegment.NULL)) {
        sphinx.ngramModelFree(set); // the search's reference went with the decoder
      }
      sphinx.cmdLnFree(config);
      arena.close();
      // Some 90 MB in small blocks went back to the C heap; hand it to the system now, or the
      // call's decoder stays in the process's resident memory after the call.
      sphinx.trimHeap();
    }
  }
}
