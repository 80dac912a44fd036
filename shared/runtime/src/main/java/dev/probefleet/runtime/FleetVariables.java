package dev.probefleet.runtime;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The environment variables the fleet's configuration reads, derived from the configuration records
 * themselves — every {@code @ConfigurationProperties} record on the classpath, each component a
 * property ({@code probefleet.store.table-prefix}) and its variable ({@code
 * PROBEFLEET_STORE_TABLE_PREFIX}). Deployment templates are checked against this, so a variable a
 * template sets and no code reads (or a renamed property) fails a test instead of being ignored in
 * production.
 */
public final class FleetVariables {
  private FleetVariables() {}

  /** Variable name → property name, for every configuration record on the classpath. */
  public static SortedMap<String, String> all() {
    SortedMap<String, String> variables = new TreeMap<>();
    try (ApplicationContext context =
        ApplicationContext.builder().deduceEnvironment(false).banner(false).start()) {
      for (BeanDefinition<?> definition :
          context.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationProperties.class))) {
        Class<?> type = definition.getBeanType();
        ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
        if (annotation == null
            || !type.isRecord()
            || !annotation.value().startsWith("probefleet")) {
          continue;
        }
        for (RecordComponent component : type.getRecordComponents()) {
          String property = annotation.value() + "." + kebab(component.getName());
          variables.put(variable(property), property);
        }
      }
    }
    return variables;
  }

  /** {@code probefleet.store.table-prefix} → {@code PROBEFLEET_STORE_TABLE_PREFIX}. */
  public static String variable(String property) {
    return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static String kebab(String camel) {
    StringBuilder b = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('-').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
