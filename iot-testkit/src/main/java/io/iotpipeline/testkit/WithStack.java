package io.iotpipeline.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class a real Kafka broker and Cassandra node (started once per test JVM, or reused
 * when one already listens on the configured ports) plus its own fresh topics and a fresh, fully
 * migrated keyspace. Test methods and lifecycle methods take a {@link TestStack} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StackExtension.class)
public @interface WithStack {

  /**
   * Also provide a Spark standalone master and worker ({@link TestStack#sparkMaster()}): reused
   * when one listens on the configured master port, else started beside the stack.
   */
  boolean spark() default false;
}
