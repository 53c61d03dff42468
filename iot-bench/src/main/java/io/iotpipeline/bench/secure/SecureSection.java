package io.iotpipeline.bench.secure;

import io.iotpipeline.bench.OwnStack;
import io.iotpipeline.bench.Section;
import io.iotpipeline.bench.ingest.IngestSection;
import io.iotpipeline.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What secure mode costs: the sustained end-to-end ingest rate (the ingest section's own sustained
 * phase) on a secure 1-node stack (SASL_SSL with SCRAM to Kafka, TLS and password login to
 * Cassandra) against the plain stack the bench runs on, both measured in this run. The secure stack
 * runs beside the plain one, in its own data dir and on ports of its own, and is deleted
 * afterwards.
 *
 * <p>Only on request ({@code --section secure}): it starts two more engine JVMs.
 */
public final class SecureSection implements Section {

  @Override
  public String name() {
    return "secure";
  }

  @Override
  public boolean onRequestOnly() {
    return true;
  }

  @Override
  public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
    System.out.println("plain stack: the ingest section's sustained phase ...");
    double plain = IngestSection.sustainedRowsPerSecond(settings, quick);
    try (OwnStack secure =
        OwnStack.start(settings, "bench-secure", Map.of("stack.security", "on"))) {
      System.out.println("secure stack: the same sustained phase ...");
      double secured = IngestSection.sustainedRowsPerSecond(secure.settings(), quick);
      return figures(plain, secured);
    }
  }

  static Map<String, Object> figures(double plain, double secured) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("plain_e2e_rows_per_s", Math.round(plain));
    figures.put("secure_e2e_rows_per_s", Math.round(secured));
    figures.put("secure_e2e_ratio", plain > 0 ? Math.round(secured / plain * 100) / 100.0 : 0.0);
    return figures;
  }
}
