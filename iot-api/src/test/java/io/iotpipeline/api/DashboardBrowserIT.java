package io.iotpipeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.api.pipeline.PipelineMetricsSource;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium + chromedriver, installed by
 * .ci/run) against the running server with live data: the grid shows the sensors, a click draws the
 * chart, a zoom refetches at a finer resolution, and a new alert appears in the feed.
 */
@WithStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

  private static final Path CHROMIUM =
      Path.of(System.getProperty("iot.it.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("iot.it.chromedriver", "/usr/bin/chromedriver"));

  private KafkaSettings kafka;
  private ApiServer server;
  private ChromeDriver browser;
  private KafkaProducer<byte[], byte[]> producer;
  private Path profile;

  @BeforeAll
  void start(TestStack stack) throws IOException {
    assertThat(CHROMIUM)
        .as("Debian's chromium (apt-get install chromium chromium-driver)")
        .isExecutable();
    assertThat(CHROMEDRIVER)
        .as("Debian's chromedriver (apt-get install chromium-driver)")
        .isExecutable();
    kafka = stack.kafka();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    SeedData seed = new SeedData(stack.session());
    double[] temperatures = {4.5, 12.0, 19.5, 24.0, 29.5, 36.0};
    for (int sensor = 1; sensor <= temperatures.length; sensor++) {
      seed.latest(sensor, now.minusSeconds(sensor), temperatures[sensor - 1]);
    }
    // Sensor 1 reports every 10 s: a day of it is 8,641 raw points, so the day view comes from the
    // minute rollup and a zoom to a few hours comes from the raw table.
    seed.readings(1, now.minus(Duration.ofDays(1)), now, Duration.ofSeconds(10));
    seed.minutes(1, now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES), now);
    seed.alert(2, now.minus(Duration.ofMinutes(20)), "threshold", 41.0);

    ApiConfig config =
        new ApiConfig(
            0,
            "",
            kafka,
            stack.cassandra(),
            "it-dashboard-ingest",
            3000,
            Duration.ofMillis(500),
            Duration.ofSeconds(1));
    server =
        ApiServer.create(
                config, "127.0.0.1", stack.session(), PipelineMetricsSource.NONE, Clock.systemUTC())
            .start();

    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    producer =
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());

    profile = Files.createTempDirectory("iot-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1500,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (producer != null) {
      producer.close();
    }
    if (server != null) {
      server.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  @Test
  void gridChartZoomAndLiveAlertWorkInABrowser() throws IOException {
    browser.get(server.url());

    // The fleet grid shows every sensor, coloured by temperature, with the stored alert's badge.
    waitUpTo(15).until(d -> d.findElements(By.cssSelector("#fleet .tile")).size() == 6);
    String cold =
        browser
            .findElement(By.cssSelector(".tile[data-sensor='1']"))
            .getCssValue("background-color");
    String hot =
        browser
            .findElement(By.cssSelector(".tile[data-sensor='6']"))
            .getCssValue("background-color");
    assertThat(cold).isNotEqualTo(hot);
    assertThat(browser.findElement(By.cssSelector(".tile[data-sensor='2'] .badge")).getText())
        .isEqualTo("1");

    // Live readings update the grid.
    waitUpTo(10).until(d -> "live".equals(d.findElement(By.id("connection")).getText()));
    produceReading(6, 38.5);
    waitUpTo(15)
        .until(
            d ->
                d.findElement(By.cssSelector(".tile[data-sensor='6'] .temp"))
                    .getText()
                    .startsWith("38.5"));

    // Clicking a sensor draws its day from the minute rollup.
    browser.findElement(By.cssSelector(".tile[data-sensor='1']")).click();
    WebElement chart = browser.findElement(By.id("chart"));
    waitUpTo(20).until(d -> "minute".equals(chart.getAttribute("data-resolution")));
    assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
    assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isGreaterThan(1000);

    // Dragging across the last fifth of the chart zooms in: a few hours come from raw readings.
    WebElement plot = browser.findElement(By.cssSelector("#chart .u-over"));
    int width = plot.getSize().getWidth();
    new Actions(browser)
        .moveToElement(plot, width * 3 / 10, 0)
        .clickAndHold()
        .moveByOffset(width / 5 - 2, 0)
        .release()
        .perform();
    waitUpTo(20).until(d -> "raw".equals(chart.getAttribute("data-resolution")));
    assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isBetween(100, 3000);

    // A new alert on the alerts topic appears in the feed and on the sensor's badge.
    produceAlert(3, "temperature above 40.0");
    waitUpTo(15)
        .until(d -> !d.findElements(By.cssSelector("#alerts li[data-sensor='3']")).isEmpty());
    assertThat(browser.findElement(By.cssSelector("#alerts li[data-sensor='3']")).getText())
        .contains("threshold")
        .contains("temperature above 40.0");
    assertThat(browser.findElement(By.cssSelector(".tile[data-sensor='3'] .badge")).getText())
        .isEqualTo("1");

    screenshot();
  }

  private void produceReading(int sensor, double temperature) {
    SensorReading reading = SensorReading.of(sensor, Instant.now(), temperature, 45);
    producer.send(
        new ProducerRecord<>(
            kafka.topic(),
            Integer.toString(sensor).getBytes(StandardCharsets.UTF_8),
            new ReadingCodec().encode(reading)));
    producer.flush();
  }

  private void produceAlert(int sensor, String detail) {
    String json =
        "{\"sensor_id\":"
            + sensor
            + ",\"ts\":\""
            + Instant.now()
            + "\",\"rule\":\"threshold\","
            + "\"value\":41.7,\"limit_value\":40.0,\"detail\":\""
            + detail
            + "\"}";
    producer.send(new ProducerRecord<>(kafka.alertsTopic(), json.getBytes(StandardCharsets.UTF_8)));
    producer.flush();
  }

  private void screenshot() throws IOException {
    Path target = Path.of("target", "dashboard.png");
    Files.createDirectories(target.getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        target,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
