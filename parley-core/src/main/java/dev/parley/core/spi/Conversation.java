package dev.parley.core.spi;

import dev.parley.core.prosody.UserAffect;
import java.util.List;

/**
 * The conversation an agent replies to, oldest turn first. Agent turns record what the user
 * actually heard, so an agent that was cut off knows what it did not get to say.
 */
public record Conversation(List<Turn> turns) {
  public Conversation {
    turns = List.copyOf(turns);
  }

  /** The text of the last user turn, or empty if the user has not spoken. */
  public String lastUserText() {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.get(i) instanceof Turn.User user) {
        return user.text();
      }
    }
    return "";
  }

  /** One turn of the conversation. */
  public sealed interface Turn {
    /**
     * What the user said in one turn, and how: pitch, loudness, rate and hesitation against the
     * speaker's usual, with a coarse label (calm, hesitant, agitated, upset).
     */
    record User(String text, UserAffect affect) implements Turn {
      /** A turn whose delivery is unknown (typed, or from a transcript). */
      public User(String text) {
        this(text, UserAffect.silent(0));
      }
    }

    /**
     * What the agent said in one turn.
     *
     * @param text the whole reply the agent produced
     * @param heardText the part the user heard before the reply ended or was interrupted
     * @param interrupted whether the user cut the reply off
     */
    record Agent(String text, String heardText, boolean interrupted) implements Turn {}
  }
}
