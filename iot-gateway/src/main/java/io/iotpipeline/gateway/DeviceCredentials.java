package io.iotpipeline.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Device secrets and their stored form. A secret is 32 random bytes (base64url, 43 characters),
 * shown once when the device is added; the {@code devices} table keeps only a salted PBKDF2
 * (HMAC-SHA256) hash of it, {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}.
 *
 * <p>Why only 10,000 iterations: a secret of 256 random bits cannot be guessed from its hash
 * whatever the iteration count (that count protects human passwords, which these are not), while
 * each check costs CPU on the gateway; the gateway also remembers a verified secret for the
 * auth-cache period, so 1,000 devices reconnecting do not cost 1,000 hashings each time.
 */
public final class DeviceCredentials {

  static final String SCHEME = "pbkdf2-sha256";
  static final int ITERATIONS = 10_000;
  private static final int SECRET_BYTES = 32;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final SecureRandom random;

  public DeviceCredentials(SecureRandom random) {
    this.random = random;
  }

  /** A new secret, to be shown to the user once and never stored. */
  public String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a secret, with a fresh salt. */
  public String hash(String secret) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return SCHEME
        + "$"
        + ITERATIONS
        + "$"
        + Base64.getEncoder().encodeToString(salt)
        + "$"
        + Base64.getEncoder().encodeToString(pbkdf2(secret, salt, ITERATIONS));
  }

  /**
   * True if {@code secret} is the one {@code stored} was made from; false for any malformed input.
   */
  public static boolean matches(String secret, String stored) {
    if (secret == null || stored == null) {
      return false;
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, pbkdf2(secret, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A fast digest of a presented secret, for remembering that it was verified (never stored). */
  static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 missing from the JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
