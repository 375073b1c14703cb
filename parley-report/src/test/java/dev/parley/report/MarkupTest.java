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

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkupTest {
  @Test
  void escapesTheFiveMarkupCharacters() {
    assertThat(Markup.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
  }

  @Test
  void replacesCharactersXmlForbids() {
    assertThat(Markup.escape("bell\u0007 lone\ud800 ok\n")).isEqualTo("bell\ufffd lone\ufffd ok\n");
  }

  @Test
  void keepsCharactersOutsideTheBasicPlane() {
    assertThat(Markup.escape("call 📞")).isEqualTo("call 📞");
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    assertThat(Markup.truncate("📞📞📞", 2)).isEqualTo("📞…");
    assertThat(Markup.truncate("short", 5)).isEqualTo("short");
    assertThat(Markup.truncate("short", 1)).isEmpty();
  }

  @Test
  void numbersIgnoreTheDefaultLocale() {
    assertThat(Markup.px(12.25)).isEqualTo("12.3");
    assertThat(Markup.seconds(1_234_000_000L)).isEqualTo("1.23");
  }
}
