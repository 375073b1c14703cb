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
