package io.iotpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.model.InvalidReadingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingBatchTest {

  private static List<String> split(String body) {
    return ReadingBatch.split(body.getBytes(StandardCharsets.UTF_8)).stream()
        .map(GatewayFixtures::text)
        .toList();
  }

  @Test
  void oneReadingIsOneItemEvenPrettyPrinted() {
    assertThat(split("{\"a\":1}")).containsExactly("{\"a\":1}");
    assertThat(split("{\n  \"a\": 1,\n  \"b\": {\"c\": 2}\n}\n"))
        .containsExactly("{\n  \"a\": 1,\n  \"b\": {\"c\": 2}\n}\n");
  }

  @Test
  void anArrayGivesEachElementAsSent() {
    assertThat(split(" [ {\"a\":1}, {\"b\": [2, 3]} ,7,\"x\"]\n"))
        .containsExactly("{\"a\":1}", "{\"b\": [2, 3]}", "7", "\"x\"");
    assertThat(split("[]")).isEmpty();
  }

  @Test
  void ndjsonGivesOneItemPerNonBlankLineAndABadLineStaysOneItem() {
    assertThat(split("{\"a\":1}\r\n\n{\"b\":2}\nnot json\n"))
        .containsExactly("{\"a\":1}", "{\"b\":2}", "not json");
  }

  @Test
  void aMalformedArrayIsRefusedWhole() {
    assertThatThrownBy(() -> split("[{\"a\":1}, {\"b\":"))
        .isInstanceOf(InvalidReadingException.class)
        .hasMessageStartingWith("malformed JSON array");
    assertThatThrownBy(() -> split("[1] [2]"))
        .isInstanceOf(InvalidReadingException.class)
        .hasMessage("trailing data after the JSON array");
  }

  @Test
  void anEmptyBodyHasNoItems() {
    assertThat(split("  \n ")).isEmpty();
  }
}
