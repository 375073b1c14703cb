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

import dev.parley.core.event.SessionEvent;
import dev.parley.server.MediaStreamCallTest.Events;
import dev.parley.server.MediaStreamClient.Provider;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Many provider connections sending garbage at once: not JSON, truncated JSON, random events, bad
 * and oversized base64, marks the server never sent, a flood over the rate, a message over the size
 * limit. The server must count the errors, close only the connections the protocol says to close,
 * and afterwards serve a clean call with no call left behind.
 */
class MediaStreamAbuseTest {
  private static final Set<Integer> ALLOWED_CLOSES =
      Set.of(
          CloseCodes.NORMAL,
          CloseCodes.PROTOCOL,
          CloseCodes.UNSUPPORTED,
          CloseCodes.TOO_BIG,
          CloseCodes.RATE,
          -1);

  @Test
  void garbageFromManyConnectionsIsCountedAndACleanCallStillWorks() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().build())) {
      List<String> before = serverPlatformThreads();
      List<Integer> closes = new CopyOnWriteArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> abusers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        abusers.add(
            Thread.ofVirtual()
                .name("abuser-" + n)
                .start(
                    () -> {
                      try {
                        closes.add(abuse(server, n));
                      } catch (Throwable e) {
                        failures.add(e);
                      }
                    }));
      }
      for (Thread t : abusers) {
        assertThat(t.join(Duration.ofSeconds(30))).isTrue();
      }
      assertThat(failures).isEmpty();
      assertThat(closes).hasSize(16).allMatch(ALLOWED_CLOSES::contains);
      assertThat(closes).contains(CloseCodes.PROTOCOL, CloseCodes.RATE, CloseCodes.TOO_BIG);
      assertThat(server.host().awaitIdle(Duration.ofSeconds(10))).isTrue();
      double errors =
          MediaStreamCallTest.protocolErrors(server, "twilio")
              + MediaStreamCallTest.protocolErrors(server, "telnyx");
      assertThat(errors).isGreaterThanOrEqualTo(16 * 5);

      // The server is unharmed: a clean call is heard and answered.
      try (MediaStreamClient phone = MediaStreamClient.connect(server, Provider.TWILIO)) {
        Events events = Events.of(server);
        phone.begin();
        phone.speak(Fixtures.CALLER);
        assertThat(events.await(SessionEvent.UserTurnEnded.class, e -> true, 10).text())
            .contains("book a flight to Boston");
        MediaStreamCallTest.eventually(
            "the agent's audio", () -> phone.mediaBytes.get() > 8_000, Duration.ofSeconds(10));
        assertThat(callThreads()).as("the probe sees a live call's threads").isPositive();
        phone.stop();
        assertThat(phone.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
      }
      assertThat(server.host().awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(server.host().active()).isZero();
      MediaStreamCallTest.eventually(
          "every call's threads to end", () -> callThreads() == 0, Duration.ofSeconds(10));
      // No platform thread was left behind by a call (pools that grow under a burst and reap
      // their idle threads later are left out: see serverPlatformThreads).
      List<String> after = serverPlatformThreads();
      assertThat(after).as("before %s", before).isSubsetOf(before);
    }
  }

  /** One abusive connection; returns its close code. */
  private static int abuse(ParleyServer server, int n) throws Exception {
    Provider provider = n % 2 == 0 ? Provider.TWILIO : Provider.TELNYX;
    Random random = new Random(n);
    try (MediaStreamClient phone = MediaStreamClient.connect(server, provider)) {
      String id = provider.streamIdField;
      List<String> garbage =
          new ArrayList<>(
              List.of(
                  "not json at all",
                  "{\"event\":\"media\",\"media\":{\"payload\":\"",
                  "[1,2,3]",
                  "42",
                  "{}",
                  "{\"event\":7}",
                  "{\"event\":\"" + randomWord(random) + "\"}",
                  "{\"event\":\"" + randomWord(random) + "\",\"" + id + "\":\"x\"}"));
      if (n % 4 == 3) {
        // No start: garbage, then media, which the protocol answers with a close.
        for (String g : garbage) {
          phone.send(g);
        }
        phone.media(new byte[160]);
        return phone.awaitClose(5);
      }
      phone.begin();
      garbage.addAll(
          List.of(
              media(provider, "!!!not base64!!!"),
              media(provider, ""),
              media(provider, Base64.getEncoder().encodeToString(new byte[2_000])),
              media(provider, Base64.getEncoder().encodeToString(new byte[30_000])),
              mark(provider, "abc"),
              mark(provider, "99999:1"),
              mark(provider, "1:-5"),
              "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"x\"}}",
              "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"55\"}}",
              "{\"event\":\"start\",\"" + id + "\":\"again\"}"));
      java.util.Collections.shuffle(garbage, random);
      for (String g : garbage) {
        phone.send(g);
      }
      phone.sendBinary(new byte[] {1, 2, 3});
      phone.media(new byte[160]); // still a call
      switch (n % 4) {
        case 0 -> {
          try {
            for (int i = 0; i < 400; i++) { // twice the rate a second allows
              phone.send("{\"event\":\"" + randomWord(random) + "\"}");
            }
          } catch (RuntimeException closedUnderUs) {
            // the server closed the flood: what it should do
          }
        }
        case 1 -> phone.send("{\"event\":\"media\",\"pad\":\"" + "A".repeat(70_000) + "\"}");
        default -> phone.stop();
      }
      try {
        return phone.awaitClose(10);
      } catch (java.util.concurrent.TimeoutException e) {
        return -2;
      }
    }
  }

  private static String media(Provider provider, String payload) {
    return "{\"event\":\"media\",\"media\":{\"track\":\"inbound\",\"payload\":\""
        + payload
        + "\"}}";
  }

  private static String mark(Provider provider, String name) {
    return "{\"event\":\"mark\",\""
        + provider.streamIdField
        + "\":\"s\",\"mark\":{\"name\":\""
        + name
        + "\"}}";
  }

  private static String randomWord(Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 1 + random.nextInt(12); i++) {
      out.append((char) ('a' + random.nextInt(26)));
    }
    return out.toString();
  }

  /**
   * Live platform threads but the pools that grow under a burst by design and reap idle threads
   * later: the JDK's (virtual-thread carriers and unblocker, the common pool, the test client's
   * HTTP client) and Jetty's ({@code parley-http-*}, its scheduler).
   */
  private static List<String> serverPlatformThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(
            n ->
                !n.startsWith("ForkJoinPool")
                    && !n.startsWith("HttpClient")
                    && !n.startsWith("VirtualThread-")
                    && !n.startsWith("parley-http-")
                    && !n.startsWith("Scheduler-"))
        .sorted()
        .toList();
  }

  /**
   * Live threads, virtual ones included, that belong to a call ({@code call-…}), from a JSON thread
   * dump (HotSpot's diagnostic bean, reached reflectively as FrameAllocationTest does).
   */
  private static int callThreads() {
    try {
      Class<? extends PlatformManagedObject> type =
          Class.forName("com.sun.management.HotSpotDiagnosticMXBean")
              .asSubclass(PlatformManagedObject.class);
      @SuppressWarnings({"unchecked", "rawtypes"})
      Object format =
          Enum.valueOf(
              (Class) Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat"),
              "JSON");
      Object bean = ManagementFactory.getPlatformMXBean(type);
      Path dump = Files.createTempFile("parley-threads-", ".json");
      Files.delete(dump);
      type.getMethod("dumpThreads", String.class, format.getClass())
          .invoke(bean, dump.toString(), format);
      String json = Files.readString(dump);
      Files.delete(dump);
      return (int)
          java.util.regex.Pattern.compile("\"name\":\\s*\"call-").matcher(json).results().count();
    } catch (ReflectiveOperationException | java.io.IOException e) {
      throw new AssertionError("cannot dump the threads", e);
    }
  }
}
