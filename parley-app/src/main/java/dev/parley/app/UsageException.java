package dev.parley.app;

/** Bad input to a command: its message is the one line the user sees, and the exit code is 2. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
