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
package dev.parley.agent.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * What a LangChain4j failure means for the call: the {@link Kind} of a model's exception, from
 * LangChain4j's own exception types (which its model modules map HTTP statuses to) or, failing
 * those, the HTTP status or I/O failure underneath. Stateless.
 */
final class Failures {
  private Failures() {}

  /** The failure to report for {@code error}, naming the model. */
  static ProviderException of(String model, Throwable error) {
    Throwable t = unwrap(error);
    if (t instanceof ProviderException p) {
      return p;
    }
    Kind kind = kind(t);
    String hint =
        switch (t) {
          case AuthenticationException e -> " (check the API key)";
          case ModelNotFoundException e -> " (check the model name and base URL)";
          case RateLimitException e -> " (rate limited)";
          default -> "";
        };
    return new ProviderException(kind, model + " failed: " + describe(t) + hint, t);
  }

  /** Whether another try may succeed. */
  static boolean retryable(Kind kind) {
    return kind == Kind.TRANSIENT || kind == Kind.UNAVAILABLE;
  }

  static Kind kind(Throwable t) {
    return switch (t) {
      case AuthenticationException e -> Kind.FATAL;
      case ContentFilteredException e -> Kind.REJECTED;
      case InvalidRequestException e -> Kind.REJECTED;
      case UnsupportedFeatureException e -> Kind.REJECTED;
      case ModelNotFoundException e -> Kind.UNAVAILABLE;
      case UnresolvedModelServerException e -> Kind.UNAVAILABLE;
      case InternalServerException e -> Kind.UNAVAILABLE;
      case RateLimitException e -> Kind.TRANSIENT;
      case TimeoutException e -> Kind.TRANSIENT;
      case HttpException e -> status(e.statusCode());
      case RetriableException e -> ioKind(e.getCause(), Kind.TRANSIENT);
      case NonRetriableException e -> Kind.REJECTED;
      default -> ioKind(t, Kind.FATAL);
    };
  }

  /** The kind of an HTTP error status, as the OpenAI-compatible adapter reads them. */
  static Kind status(int status) {
    return switch (status) {
      case 408, 409, 429 -> Kind.TRANSIENT;
      case 401, 403 -> Kind.FATAL;
      case 404 -> Kind.UNAVAILABLE;
      default -> status >= 500 ? Kind.UNAVAILABLE : Kind.REJECTED;
    };
  }

  /** The kind of an I/O failure somewhere in {@code t}'s causes, else {@code otherwise}. */
  private static Kind ioKind(@Nullable Throwable t, Kind otherwise) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException) {
        return Kind.UNAVAILABLE;
      }
      if (c instanceof HttpTimeoutException || c instanceof IOException) {
        return Kind.TRANSIENT;
      }
    }
    return otherwise;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable u = t;
    while ((u instanceof CompletionException || u instanceof ExecutionException)
        && u.getCause() != null) {
      u = u.getCause();
    }
    return u;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    String what = m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    return what.length() > 300 ? what.substring(0, 300) + "…" : what;
  }
}
