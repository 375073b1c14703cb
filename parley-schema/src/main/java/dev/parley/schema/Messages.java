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
package dev.parley.schema;

import com.networknt.schema.Error;

/**
 * The library's errors in Parley's words: each names the argument by its path ({@code
 * $.passengers}), as the built-in subset does, so the model hears which argument to fix.
 */
final class Messages {
  private Messages() {}

  static String of(Error e) {
    String at = String.valueOf(e.getInstanceLocation());
    String property = e.getProperty();
    if (property != null) {
      switch (e.getKeyword()) {
        case "required" -> {
          return at + "." + property + " is required";
        }
        case "additionalProperties", "unevaluatedProperties" -> {
          return at + "." + property + " is not a known argument";
        }
        default -> {}
      }
    }
    String message = String.valueOf(e.getMessage()).strip();
    if (message.startsWith(at + ": ")) {
      message = message.substring(at.length() + 2);
    } else if (message.startsWith(at + " ")) {
      message = message.substring(at.length() + 1);
    }
    return at + ": " + message;
  }
}
