package io.iotpipeline.chaos;

import io.iotpipeline.stack.child.CliChild;

/** A part of the pipeline a chaos run keeps running as a child process, one incarnation at a time. */
interface Supervisor {

  /** How the reports name it, e.g. "the ingester". */
  String name();

  /** Starts a new incarnation. */
  CliChild start() throws Exception;

  /** The newest incarnation. */
  CliChild current();
}
