package dev.parley.agent.openai;

import dev.parley.core.prosody.UserAffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The short note on how the caller sounded that goes to the model beside a user turn, in words a
 * model reads reliably ("the caller sounds upset: pitch high, loud, speaking fast"). Stateless.
 */
final class AffectNote {
  private AffectNote() {}

  /**
   * The note for {@code affect}, or empty when there is nothing worth saying: too little speech to
   * judge, or a voice that sounded as usual.
   */
  static Optional<String> of(UserAffect affect) {
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
