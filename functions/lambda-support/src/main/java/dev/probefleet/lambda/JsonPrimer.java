package dev.probefleet.lambda;

import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Primes the JSON path every invocation takes before and after the handler: the runtime reads the
 * event and writes the result through micronaut-function-aws' {@code CustomPojoSerializer} (the
 * Micronaut {@code JsonMapper} over Jackson). Run on a scheduled event's shape and a result's.
 */
@Singleton
public final class JsonPrimer implements Primer {
  private static final Type MAP = Map.class;
  private static final String EVENT =
      "{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\",\"detail-type\":"
          + "\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\"123456789012\",\"time\":"
          + "\"2015-10-08T16:53:06Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{},"
          + "\"shard\":\"0/1\",\"scheduledTime\":\"2015-10-08T16:53:00Z\"}";

  @Override
  public String name() {
    return "JSON (event and result)";
  }

  @Override
  public void prime() {
    JsonMapperCustomPojoSerializer serializer = new JsonMapperCustomPojoSerializer();
    for (int i = 0; i < 50; i++) {
      Map<String, Object> event = serializer.fromJson(EVENT, MAP);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      serializer.toJson(
          Map.of("slot", event.get("scheduledTime"), "paths", i, "complete", true), out, MAP);
      if (out.toString(StandardCharsets.UTF_8).isEmpty()) {
        throw new IllegalStateException("the JSON mapper wrote nothing");
      }
    }
  }
}
