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
package dev.parley.report;

import java.util.Locale;

/** Escaping, truncation and number formatting shared by the report's HTML and SVG. Stateless. */
final class Markup {
  private Markup() {}

  /**
   * Text made safe for HTML and XML, in element content and in quoted attributes alike: the five
   * markup characters become references, and control characters and lone surrogates (which XML
   * forbids and UTF-8 cannot encode) become replacement characters.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n', '\t' -> out.append((char) c);
                default -> {
                  boolean forbidden =
                      c < 0x20
                          || (c >= 0x7f && c < 0xa0)
                          || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)
                          || c == 0xfffe
                          || c == 0xffff;
                  out.appendCodePoint(forbidden ? 0xfffd : c);
                }
              }
            });
    return out.toString();
  }

  /** Whitespace runs (line breaks included) folded to single spaces, for one-line labels. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /**
   * The text cut to at most {@code maxChars} code points, ending in an ellipsis when cut; empty
   * when not even one character and the ellipsis fit. Never splits a surrogate pair.
   */
  static String truncate(String text, int maxChars) {
    int length = text.codePointCount(0, text.length());
    if (length <= maxChars) {
      return text;
    }
    if (maxChars < 2) {
      return "";
    }
    return text.substring(0, text.offsetByCodePoints(0, maxChars - 1)) + "…";
  }

  /** A coordinate with one decimal, independent of the default locale. */
  static String px(double value) {
    return String.format(Locale.ROOT, "%.1f", value == 0 ? 0.0 : value);
  }

  /** Nanoseconds as seconds with two decimals, as the table shows them. */
  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }

  /** Nanoseconds rounded to whole milliseconds, the way {@link TurnLatency} rounds. */
  static long millis(long nanos) {
    return Math.round(nanos / 1e6);
  }
}
