package io.iotpipeline.testkit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.clients.schema.SchemaMigrator;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** See {@link WithStack}. */
public final class StackExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(StackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Settings shared = SharedStack.settings();
    String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    String className = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    String base = (className.length() > 30 ? className.substring(0, 30) : className) + "_" + suffix;
    Settings settings =
        shared.with(
            Map.of(
                "kafka.topic", "it-" + base,
                "kafka.dlq-topic", "it-" + base + "-dlq",
                "kafka.truth-topic", "it-" + base + "-truth",
                "kafka.alerts-topic", "it-" + base + "-alerts",
                "cassandra.keyspace", "it_" + base));
    KafkaSettings kafka = KafkaSettings.from(settings);
    CassandraSettings cassandra = CassandraSettings.from(settings);
    KafkaTopics.ensure(kafka);
    try (CqlSession ddl = CassandraSessions.open(cassandra)) {
      new SchemaMigrator(cassandra).migrate(ddl);
    }
    boolean spark =
        context.getRequiredTestClass().getAnnotation(WithStack.class) != null
            && context.getRequiredTestClass().getAnnotation(WithStack.class).spark();
    String sparkMaster = spark ? SharedStack.sparkMaster() : null;
    CqlSession session = CassandraSessions.openInKeyspace(cassandra);
    context
        .getStore(NAMESPACE)
        .put(TestStack.class, new TestStack(settings, kafka, cassandra, session, sparkMaster));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestStack stack = context.getStore(NAMESPACE).remove(TestStack.class, TestStack.class);
    if (stack != null) {
      // Dropping the keyspace keeps a long test run from piling up tables in one node's memory.
      stack
          .session()
          .execute(
              SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + stack.cassandra().keyspace())
                  .setTimeout(stack.cassandra().ddlTimeout()));
      stack.session().close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE).get(TestStack.class, TestStack.class);
  }
}
