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

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The process's one logging backend, Logback, in text ({@code logback.xml}) or JSON Lines ({@code
 * logback-json.xml}) on standard error. Libraries log through SLF4J; {@code System.Logger} users
 * reach it through {@code slf4j-jdk-platform-logging} and {@code java.util.logging} users through
 * the bridge installed here.
 */
final class Logging {
  private Logging() {}

  /** The formats {@link #configure} accepts. */
  static final String FORMATS = "text, json";

  /**
   * Switches the log format: {@code text} or {@code json}.
   *
   * @throws UsageException for another format
   */
  static void configure(String format) throws UsageException {
    String f = format.strip().toLowerCase(Locale.ROOT);
    String resource =
        switch (f) {
          case "text", "" -> "logback.xml";
          case "json" -> "logback-json.xml";
          default ->
              throw new UsageException(
                  "unknown log format '" + format + "' (known: " + FORMATS + ")");
        };
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    if (System.getProperty("logback.configurationFile") != null) {
      return; // the operator's own configuration wins
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another backend was put on the class path: leave it be
    }
    URL config = Logging.class.getClassLoader().getResource(resource);
    if (config == null) {
      throw new IllegalStateException(resource + " is missing from the application");
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging from " + resource, e);
    }
  }
}
