/**
 * The sensor fleet simulator: {@link io.iotpipeline.simulator.FleetSimulator} generates seeded,
 * realistic readings ({@link io.iotpipeline.simulator.SignalModel}), injects sensor faults ({@code
 * FaultInjector}) and delivery faults ({@code DeliveryFaults}), and hands messages to a {@link
 * io.iotpipeline.simulator.ReadingSink} ({@link io.iotpipeline.simulator.KafkaReadingSink} in
 * production).
 *
 * <p>Readings go to {@code kafka.topic} keyed by the sensor id as decimal text, encoded by {@code
 * ReadingCodec}: {@code {"sensor_id":42,"timestamp":1732780000.123,"temperature":21.5,
 * "humidity":55.03,"v":1,"seq":17,"site":"site-0"}}; {@code seq} counts each sensor's readings from
 * 0 (a dropout does not advance it), a duplicate repeats the identical bytes.
 *
 * <p>Ground truth goes to {@code kafka.truth-topic} (and optionally a JSONL file), one {@link
 * io.iotpipeline.simulator.FaultLabel} per fault episode: {@code
 * {"sensor_id":7,"fault":"stuck","start":1732780000.123,"end":1732780120.123,"readings":121}} with
 * fault one of {@code spike, stuck, dropout, drift}, start/end the inclusive event times (epoch
 * seconds) of the first and last affected reading slot. See docs/simulator.md.
 */
package io.iotpipeline.simulator;
