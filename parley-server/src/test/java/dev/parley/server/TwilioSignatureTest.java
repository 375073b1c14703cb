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
package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpURI;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {
  private static final TwilioSignature TWILIO = new TwilioSignature("12345");

  /** The worked example on Twilio's webhook security page (docs/usage/security). */
  @Test
  void twiliosDocumentedExampleVerifies() {
    String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    Map<String, String> params =
        Map.of(
            "CallSid", "CA1234567890ABCDE",
            "Caller", "+12349013030",
            "Digits", "1234",
            "From", "+12349013030",
            "To", "+18005551212");

    assertThat(TWILIO.sign(url, params)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    assertThat(TWILIO.valid("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url, params)).isTrue();
    assertThat(TWILIO.valid("0/KCTR6DLpKmkAf8muzZqo1nDgQ", url, params)).isFalse();
    assertThat(TWILIO.valid("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url, Map.of())).isFalse();
    assertThat(new TwilioSignature("54321").valid("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url, params))
        .isFalse();
  }

  /** A media stream's upgrade is a GET: the URL alone is signed (vector computed with Python). */
  @Test
  void aGetSignsTheUrlAlone() {
    assertThat(TWILIO.sign("wss://voice.example.com/twilio", Map.of()))
        .isEqualTo("/9CePW9ateVCsfEI0ovxcY95674=");
  }

  @Test
  void thePublicUrlIsSignedWithTheRequestsPathAndQueryInEitherScheme() {
    HttpURI uri = HttpURI.from("http://127.0.0.1:8080/twilio?a=1");

    assertThat(TwilioSignature.signedUrls(Optional.of("https://voice.example.com/"), null, uri))
        .containsExactly(
            "https://voice.example.com/twilio?a=1", "wss://voice.example.com/twilio?a=1");
    assertThat(TwilioSignature.signedUrls(Optional.of("wss://voice.example.com"), null, uri))
        .containsExactly(
            "wss://voice.example.com/twilio?a=1", "https://voice.example.com/twilio?a=1");
    assertThat(TwilioSignature.signedUrls(Optional.empty(), "voice.example.com", uri))
        .contains("wss://voice.example.com/twilio?a=1", "https://voice.example.com/twilio?a=1");
    assertThat(TwilioSignature.signedUrls(Optional.empty(), null, uri)).isEmpty();
  }
}
