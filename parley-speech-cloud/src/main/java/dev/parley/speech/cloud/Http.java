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
package dev.parley.speech.cloud;

import dev.parley.core.spi.ProviderException.Kind;

/** HTTP status codes as Parley's failure kinds, the same for every provider. */
final class Http {
  private Http() {}

  static Kind kindOf(int status) {
    if (status == 401 || status == 403) {
      return Kind.FATAL; // a wrong or revoked key: no retry or other stream will fix it
    }
    if (status == 408 || status == 429) {
      return Kind.TRANSIENT;
    }
    if (status >= 400 && status < 500) {
      return Kind.REJECTED;
    }
    return Kind.UNAVAILABLE;
  }
}
