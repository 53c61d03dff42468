package io.iotpipeline.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.time.LocalDate;

/** The API's JSON conventions: snake_case names, ISO-8601 times ({@code 2026-11-28T10:00:00Z}). */
public final class Json {
  private Json() {}

  public static ObjectMapper mapper() {
    SimpleModule times = new SimpleModule("iot-api-times")
        .addSerializer(Instant.class, ToStringSerializer.instance)
        .addSerializer(LocalDate.class, ToStringSerializer.instance);
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .registerModule(times);
  }
}
