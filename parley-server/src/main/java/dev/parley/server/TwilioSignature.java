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

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): the base64 HMAC-SHA1, keyed with the
 * account's auth token, of the full URL Twilio requested followed by each POST parameter's name and
 * value, sorted by name. A media stream's WebSocket upgrade is a GET, so it signs the URL alone.
 * Thread-safe.
 */
public final class TwilioSignature {
  /** The header Twilio signs its requests with. */
  public static final String HEADER = "X-Twilio-Signature";

  private final SecretKeySpec key;

  public TwilioSignature(String authToken) {
    this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
  }

  /** The signature of a request to {@code url} with these POST parameters (none for a GET). */
  public String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    for (Map.Entry<String, String> p : new TreeMap<>(params).entrySet()) {
      data.append(p.getKey()).append(p.getValue());
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
    }
  }

  /** Whether {@code signature} signs a request to {@code url}; compared in constant time. */
  public boolean valid(String signature, String url, Map<String, String> params) {
    return MessageDigest.isEqual(
        sign(url, params).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Why a WebSocket upgrade is not Twilio's, or the empty string: its signature must sign the URL
   * Twilio connected to, {@code publicUrl} with the request's path and query (without a public URL,
   * the request's own host). Twilio connects over {@code wss}, which a proxy in front may present
   * as {@code https}, so either scheme of the same URL is accepted.
   */
  String problem(Request request, Optional<String> publicUrl) {
    String signature = request.getHeaders().get(HEADER);
    if (signature == null || signature.isEmpty()) {
      return HEADER + " is required";
    }
    HttpURI uri = request.getHttpURI();
    for (String url : signedUrls(publicUrl, request.getHeaders().get("Host"), uri)) {
      if (valid(signature, url, Map.of())) {
        return "";
      }
    }
    return "bad " + HEADER;
  }

  /** The URLs Twilio may have signed for this request. */
  static List<String> signedUrls(Optional<String> publicUrl, @Nullable String host, HttpURI uri) {
    String rest = uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
    List<String> urls = new ArrayList<>();
    if (publicUrl.isPresent()) {
      String base = publicUrl.get().strip();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      urls.add(base + rest);
      String lower = base.toLowerCase(Locale.ROOT);
      for (String[] pair : new String[][] {{"https://", "wss://"}, {"http://", "ws://"}}) {
        if (lower.startsWith(pair[0])) {
          urls.add(pair[1] + base.substring(pair[0].length()) + rest);
        } else if (lower.startsWith(pair[1])) {
          urls.add(pair[0] + base.substring(pair[1].length()) + rest);
        }
      }
    } else if (host != null && !host.isEmpty()) {
      for (String scheme : new String[] {"wss://", "https://", "ws://", "http://"}) {
        urls.add(scheme + host + rest);
      }
    }
    return urls;
  }
}
