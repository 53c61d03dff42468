package io.iotpipeline.process;

import java.time.Duration;

/**
 * A long-running command in miniature, for {@link StopSignalTest}: its stop action ends the work,
 * and its summary comes half a second after the stop request, which only a held exit lets out. The
 * argument is how long it waits for a stop request, in milliseconds.
 */
public final class StopSignalProbe {
  public static void main(String[] args) throws Exception {
    try (StopSignal ctrlC = StopSignal.install("probe")) {
      ctrlC.onStop(() -> System.out.println("stop action ran"));
      System.out.println("ready");
      System.out.flush();
      if (ctrlC.await(Duration.ofMillis(Long.parseLong(args[0])))) {
        Thread.sleep(500);
        System.out.println("summary after stop");
      } else {
        System.out.println("no stop request");
      }
      System.out.flush();
    }
  }
}
