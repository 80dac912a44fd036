package dev.probefleet.infra;

import dev.probefleet.definitions.IndexDefinition;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.TopicDefinition;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;

/**
 * The home region's resources as ARNs built from the deployment's names, in the partition and
 * account of the stack that uses them. A probe stack in another region addresses the home tables
 * this way rather than through references to the home stack, which CloudFormation could only pass
 * as cross-region exports; the home stack uses the same ARNs, so every policy reads alike.
 *
 * @param names the deployment's resource names
 * @param homeRegion where the tables, the topic, the parameters and the secrets are
 */
public record HomeResources(ResourceNames names, String homeRegion) {

  /** {@code arn:<partition>:dynamodb:<home>:<account>:table/<prefix>-<table>}. */
  public String tableArn(Stack stack, TableDefinition table) {
    return Arn.format(
        ArnComponents.builder()
            .service("dynamodb")
            .region(homeRegion)
            .resource("table")
            .resourceName(names.table(table))
            .build(),
        stack);
  }

  /** A global secondary index: {@code <table ARN>/index/<name>}. */
  public String indexArn(Stack stack, TableDefinition table, IndexDefinition index) {
    if (table.index(index.name()).isEmpty()) {
      throw new IllegalArgumentException(
          "table " + table.logicalName() + " has no index " + index.name());
    }
    return tableArn(stack, table) + "/index/" + index.name();
  }

  /** {@code arn:<partition>:sns:<home>:<account>:<prefix>-<topic>}. */
  public String topicArn(Stack stack, TopicDefinition topic) {
    return Arn.format(
        ArnComponents.builder()
            .service("sns")
            .region(homeRegion)
            .resource(names.topic(topic))
            .arnFormat(ArnFormat.NO_RESOURCE_NAME)
            .build(),
        stack);
  }

  /**
   * The SSM parameters {@code ssm:} secret references may name: those under {@code /<prefix>/}.
   * Header secrets are named in the targets registry, which changes without a redeploy, so the
   * policy cannot list them one by one; the path confines them to this deployment's.
   */
  public String secretParametersArn(Stack stack) {
    return Arn.format(
        ArnComponents.builder()
            .service("ssm")
            .region(homeRegion)
            .resource("parameter")
            .resourceName(names.prefix() + "/*")
            .build(),
        stack);
  }

  /**
   * The Secrets Manager secrets {@code secretsmanager:} references may name: {@code <prefix>/…}.
   */
  public String secretsArn(Stack stack) {
    return Arn.format(
        ArnComponents.builder()
            .service("secretsmanager")
            .region(homeRegion)
            .resource("secret")
            .resourceName(names.prefix() + "/*")
            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
            .build(),
        stack);
  }
}
