package io.iotpipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.model.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

  @TempDir Path directory;

  @Test
  void defaultsKeepRawThreeMonthsMinutesOverAYearHoursFiveYearsAndDaysForever() {
    Retention retention = Retention.from(Settings.defaults());

    assertThat(retention.raw()).isEqualTo(Duration.ofDays(90));
    assertThat(retention.minute()).isEqualTo(Duration.ofDays(400));
    assertThat(retention.hour()).isEqualTo(Duration.ofDays(5 * 365));
    assertThat(Retention.isForever(retention.day())).isTrue();
    assertThat(retention.ttlSecondsByTable())
        .containsEntry(Tables.SENSOR_DATA, 90L * 86_400)
        .containsEntry(Tables.SENSOR_AGG_MINUTE, 400L * 86_400)
        .containsEntry(Tables.SENSOR_AGG_HOUR, 5L * 365 * 86_400)
        .containsEntry(Tables.SENSOR_AGG_DAY, 0L);
  }

  @Test
  void everyTierIsListedByConfigWithItsSource() {
    Map<String, String> described = Settings.defaults().describe();

    assertThat(described)
        .containsEntry("retention.raw", "90d    (default)")
        .containsEntry("retention.minute", "400d    (default)")
        .containsEntry("retention.hour", "5y    (default)")
        .containsEntry("retention.day", "forever    (default)");
  }

  @Test
  void theOlderNameCassandraTtlSetsTheRawTier() throws IOException {
    Path file = directory.resolve("iot.properties");
    Files.writeString(file, "cassandra.ttl=30d\n");

    Settings settings = Settings.load(file, Map.of(), Map.of());

    assertThat(settings.get("retention.raw")).isEqualTo("30d");
    assertThat(settings.source("retention.raw")).isEqualTo("file " + file + " (as cassandra.ttl)");
    assertThat(CassandraSettings.from(settings).retention().raw()).isEqualTo(Duration.ofDays(30));
    assertThat(CassandraSettings.from(settings).defaultTtl()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void theNewerNameWinsWithinALayerAndALaterLayerWinsWhicheverNameItUses() throws IOException {
    Path file = directory.resolve("iot.properties");
    Files.writeString(file, "cassandra.ttl=30d\nretention.raw=60d\n");

    Settings fromFile = Settings.load(file, Map.of(), Map.of());
    Settings withEnv = Settings.load(file, Map.of("IOT_CASSANDRA_TTL", "7d"), Map.of());

    assertThat(fromFile.get("cassandra.ttl")).isEqualTo("60d");
    assertThat(CassandraSettings.from(withEnv).defaultTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(withEnv.get("retention.raw")).isEqualTo("7d");
    assertThat(
            CassandraSettings.from(withEnv.with(Map.of("retention.raw", "1d"))).retention().raw())
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void foreverAndZeroMeanNoTtl() {
    Settings settings =
        Settings.defaults().with(Map.of("retention.raw", "0", "retention.hour", "FOREVER"));

    Retention retention = Retention.from(settings);

    assertThat(retention.raw()).isZero();
    assertThat(retention.hour()).isZero();
    assertThat(retention.ttlSecondsByTable()).containsEntry(Tables.SENSOR_DATA, 0L);
  }

  @Test
  void rejectsWordsAndTtlsCassandraWouldRefuse() {
    assertThatThrownBy(
            () -> Retention.from(Settings.defaults().with(Map.of("retention.minute", "long"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retention.minute")
        .hasMessageContaining("forever");
    assertThatThrownBy(
            () -> Retention.from(Settings.defaults().with(Map.of("retention.day", "21y"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("20 years");
  }
}
