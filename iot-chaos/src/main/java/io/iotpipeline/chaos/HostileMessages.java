package io.iotpipeline.chaos;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile messages for the readings topic, every one of which a correct ingester must dead-letter:
 * random bytes, invalid UTF-8, empty and null values, 1 MB values, deeply nested JSON, NaN and
 * Infinity, numbers too large for their field, wrong types, duplicate keys, floods of extra fields,
 * truncated and trailing JSON. Message {@code n} is a pure function of the seed and {@code n}.
 */
public final class HostileMessages {

  /** One message: which kind of hostility, and the record's key and value (either may be null). */
  public record Message(String kind, byte[] key, byte[] value) {}

  /** The kinds, in the order they take turns. */
  public static final List<String> KINDS =
      List.of(
          "random-bytes",
          "invalid-utf8",
          "empty",
          "deep-nesting",
          "nan-infinity",
          "huge-numbers",
          "wrong-types",
          "duplicate-keys",
          "extra-fields",
          "truncated",
          "not-an-object",
          "one-megabyte");

  /** Under the broker's default 1 MiB record limit, over the ingester's 64 KiB one. */
  static final int ONE_MEGABYTE = 1_000_000;

  /** The 1 MB kind is sent this rarely: ten thousand of them would be ten gigabytes. */
  private static final int ONE_MEGABYTE_EVERY = 2_000;

  private final long seed;

  public HostileMessages(long seed) {
    this.seed = seed;
  }

  public Message message(long n) {
    SplittableRandom random = new SplittableRandom(seed * 31 + n);
    String kind =
        n % ONE_MEGABYTE_EVERY == ONE_MEGABYTE_EVERY - 1
            ? "one-megabyte"
            : KINDS.get((int) (n % (KINDS.size() - 1)));
    byte[] key =
        switch (random.nextInt(3)) {
          case 0 -> null;
          case 1 -> Integer.toString(random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
          default -> randomBytes(random, 1 + random.nextInt(32));
        };
    return new Message(kind, key, value(kind, random));
  }

  private static byte[] value(String kind, SplittableRandom random) {
    String valid = "\"sensor_id\":" + random.nextInt(1000) + ",\"timestamp\":1732780000.123";
    return switch (kind) {
      case "random-bytes" -> randomBytes(random, 1 + random.nextInt(512));
      case "invalid-utf8" ->
          concat(
              utf8("{" + valid + ",\"temperature\":21.5,\"humidity\":40," + "\"site\":\"a"),
              pick(
                  random,
                  new byte[][] {
                    {(byte) 0xC3, 0x28},
                    {(byte) 0xFF},
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xF8, (byte) 0x88, (byte) 0x80}
                  }),
              utf8("\"}"));
      case "empty" -> random.nextBoolean() ? new byte[0] : null;
      case "deep-nesting" -> {
        int depth = 2_000 + random.nextInt(8_000);
        yield utf8(
            random.nextBoolean()
                ? "[".repeat(depth) + "]".repeat(depth)
                : "{"
                    + valid
                    + ",\"temperature\":1,\"humidity\":2,\"nested\":"
                    + "{\"a\":".repeat(depth)
                    + "1"
                    + "}".repeat(depth)
                    + "}");
      }
      case "nan-infinity" ->
          utf8(
              "{"
                  + valid
                  + ",\"temperature\":"
                  + pick(random, new String[] {"NaN", "Infinity", "-Infinity", "\"NaN\"", "1e999"})
                  + ",\"humidity\":40}");
      case "huge-numbers" ->
          utf8(
              pick(
                  random,
                  new String[] {
                    "{\"sensor_id\":99999999999999999999999,\"timestamp\":1,\"temperature\":1,\"humidity\":2}",
                    "{\"sensor_id\":1e30,\"timestamp\":1,\"temperature\":1,\"humidity\":2}",
                    "{" + valid + ",\"temperature\":1e308,\"humidity\":2}",
                    "{\"sensor_id\":1,\"timestamp\":1e300,\"temperature\":1,\"humidity\":2}",
                    "{"
                        + valid
                        + ",\"temperature\":1,\"humidity\":2,\"seq\":123456789012345678901234567890}"
                  }));
      case "wrong-types" ->
          utf8(
              pick(
                  random,
                  new String[] {
                    "{\"sensor_id\":\"abc\",\"timestamp\":1,\"temperature\":1,\"humidity\":2}",
                    "{" + valid + ",\"temperature\":true,\"humidity\":2}",
                    "{" + valid + ",\"temperature\":1,\"humidity\":[]}",
                    "{\"sensor_id\":1,\"timestamp\":{},\"temperature\":1,\"humidity\":2}",
                    "{\"sensor_id\":null,\"timestamp\":1,\"temperature\":1,\"humidity\":2}",
                    "{" + valid + ",\"temperature\":1,\"humidity\":2,\"site\":42}"
                  }));
      case "duplicate-keys" ->
          utf8(
              "{"
                  + valid
                  + ",\"temperature\":21.5,\"humidity\":40,"
                  + pick(
                      random,
                      new String[] {"\"sensor_id\":7", "\"temperature\":99", "\"timestamp\":1"})
                  + "}");
      case "extra-fields" -> {
        StringBuilder json =
            new StringBuilder("{" + valid + ",\"temperature\":21.5,\"humidity\":40");
        int extra = 100 + random.nextInt(400);
        for (int i = 0; i < extra; i++) {
          json.append(",\"x").append(i).append("\":").append(random.nextInt());
        }
        yield utf8(json.append('}').toString());
      }
      case "truncated" -> {
        String whole = "{" + valid + ",\"temperature\":21.5,\"humidity\":40}";
        yield random.nextBoolean()
            ? utf8(whole.substring(0, 1 + random.nextInt(whole.length() - 1)))
            : utf8(whole + pick(random, new String[] {" {}", "x", ",", "]"}));
      }
      case "not-an-object" ->
          utf8(
              pick(
                  random,
                  new String[] {"42", "null", "\"reading\"", "[1,2,3]", "true", " ", "\u0000"}));
      case "one-megabyte" -> {
        StringBuilder json = new StringBuilder(ONE_MEGABYTE);
        json.append("{").append(valid).append(",\"temperature\":21.5,\"humidity\":40,\"pad\":\"");
        while (json.length() < ONE_MEGABYTE - 2) {
          json.append((char) ('a' + random.nextInt(26)));
        }
        yield utf8(json.append("\"}").toString());
      }
      default -> throw new IllegalStateException(kind);
    };
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static <T> T pick(SplittableRandom random, T[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] whole = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, whole, at, part.length);
      at += part.length;
    }
    return whole;
  }
}
