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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.session.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeSettingsTest {
  @TempDir Path dir;

  @Test
  void withNoFileAndNoEnvironmentTheSessionIsParleysDefaults() throws Exception {
    ServeSettings s = ServeSettings.load(Optional.empty(), Map.of());
    SessionConfig d = SessionConfig.defaults();
    // Every setting survives the round trip through the tree (rules compare by their patterns).
    assertThat(s.session().toString()).isEqualTo(d.toString());
    assertThat(s.number("server.port")).isEqualTo(8080);
    assertThat(s.text("speech.stt")).contains("sphinx");
  }

  @Test
  void aYamlFileChangesPacingPromptsAndNestedRulesAndKeepsTheRest() throws Exception {
    Path file = dir.resolve("parley.yaml");
    Files.writeString(
        file,
        """
        server:
          port: 9090
          allowedOrigins: [https://example.com]
        session:
          pacingMillis: 700
          apology: "Sorry, our system is slow today."
          idle:
            prompt: "Hello? Are you there?"
          bargeIn:
            backchannels: [mhm, right]
        """);
    ServeSettings s = ServeSettings.load(Optional.of(file), Map.of());
    assertThat(s.session().pacingMillis()).isEqualTo(700);
    assertThat(s.session().apology()).isEqualTo("Sorry, our system is slow today.");
    assertThat(s.session().idle().prompt()).isEqualTo("Hello? Are you there?");
    assertThat(s.session().idle().idleMillis())
        .isEqualTo(SessionConfig.defaults().idle().idleMillis());
    assertThat(s.session().bargeIn().backchannels()).containsExactly("mhm", "right");
    assertThat(s.number("server.port")).isEqualTo(9090);
    assertThat(s.list("server.allowedOrigins")).containsExactly("https://example.com");
  }

  @Test
  void aPropertiesFileSaysTheSameWithDottedKeys() throws Exception {
    Path file = dir.resolve("parley.properties");
    Files.writeString(
        file,
        """
        session.pacingMillis=650
        session.endpointing.hardFallbackMillis=2500
        session.masking.fillers[0]=One moment, please.
        session.masking.fillers[1]=Let me see.
        speech.tts=placeholder
        """);
    ServeSettings s = ServeSettings.load(Optional.of(file), Map.of());
    assertThat(s.session().pacingMillis()).isEqualTo(650);
    assertThat(s.session().endpointing().hardFallbackMillis()).isEqualTo(2500);
    assertThat(s.session().masking().fillers())
        .containsExactly("One moment, please.", "Let me see.");
    assertThat(s.text("speech.tts")).contains("placeholder");
  }

  @Test
  void theEnvironmentOverridesTheFileAndSecretsComeFromFiles() throws Exception {
    Path file = dir.resolve("parley.yaml");
    Files.writeString(file, "session:\n  pacingMillis: 700\n");
    Path secret = dir.resolve("token");
    Files.writeString(secret, "s3cret-s3cret-s3cret\n");
    ServeSettings s =
        ServeSettings.load(
            Optional.of(file),
            Map.of(
                "PARLEY_SESSION_PACING_MILLIS", "300",
                "PARLEY_SESSION_BARGE_IN_MIN_WORDS", "3",
                "PARLEY_SESSION_BACKCHANNELS_PHRASES", "Mhm., Okay.",
                "PARLEY_SERVER_TOKEN_SECRET_FILE", secret.toString()));
    assertThat(s.session().pacingMillis()).isEqualTo(300);
    assertThat(s.session().bargeIn().minWords()).isEqualTo(3);
    assertThat(s.session().backchannels().phrases()).containsExactly("Mhm.", "Okay.");
    assertThat(s.text("server.tokenSecret")).contains("s3cret-s3cret-s3cret");
  }

  @Test
  void theKubernetesConfigMapIsAValidSettingsFile() throws Exception {
    Path manifest = Path.of("..", "deploy", "k8s", "configmap.yaml");
    var yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    String settings = yaml.readTree(manifest.toFile()).path("data").path("parley.yaml").asText();
    Path file = dir.resolve("parley.yaml");
    Files.writeString(file, settings);
    ServeSettings s = ServeSettings.load(Optional.of(file), Map.of("PARLEY_AGENT_NAME", "echo"));
    assertThat(s.text("server.bind")).contains("0.0.0.0");
    assertThat(s.text("logging.format")).contains("json");
    assertThat(s.text("agent.name")).contains("echo");
  }

  @Test
  void envNamesAreTheKeysInUpperSnakeCase() {
    assertThat(ServeSettings.envName("session.endpointing.minWaitMillis"))
        .isEqualTo("PARLEY_SESSION_ENDPOINTING_MIN_WAIT_MILLIS");
    assertThat(ServeSettings.envName("server.port")).isEqualTo("PARLEY_SERVER_PORT");
  }

  @Test
  void unknownKeysAndBadValuesFailNamingTheKey() throws Exception {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "session:\n  pacingMilis: 700\n");
    assertThatThrownBy(() -> ServeSettings.load(Optional.of(typo), Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("session.pacingMilis");
    Path server = dir.resolve("server.yaml");
    Files.writeString(server, "server:\n  prot: 1\n");
    assertThatThrownBy(() -> ServeSettings.load(Optional.of(server), Map.of()))
        .hasMessageContaining("server.prot");
    Path range = dir.resolve("range.yaml");
    Files.writeString(range, "session:\n  pacingMillis: 99999\n");
    assertThatThrownBy(() -> ServeSettings.load(Optional.of(range), Map.of()))
        .hasMessageContaining("pacingMillis")
        .hasMessageContaining("0..5000");
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> ServeSettings.load(Optional.of(missing), Map.of()))
        .hasMessageContaining("no such file");
    Path text = dir.resolve("parley.txt");
    Files.writeString(text, "x");
    assertThatThrownBy(() -> ServeSettings.load(Optional.of(text), Map.of()))
        .hasMessageContaining(".yaml");
  }
}
