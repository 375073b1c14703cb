package dev.parley.core.report;

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
