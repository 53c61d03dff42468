package io.iotpipeline.clients.jobs;

import io.iotpipeline.clients.ClientException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * Which pipeline jobs (simulator, ingester, analytics, API) run on this machine and what they last
 * reported, so {@code ./iot status} can show them whichever terminal started them. Each job owns
 * one small file under {@code <data-dir>/run/jobs/}; a file whose process is gone is ignored and
 * cleaned up.
 */
public final class RunningJobs {

  /** What {@code ./iot status} shows of one job. */
  public record Job(String name, long pid, Instant started, Instant updated, String summary) {}

  private final Path directory;
  private final Clock clock;

  public RunningJobs(Path dataDir, Clock clock) {
    this.directory = dataDir.resolve("run").resolve("jobs");
    this.clock = clock;
  }

  /** Records this process as running the job until the returned handle is closed. */
  public Registration register(String name) {
    long pid = ProcessHandle.current().pid();
    Registration registration =
        new Registration(
            directory.resolve(name + "-" + pid + ".job"),
            new Job(name, pid, clock.instant(), clock.instant(), "starting"),
            clock);
    registration.write();
    return registration;
  }

  /** The jobs whose process is alive, oldest first. */
  public List<Job> list() {
    List<Job> jobs = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return jobs;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.job")) {
      for (Path file : files) {
        Job job = read(file);
        if (job != null && ProcessHandle.of(job.pid()).map(ProcessHandle::isAlive).orElse(false)) {
          jobs.add(job);
        } else {
          Files.deleteIfExists(file); // its process died without closing (kill -9, crash)
        }
      }
    } catch (IOException e) {
      throw new ClientException(
          "cannot read running jobs in " + directory + ": " + e.getMessage(), e);
    }
    jobs.sort(Comparator.comparing(Job::started));
    return jobs;
  }

  private static Job read(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
      return new Job(
          properties.getProperty("name"),
          Long.parseLong(properties.getProperty("pid")),
          Instant.parse(properties.getProperty("started")),
          Instant.parse(properties.getProperty("updated")),
          properties.getProperty("summary", ""));
    } catch (IOException | RuntimeException e) {
      return null; // half-written or foreign file: treated as not running
    }
  }

  /** A job's entry; {@link #update} replaces its one-line summary, {@link #close} removes it. */
  public static final class Registration implements AutoCloseable {
    private final Path file;
    private final Clock clock;
    private Job job;
    private boolean closed;

    private Registration(Path file, Job job, Clock clock) {
      this.file = file;
      this.job = job;
      this.clock = clock;
    }

    public synchronized void update(String summary) {
      if (!closed) {
        job = new Job(job.name(), job.pid(), job.started(), clock.instant(), summary);
        write();
      }
    }

    private void write() {
      Properties properties = new Properties();
      properties.setProperty("name", job.name());
      properties.setProperty("pid", Long.toString(job.pid()));
      properties.setProperty("started", job.started().toString());
      properties.setProperty("updated", job.updated().toString());
      properties.setProperty("summary", job.summary());
      try {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary)) {
          properties.store(writer, null);
        }
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Status reporting must never stop a job: the entry is just not updated.
      }
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // left behind; list() removes it once this process is gone
        }
      }
    }
  }
}
