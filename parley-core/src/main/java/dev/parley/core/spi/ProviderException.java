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
package dev.parley.core.spi;

import org.jspecify.annotations.Nullable;

/**
 * A failure of a speech, turn or agent provider, with a {@link Kind} that tells the session what to
 * do about it.
 *
 * <p>Retries belong inside the adapter that knows its service; a provider throws only once it has
 * given up. The session then reports the failure as a session event and carries on with the call.
 */
public final class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What a failure means for the call. */
  public enum Kind {
    /** Worth trying again later (network blip, rate limit). */
    TRANSIENT,
    /** The service or model is not there (not installed, unreachable, out of capacity). */
    UNAVAILABLE,
    /** The input or request was refused (bad audio, content policy, bad arguments). */
    REJECTED,
    /** A bug or corrupted state: the stream cannot continue. */
    FATAL
  }

  private final Kind kind;

  public ProviderException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ProviderException(Kind kind, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The kind of {@code e} if it is a provider's failure; anything else is a bug, so fatal. */
  public static Kind kindOf(Throwable e) {
    return e instanceof ProviderException p ? p.kind() : Kind.FATAL;
  }
}
