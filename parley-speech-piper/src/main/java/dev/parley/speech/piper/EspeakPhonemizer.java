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
package dev.parley.speech.piper;

import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Phonemises with the {@code espeak-ng} program, run as a separate process for each sentence:
 * eSpeak NG is GPL-3, so it is never linked into the JVM, only executed.
 *
 * <pre>
 *   "Hello, world."  ─▶ clauses "Hello" + ","  and  "world" + "."
 *   espeak-ng -q --ipa -b 1 -v en-us   (stdin: one clause per line)
 *   stdout: "həlˈoʊ\nwˈɜːld\n"  ─▶ "həlˈoʊ, wˈɜːld."
 * </pre>
 *
 * <p>Piper's phonemiser asks the eSpeak library for each clause's terminator and puts the
 * punctuation back ({@code ,} {@code ;} {@code :} followed by a space, {@code . ? !} at the end);
 * the command line gives no terminators, but it does print one line per clause, and a line of input
 * is always a clause of its own. So the sentence is cut into clauses at those marks here, each
 * clause goes on its own line, and each output line gets its clause's mark back. espeak-ng also
 * breaks a clause by itself now and then (after an abbreviation such as "Dr."): when the line
 * counts differ, the lines are joined with spaces and only the sentence's final mark is kept, which
 * loses a comma pause but never a word.
 *
 * <p>Text goes in on standard input, so nothing in it can be taken for an option. A process costs
 * about 15 ms to start on the development machine. Thread-safe: each call has its own process.
 */
final class EspeakPhonemizer implements Phonemizer {
  /** The command that installs espeak-ng, as told in errors. */
  static final String INSTALL = "bash parley-speech-piper/setup.sh (apt-get install espeak-ng)";

  private static final long TIMEOUT_SECONDS = 10;

  private final String program;
  private final String voice;

  /**
   * @param program the espeak-ng executable, usually {@code "espeak-ng"} (found on the PATH)
   * @param voice the espeak-ng voice from the Piper config, such as {@code en-us}
   */
  EspeakPhonemizer(String program, String voice) {
    this.program = program;
    this.voice = voice;
  }

  /**
   * Checks that the program runs and has the voice, so a missing install is reported when the
   * synthesiser loads rather than at the first reply.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} naming the fix
   */
  void check() {
    try {
      phonemes("a");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE, "interrupted while checking espeak-ng", e);
    }
  }

  /** A clause of a sentence and the punctuation that ends it ({@code ""} if none). */
  record Clause(String text, String mark) {}

  @Override
  public String phonemes(String sentence) throws InterruptedException {
    List<Clause> clauses = clauses(sentence);
    if (clauses.isEmpty()) {
      return "";
    }
    StringBuilder input = new StringBuilder();
    for (Clause clause : clauses) {
      input.append(clause.text()).append('\n');
    }
    List<String> lines = run(input.toString());
    return join(clauses, lines);
  }

  /** Puts each clause's mark back after its line, as Piper does, or joins when counts differ. */
  static String join(List<Clause> clauses, List<String> lines) {
    StringBuilder out = new StringBuilder();
    if (lines.size() == clauses.size()) {
      for (int i = 0; i < lines.size(); i++) {
        String mark = clauses.get(i).mark();
        if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
          out.append(' ');
        }
        out.append(lines.get(i)).append(mark);
        if (mark.equals(",") || mark.equals(";") || mark.equals(":")) {
          out.append(' ');
        }
      }
    } else {
      for (String line : lines) {
        if (!line.isEmpty()) {
          out.append(out.isEmpty() ? "" : " ").append(line);
        }
      }
      out.append(clauses.get(clauses.size() - 1).mark());
    }
    return out.toString().strip();
  }

  /**
   * Cuts a sentence into clauses at {@code , ; : . ? !} followed by a space or the end (so "3.5"
   * and "1,000" stay whole); a clause with nothing but punctuation is dropped.
   */
  static List<Clause> clauses(String sentence) {
    List<Clause> clauses = new ArrayList<>();
    String text = sentence.replace('\n', ' ').replace('\r', ' ');
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean mark = isMark(c);
      boolean atBoundary = i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1));
      if (mark && atBoundary) {
        // A run of marks ("?!", "...") counts as its first.
        int first = i;
        while (first > start && isMark(text.charAt(first - 1))) {
          first--;
        }
        add(clauses, text.substring(start, first), String.valueOf(text.charAt(first)));
        start = i + 1;
      }
    }
    add(clauses, text.substring(start), "");
    return clauses;
  }

  private static boolean isMark(char c) {
    return c == ',' || c == ';' || c == ':' || c == '.' || c == '?' || c == '!';
  }

  private static void add(List<Clause> clauses, String text, String mark) {
    String stripped = text.strip();
    while (!stripped.isEmpty() && isMark(stripped.charAt(stripped.length() - 1))) {
      stripped = stripped.substring(0, stripped.length() - 1).strip();
    }
    if (stripped.codePoints().anyMatch(Character::isLetterOrDigit)) {
      clauses.add(new Clause(stripped, mark));
    } else if (!clauses.isEmpty() && !mark.isEmpty()) {
      Clause last = clauses.remove(clauses.size() - 1);
      clauses.add(new Clause(last.text(), last.mark().isEmpty() ? mark : last.mark()));
    }
  }

  private List<String> run(String input) throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(program, "-q", "--ipa", "-b", "1", "-v", voice);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Piper needs the espeak-ng program to phonemise, and it could not be run ("
              + e.getMessage()
              + "). Install it: "
              + INSTALL,
          e);
    }
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
      // Sentences are short, so the output fits the pipe and waiting first cannot deadlock.
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new ProviderException(
            ProviderException.Kind.TRANSIENT,
            "espeak-ng took more than " + TIMEOUT_SECONDS + " s to phonemise a sentence");
      }
      String out = read(process.getInputStream());
      if (process.exitValue() != 0) {
        String error = read(process.getErrorStream()).strip();
        boolean noVoice = error.toLowerCase(Locale.ROOT).contains("voice");
        throw new ProviderException(
            noVoice ? ProviderException.Kind.UNAVAILABLE : ProviderException.Kind.FATAL,
            "espeak-ng failed for voice "
                + voice
                + " (exit "
                + process.exitValue()
                + "): "
                + error
                + (noVoice ? ". The voice config's espeak.voice must be an espeak-ng voice." : ""));
      }
      List<String> lines = new ArrayList<>();
      for (String line : out.split("\n")) {
        lines.add(line.strip());
      }
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      return lines;
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "talking to espeak-ng failed: " + e.getMessage(), e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static String read(InputStream stream) throws IOException {
    return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
  }
}
