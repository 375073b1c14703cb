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
