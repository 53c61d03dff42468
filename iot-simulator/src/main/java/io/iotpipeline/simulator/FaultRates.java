package io.iotpipeline.simulator;

/**
 * How often each fault starts: the probability that a reading slot of a healthy sensor begins an
 * episode of that kind. Episode lengths are drawn per episode (see {@link FaultInjector}).
 */
public record FaultRates(double spike, double stuck, double dropout, double drift) {

  /** No injected faults: clean data. */
  public static final FaultRates NONE = new FaultRates(0, 0, 0, 0);

  /**
   * Defaults for a realistic-looking fleet: at one reading a second a sensor spikes about every 30
   * minutes and spends roughly 2-3 % of its time in each of stuck, dropout and drift.
   */
  public static final FaultRates DEFAULT = new FaultRates(0.0005, 0.0001, 0.0001, 0.00002);

  public FaultRates {
    check("spike", spike);
    check("stuck", stuck);
    check("dropout", dropout);
    check("drift", drift);
    if (spike + stuck + dropout + drift > 1) {
      throw new IllegalArgumentException("fault rates add up to more than 1");
    }
  }

  public double rate(FaultKind kind) {
    return switch (kind) {
      case SPIKE -> spike;
      case STUCK -> stuck;
      case DROPOUT -> dropout;
      case DRIFT -> drift;
    };
  }

  public double total() {
    return spike + stuck + dropout + drift;
  }

  private static void check(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " rate must be in [0, 1], got " + rate);
    }
  }
}
