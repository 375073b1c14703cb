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
package dev.parley.core.audio;

import java.io.IOException;
import java.io.Serial;

/**
 * Thrown when bytes are not a WAV file Parley can read; the message is one line naming the problem,
 * fit to show a user.
 *
 * <p>It is a checked {@link IOException}, like {@link java.util.zip.ZipException} and Jackson's
 * parse errors: every WAV source is already I/O, so one {@code catch (IOException e)} reports a
 * missing file and a malformed one alike, and the compiler reminds callers of {@link
 * WavReader#read(byte[])} that bytes from a network peer may be malformed.
 */
public final class WavFormatException extends IOException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates an exception with a one-line message naming the problem. */
  public WavFormatException(String message) {
    super(message);
  }
}
