package io.iotpipeline.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.api.ApiConfig;
import io.iotpipeline.api.ApiServer;
import io.iotpipeline.api.pipeline.PipelineMetricsSource;
import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.process.StopSignal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iot serve}: the query API and the live dashboard. Wiring only; see docs/api.md. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve the JSON query API and the live dashboard (http://127.0.0.1:8080/ by "
          + "default) over Cassandra and Kafka. Runs until Ctrl-C. See docs/api.md."
    })
public final class ServeCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "HTTP port (default api.port = 8080; 0 picks a free one).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Interface to listen on (default api.host = 127.0.0.1; 0.0.0.0 for all).")
  String host;

  @Option(
      names = "--token",
      paramLabel = "T",
      description =
          "Require this token on everything but /health (default api.token, env "
              + "IOT_API_TOKEN; empty = open).")
  String token;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new LinkedHashMap<>();
    if (port != null) {
      flags.put("api.port", Integer.toString(port));
    }
    if (host != null) {
      flags.put("api.host", host);
    }
    if (token != null) {
      flags.put("api.token", token);
    }
    Settings settings = global.loadAs("api").with(flags);
    ApiConfig config = ApiConfig.from(settings);
    CassandraSettings cassandra = config.cassandra();
    String listenOn = settings.get("api.host");
    if (!config.tokenRequired() && !listenOn.startsWith("127.") && !listenOn.equals("localhost")) {
      System.out.println(
          "warning: listening on "
              + listenOn
              + " without an API token"
              + " (set --token or IOT_API_TOKEN)");
    }
    // Closed last: a Ctrl-C ends the wait below, then waits for the server and session to close.
    try (StopSignal ctrlC = StopSignal.install("serve");
        RunningJobs.Registration job = Jobs.register(settings, "serve");
        CqlSession session = CassandraSessions.openForReads(cassandra);
        ApiServer server =
            ApiServer.create(
                config, listenOn, session, PipelineMetricsSource.NONE, Clock.systemUTC())) {
      server.start();
      job.update("serving " + server.url());
      System.out.printf(
          "Serving %s (keyspace %s, Kafka %s)%s; Ctrl-C stops%n",
          server.url(),
          cassandra.keyspace(),
          config.kafka().bootstrap(),
          config.tokenRequired() ? "; token required: open " + server.url() + "?token=..." : "");
      System.out.flush();
      ctrlC.await();
      System.out.println("Stopped.");
      return 0;
    } catch (IllegalStateException e) {
      // ApiServer.start: the port is taken.
      throw new UserFacingException(e.getMessage() + " (try --port)", e);
    }
  }
}
