package dev.parley.agent.langchain4j;

import dev.parley.core.prosody.UserAffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The short note on how the caller sounded that goes to the model with a user turn, in words a
 * model reads reliably ("the caller sounds upset: pitch high, loud, speaking fast"). The wording is
 * the one the OpenAI-compatible adapter uses, so prompts carry over between adapters. Stateless.
 */
final class AffectNote {
  private AffectNote() {}

  /** The note for {@code affect}, or empty when there is too little speech or nothing unusual. */
  static Optional<String> of(UserAffect affect) {
    if (affect.voicedMillis() < UserAffect.MIN_LABEL_VOICED_MILLIS) {
      return Optional.empty();
    }
    boolean baseline = affect.hasBaseline();
    List<String> cues = new ArrayList<>();
    if (affect.raisedPitch()) {
      cues.add("pitch high");
    } else if (baseline && affect.pitchSemitones() <= -UserAffect.RAISED_PITCH_SEMITONES) {
      cues.add("pitch low");
    }
    if (affect.loud()) {
      cues.add("loud");
    } else if (baseline && affect.loudnessRelativeDb() <= -UserAffect.LOUD_DB) {
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
    String joined = String.join(", ", cues);
    String body =
        !telling
            ? joined
            : "the caller sounds "
                + label.name().toLowerCase(Locale.ROOT)
                + (cues.isEmpty() ? "" : ": " + joined);
    return Optional.of(
        "Voice note (how the caller sounded, not their words): "
            + body
            + String.format(Locale.ROOT, " (confidence %.1f).", affect.confidence()));
  }
}
