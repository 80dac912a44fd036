package dev.probefleet.provisioning;

import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.TopicDefinition;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What {@link ResourceProvisioner#provision} created or found.
 *
 * @param names the naming scheme of the deployment
 * @param tableNames physical table name by logical name
 * @param topicArns topic ARN by logical name
 */
public record ProvisionedResources(
    ResourceNames names, Map<String, String> tableNames, Map<String, String> topicArns) {

  public ProvisionedResources {
    tableNames = Map.copyOf(tableNames);
    topicArns = Map.copyOf(topicArns);
  }

  /** The physical name of a provisioned table. */
  public String table(TableDefinition table) {
    String name = tableNames.get(table.logicalName());
    if (name == null) {
      throw new NoSuchElementException("table " + table.logicalName() + " was not provisioned");
    }
    return name;
  }

  /** The ARN of a provisioned topic. */
  public String topicArn(TopicDefinition topic) {
    String arn = topicArns.get(topic.logicalName());
    if (arn == null) {
      throw new NoSuchElementException("topic " + topic.logicalName() + " was not provisioned");
    }
    return arn;
  }
}
