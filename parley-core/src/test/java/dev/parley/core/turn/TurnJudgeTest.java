package dev.parley.core.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TurnJudgeTest {
  private final TurnJudge judge = new TurnJudge(List.of(), 3000);

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource({
    "'book a flight to Boston', complete",
    "'yes', complete",
    "'that is all thank you', complete",
    "'I want to go to', incomplete",
    "'from Chicago and', incomplete",
    "'next Friday um', incomplete",
    "'I would like the', incomplete",
    "'Seattle to Denver tomorrow just me', complete",
    "'a window seat for me', complete",
    "'could you find me', incomplete",
    "'let me', incomplete",
  })
  void textCuesReadTheEndOfTheTranscript(String words, String expected) {
    double p = judge.judge(words, "", Double.NaN, Double.NaN).probability();
    if (expected.equals("complete")) {
      assertThat(p).isGreaterThanOrEqualTo(0.7);
    } else {
      assertThat(p).isLessThanOrEqualTo(0.2);
    }
  }

  @Test
  void aFallingPitchRaisesAndARisingPitchLowersTheProbability() {
    double flat = judge.judge("to Boston", "", Double.NaN, Double.NaN).probability();
    double falling = judge.judge("to Boston", "", -8, Double.NaN).probability();
    double rising = judge.judge("to Boston", "", 8, Double.NaN).probability();
    assertThat(falling).isGreaterThan(flat);
    assertThat(rising).isLessThan(flat);
  }

  @Test
  void aModelOutweighsTheWords() {
    assertThat(judge.judge("book a flight to Boston", "", Double.NaN, 0.02).probability())
        .isLessThan(0.5);
  }

  @Test
  void soundWithoutWordsIsUndecided() {
    assertThat(judge.judge("", "", Double.NaN, Double.NaN).probability()).isEqualTo(0.5);
  }
}
