package dev.parley.server;

import dev.parley.core.clock.WallClock;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring session tokens for the browser endpoint: {@code v1.EXPIRES.NONCE.MAC}, where
 * {@code EXPIRES} is in epoch seconds and {@code MAC} is the base64url HMAC-SHA256 of {@code
 * v1.EXPIRES.NONCE} under the server's secret. Minted by {@code POST /token} or {@code parley
 * token}; any server holding the same secret accepts them until they expire. Thread-safe.
 */
public final class Tokens {
  /** The longest a token may live. */
  public static final Duration MAX_TTL = Duration.ofDays(1);

  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] secret;
  private final WallClock clock;

  public Tokens(String secret, WallClock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** A token that expires {@code ttl} from now. */
  public String mint(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("a token lives between 1 s and 1 day, not " + ttl);
    }
    long expires = clock.epochMillis() / 1000 + ttl.toSeconds();
    byte[] nonce = new byte[9];
    RANDOM.nextBytes(nonce);
    String body = "v1." + expires + "." + HexFormat.of().formatHex(nonce);
    return body + "." + mac(body);
  }

  /** Why {@code token} is not valid now, or the empty string if it is. */
  public String problem(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("v1")) {
      return "malformed token";
    }
    String body = parts[0] + "." + parts[1] + "." + parts[2];
    byte[] expected = mac(body).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
      return "bad token signature";
    }
    long expires;
    try {
      expires = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return "malformed token";
    }
    if (clock.epochMillis() / 1000 >= expires) {
      return "token expired";
    }
    return "";
  }

  private String mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
