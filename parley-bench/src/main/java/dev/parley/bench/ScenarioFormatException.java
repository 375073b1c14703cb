package dev.parley.bench;

/**
 * A scenario file that cannot be read as one: names the file, the line and the problem, as {@code
 * pause_handling.scn:14: unknown step 'paws'}.
 */
public final class ScenarioFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String problem;

  public ScenarioFormatException(String file, int line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  /** The file's name as the user gave it. */
  public String file() {
    return file;
  }

  /** The 1-based line of the problem. */
  public int line() {
    return line;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }
}
