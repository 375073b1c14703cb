package dev.parley.core.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OracleRecognizerTest {
  private final List<String> partials = new ArrayList<>();
  private final List<List<Word>> finals = new ArrayList<>();
  private final SpeechRecognizer.Stream stream =
      new OracleRecognizer(List.of(new Word("fly", 100, 300), new Word("east", 400, 600)), 100)
          .open(
              SpeechRecognizer.Options.defaults(),
              new SpeechRecognizer.Listener() {
                @Override
                public void partial(String text) {
                  partials.add(text);
                }

                @Override
                public void finalResult(List<Word> words) {
                  finals.add(words);
                }
              });

  private void pushMillis(long millis) throws InterruptedException {
    short[] frame = new short[320];
    for (long t = 0; t < millis; t += 20) {
      stream.push(frame, 0, 320);
    }
  }

  @Test
  void aWordIsKnownItsDelayAfterItEnds() throws InterruptedException {
    pushMillis(380);
    assertThat(partials).isEmpty();
    pushMillis(20);
    assertThat(partials).containsExactly("fly");
  }

  @Test
  void flushReportsEveryWordThatHasStarted() throws InterruptedException {
    pushMillis(420);
    stream.flush();
    assertThat(finals).hasSize(1);
    assertThat(finals.getFirst()).extracting(Word::text).containsExactly("fly", "east");
    stream.flush();
    assertThat(finals.get(1)).isEmpty();
  }
}
