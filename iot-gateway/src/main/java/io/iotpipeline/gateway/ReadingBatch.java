package io.iotpipeline.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.iotpipeline.model.InvalidReadingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an HTTP body into the messages it holds, each kept as the client's bytes: one JSON
 * reading, a JSON array of readings, or NDJSON (one reading per line). Each message is then decoded
 * on its own, so one bad item does not spoil the others. Pure and thread-safe.
 */
final class ReadingBatch {
  private ReadingBatch() {}

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * @throws InvalidReadingException when the body is not any of the three shapes at all (a
   *     malformed array: which items it held cannot be known)
   */
  static List<byte[]> split(byte[] body) {
    int first = firstNonBlank(body, 0);
    if (first < 0) {
      return List.of();
    }
    if (body[first] == '[') {
      return arrayItems(body);
    }
    List<byte[]> lines = lines(body);
    return lines.size() == 1 || looksLikeOneObject(body) ? List.of(body) : lines;
  }

  private static List<byte[]> arrayItems(byte[] body) {
    List<byte[]> items = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(body)) {
      parser.nextToken(); // the START_ARRAY
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          throw new InvalidReadingException("malformed JSON array: unexpected end of input");
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        parser.finishToken(); // a string's end is known only once it is read
        int end = (int) parser.currentLocation().getByteOffset();
        items.add(Arrays.copyOfRange(body, start, end));
      }
      if (parser.nextToken() != null) {
        throw new InvalidReadingException("trailing data after the JSON array");
      }
    } catch (IOException e) {
      throw new InvalidReadingException("malformed JSON array: " + firstLine(e.getMessage()));
    }
    return items;
  }

  /** A pretty-printed single object spans lines too: it is one value whose end is the body's. */
  private static boolean looksLikeOneObject(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<byte[]> lines(byte[] body) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i;
        if (end > start && body[end - 1] == '\r') {
          end--;
        }
        if (firstNonBlank(Arrays.copyOfRange(body, start, end), 0) >= 0) {
          lines.add(Arrays.copyOfRange(body, start, end));
        }
        start = i + 1;
      }
    }
    return lines;
  }

  private static int firstNonBlank(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return i;
      }
    }
    return -1;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
