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

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code parley loadtest}: one line naming the problem, exit code 2. */
class LoadtestCommandTest {
  @TempDir Path tmp;

  private record Run(int exitCode, String out, String err) {}

  private static Run parley(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aServerThatIsNotRunningIsNamed() throws IOException {
    int port = freePort();
    Run run =
        parley(
            "loadtest",
            "--port",
            String.valueOf(port),
            "--metrics-port",
            String.valueOf(port),
            "--sessions",
            "2",
            "--seconds",
            "1",
            "--audio",
            "../samples/booking.wav");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("parley: cannot reach parley serve at http://127.0.0.1:" + port + "/metrics");
  }

  @Test
  void outOfRangeOptionsAreNamed() {
    Run sessions =
        parley(
            "loadtest",
            "--port",
            "9",
            "--sessions",
            "0",
            "--seconds",
            "1",
            "--audio",
            "../samples/booking.wav");
    Run transport =
        parley(
            "loadtest",
            "--port",
            "9",
            "--sessions",
            "1",
            "--seconds",
            "1",
            "--transport",
            "sip",
            "--audio",
            "../samples/booking.wav");

    assertThat(sessions.exitCode()).isEqualTo(2);
    assertThat(sessions.err()).contains("--sessions must be 1 to 2000, not 0");
    assertThat(transport.exitCode()).isEqualTo(2);
    assertThat(transport.err()).contains("unknown transport 'sip': use ws or twilio");
  }

  @Test
  void aMissingRecordingOrOutDirectoryIsNamed() throws IOException {
    int port = freePort();
    Run audio =
        parley(
            "loadtest",
            "--port",
            String.valueOf(port),
            "--sessions",
            "1",
            "--seconds",
            "1",
            "--audio",
            tmp.resolve("nope.wav").toString());
    Run out =
        parley(
            "loadtest",
            "--port",
            String.valueOf(port),
            "--sessions",
            "1",
            "--seconds",
            "1",
            "--audio",
            "../samples/booking.wav",
            "--out",
            tmp.resolve("no/such/dir/report.json").toString());

    assertThat(audio.exitCode()).isEqualTo(2);
    assertThat(audio.err()).contains("no such file: " + tmp.resolve("nope.wav"));
    assertThat(out.exitCode()).isEqualTo(2);
    assertThat(out.err()).contains("cannot write --out").contains("no such directory");
  }
}
