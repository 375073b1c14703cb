package dev.parley.core.spi;

import java.util.List;

/** {@link SpeechRecognizer#none()}: hears no words, and tells the session not to feed it audio. */
final class NoRecognizer implements SpeechRecognizer {
  static final NoRecognizer INSTANCE = new NoRecognizer();

  private NoRecognizer() {}

  @Override
  public String name() {
    return "none";
  }

  @Override
  public boolean hearsAudio() {
    return false;
  }

  @Override
  public Stream open(Options options, Listener listener) {
    return new Stream() {
      @Override
      public void push(short[] samples, int offset, int length) {}

      @Override
      public void flush() {
        listener.finalResult(List.of());
      }

      @Override
      public void close() {}
    };
  }
}
