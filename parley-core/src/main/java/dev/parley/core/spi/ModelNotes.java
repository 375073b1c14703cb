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
package dev.parley.core.spi;

import dev.parley.core.prosody.UserAffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The notes a language-model adapter puts beside the conversation, in words a model reads reliably:
 * how the caller sounded ("the caller sounds upset: pitch high, loud, speaking fast"), that they
 * cut the agent off, and that a tool call was undone. One wording for every adapter, so a prompt
 * tuned against one carries over to the others. Stateless.
 */
public final class ModelNotes {
  /** After an agent turn the caller cut off before hearing any of it. */
  public static final String INTERRUPTED_EARLY =
      "The caller interrupted before hearing any of your reply.";

  /** After an agent turn the caller cut off: only its heard words stand in the conversation. */
  public static final String INTERRUPTED =
      "The caller interrupted you: they heard only the words above, not the rest of your reply.";

  private ModelNotes() {}

  /** The note after agent turn {@code agent}, or empty if the caller heard it out. */
  public static Optional<String> interruption(Conversation.Turn.Agent agent) {
    if (!agent.interrupted()) {
      return Optional.empty();
    }
    return Optional.of(agent.heardText().isBlank() ? INTERRUPTED_EARLY : INTERRUPTED);
  }

  /**
   * The note for a tool call's compensation record: the call was undone, and what the undo said.
   */
  public static String undone(Conversation.Turn.Tool compensation) {
    return "Tool call "
        + compensation.id()
        + " ("
        + compensation.name()
        + ") was undone since; the undo returned: "
        + compensation.resultJson();
  }

  /**
   * The note on how the caller sounded in a turn with {@code affect}, or empty when there is
   * nothing worth saying: too little speech to judge, or a voice that sounded as usual.
   */
  public static Optional<String> affect(UserAffect affect) {
    if (affect.voicedMillis() < UserAffect.MIN_LABEL_VOICED_MILLIS) {
      return Optional.empty();
    }
    List<String> cues = new ArrayList<>();
    if (affect.raisedPitch()) {
      cues.add("pitch high");
    } else if (affect.hasBaseline()
        && affect.pitchSemitones() <= -UserAffect.RAISED_PITCH_SEMITONES) {
      cues.add("pitch low");
    }
    if (affect.loud()) {
      cues.add("loud");
    } else if (affect.hasBaseline() && affect.loudnessRelativeDb() <= -UserAffect.LOUD_DB) {
      cues.add("quiet");
    }
    if (affect.wideRange()) {
      cues.add("lively intonation");
    }
    if (affect.fast()) {
      cues.add("speaking fast");
    } else if (affect.slow()) {
      cues.add("speaking slowly");
    }
    if (affect.hesitationRatio() > UserAffect.HESITANT_RATIO
        || affect.pauseCount() >= UserAffect.HESITANT_PAUSES) {
      cues.add("pausing a lot");
    }
    UserAffect.Label label = affect.label();
    boolean telling = label != UserAffect.Label.NEUTRAL && label != UserAffect.Label.CALM;
    if (!telling && cues.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder note =
        new StringBuilder("Voice note (how the caller sounded, not their words): ");
    if (telling) {
      note.append("the caller sounds ").append(label.name().toLowerCase(Locale.ROOT));
      if (!cues.isEmpty()) {
        note.append(": ");
      }
    }
    note.append(String.join(", ", cues));
    note.append(String.format(Locale.ROOT, " (confidence %.1f).", affect.confidence()));
    return Optional.of(note.toString());
  }
}
