package io.iotpipeline.simulator;

/**
 * The two values of the reading being generated. Mutable and reused on purpose: the generation loop
 * runs hundreds of thousands of times a second and passes it through the fault injector.
 */
final class Sample {
  double temperature;
  double humidity;
}
