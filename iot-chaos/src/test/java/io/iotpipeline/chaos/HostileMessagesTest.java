package io.iotpipeline.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.model.InvalidReadingException;
import io.iotpipeline.model.ReadingCodec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostileMessagesTest {

  private final ReadingCodec codec = new ReadingCodec();

  @Test
  void theIngestersCodecRefusesEveryOneWithAReason() {
    HostileMessages messages = new HostileMessages(42);
    Map<String, Integer> kinds = new HashMap<>();
    for (long n = 0; n < 10_000; n++) {
      HostileMessages.Message message = messages.message(n);
      kinds.merge(message.kind(), 1, Integer::sum);
      assertThatThrownBy(() -> codec.decode(message.value()))
          .as("message %d (%s)", n, message.kind())
          .isInstanceOf(InvalidReadingException.class)
          .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }
    assertThat(kinds.keySet()).containsExactlyInAnyOrderElementsOf(HostileMessages.KINDS);
    assertThat(kinds.get("one-megabyte")).isEqualTo(5);
  }

  @Test
  void theOneMegabyteKindIsOneMegabyteAndFitsABrokersDefaultLimit() {
    HostileMessages.Message big = new HostileMessages(1).message(1_999);
    assertThat(big.kind()).isEqualTo("one-megabyte");
    assertThat(big.value().length).isBetween(HostileMessages.ONE_MEGABYTE - 2, 1_048_000);
  }

  @Test
  void aMessageIsAPureFunctionOfSeedAndNumber() {
    assertThat(new HostileMessages(3).message(17).value())
        .isEqualTo(new HostileMessages(3).message(17).value());
  }
}
