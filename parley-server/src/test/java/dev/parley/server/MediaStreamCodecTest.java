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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.audio.G711;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The media-stream messages both ways, for both providers, with no socket. */
class MediaStreamCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MediaStreamCodec twilio = new MediaStreamCodec(MediaStreamDialect.TWILIO);
  private final MediaStreamCodec telnyx = new MediaStreamCodec(MediaStreamDialect.TELNYX);

  @Test
  void aTwilioStartNamesTheStreamAndTheCall() throws Exception {
    MediaStreamCodec.Message m =
        twilio.decode(
            "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ1\",\"callSid\":\"CA1\","
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,"
                + "\"channels\":1},\"customParameters\":{\"from\":\"+15550100\"}}}");
    assertThat(m).isInstanceOf(MediaStreamCodec.Start.class);
    MediaStreamCodec.Start start = (MediaStreamCodec.Start) m;
    assertThat(start.streamId()).isEqualTo("MZ1");
    assertThat(start.call().from()).isEqualTo("+15550100");
  }

  @Test
  void mediaRoundTripsThroughTheEncoderAtHalfTheRate() throws Exception {
    MediaStreamCodec.Encoder encoder = twilio.encoder("MZ\"1");
    short[] frame = new short[320];
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (short) (4000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
    }
    String first = encoder.media(0, frame, 320);
    String second = java.util.Objects.requireNonNull(encoder.media(20_000_000L, frame, 320));
    JsonNode sent = JSON.readTree(second);
    assertThat(sent.path("streamSid").asText()).isEqualTo("MZ\"1"); // escaped on the way out
    MediaStreamCodec.Message back = twilio.decode(second);
    assertThat(back).isInstanceOf(MediaStreamCodec.Media.class);
    byte[] muLaw = ((MediaStreamCodec.Media) back).muLaw();
    assertThat(muLaw).hasSizeBetween(150, 170);
    short[] decoded = new short[muLaw.length];
    G711.decodeMuLaw(muLaw, 0, muLaw.length, decoded, 0);
    double peak = 0;
    for (short s : decoded) {
      peak = Math.max(peak, Math.abs(s));
    }
    assertThat(peak).isBetween(3000.0, 4500.0);
    assertThat(first == null || twilio.decode(first) instanceof MediaStreamCodec.Media).isTrue();
  }

  @Test
  void marksRoundTripWithTheirSequenceAndEnd() throws Exception {
    MediaStreamCodec.Encoder encoder = telnyx.encoder("s");
    String mark = encoder.mark(7, 140_000_000L);
    assertThat(JSON.readTree(mark).has("stream_id")).as("telnyx frames name no stream").isFalse();
    assertThat(telnyx.decode(mark)).isEqualTo(new MediaStreamCodec.Mark(7, 140_000_000L));
    assertThat(JSON.readTree(encoder.clear()).path("event").asText()).isEqualTo("clear");
  }

  @Test
  void aFrameAfterAGapOrAClearStartsANewRun() {
    MediaStreamCodec.Encoder encoder = twilio.encoder("s");
    short[] frame = new short[320];
    encoder.media(0, frame, 320);
    assertThat(encoder.endNanos()).isEqualTo(20_000_000L);
    encoder.clear();
    assertThat(encoder.endNanos()).isEqualTo(-1);
  }

  @Test
  void keysAreUpperCasedAndStopAndConnectedDecode() throws Exception {
    assertThat(twilio.decode("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"a\"}}"))
        .isEqualTo(new MediaStreamCodec.Dtmf('A'));
    assertThat(twilio.decode("{\"event\":\"stop\"}")).isInstanceOf(MediaStreamCodec.Stop.class);
    assertThat(twilio.decode("{\"event\":\"connected\"}"))
        .isInstanceOf(MediaStreamCodec.Connected.class);
    assertThat(twilio.decode("{\"event\":\"media\",\"media\":{\"track\":\"outbound\"}}"))
        .isInstanceOf(MediaStreamCodec.OtherTrack.class);
    assertThat(telnyx.decode("{\"event\":\"error\"}"))
        .isInstanceOf(MediaStreamCodec.ProviderError.class);
  }

  @Test
  void malformedMessagesAreRefusedWithTheirProblemNamed() {
    assertRefused("not json", "bad_json", "not JSON", false);
    assertRefused("[1,2]", "bad_message", "\"event\"", false);
    assertRefused("{\"event\":\"hello\"}", "unknown_event", "unknown event \"hello\"", false);
    assertRefused("{\"event\":\"error\"}", "unknown_event", "twilio", false);
    assertRefused("{\"event\":\"media\",\"media\":{}}", "bad_media", "without a payload", false);
    assertRefused(
        "{\"event\":\"media\",\"media\":{\"payload\":\"!!!\"}}", "bad_media", "not base64", false);
    String huge = Base64.getEncoder().encodeToString(new byte[4000]);
    assertRefused(
        "{\"event\":\"media\",\"media\":{\"payload\":\"" + huge + "\"}}",
        "bad_media",
        "over the limit",
        false);
    assertRefused("{\"event\":\"mark\",\"mark\":{\"name\":\"x\"}}", "bad_mark", "SEQ:END", false);
    assertRefused("{\"event\":\"mark\",\"mark\":{\"name\":\"1:x\"}}", "bad_mark", "\"1:x\"", false);
    assertRefused("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"55\"}}", "bad_dtmf", "55", false);
    assertRefused("{\"event\":\"start\",\"start\":{}}", "bad_start", "stream id", true);
    assertRefused(
        "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ\","
            + "\"mediaFormat\":{\"encoding\":\"audio/l16\",\"sampleRate\":16000}}}",
        "unsupported_format",
        "mu-law 8 kHz",
        true);
  }

  private void assertRefused(String message, String code, String problem, boolean fatal) {
    assertThatThrownBy(() -> twilio.decode(message))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.fatal()).isEqualTo(fatal);
            })
        .hasMessageContaining(problem);
  }
}
