package dev.probefleet.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.EmulatedAws;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The home stack's data plane — tables, topics, subscriptions, the alert queue — created on the
 * emulator through its CloudFormation API ({@code CreateStack}) from the template the app
 * synthesizes, under a prefix of its own; once per test run. The functions, roles, API, schedules,
 * alarms and dashboard are left out: the emulator runs none of them (they are checked in the
 * template tests and by cfn-lint instead).
 *
 * @param names the deployment's names (prefix {@code it-…})
 * @param stackName the CloudFormation stack
 * @param template the template that was created
 */
record HomeDataPlane(ResourceNames names, String stackName, JsonNode template) {

  /** The resource types the data plane keeps. */
  static final Set<String> TYPES =
      Set.of(
          "AWS::DynamoDB::Table",
          "AWS::SNS::Topic",
          "AWS::SNS::Subscription",
          "AWS::SNS::TopicPolicy",
          "AWS::SQS::Queue",
          "AWS::SQS::QueuePolicy");

  private static HomeDataPlane deployed;

  /** Creates the stack on the emulator (once per run) and waits for it. */
  static synchronized HomeDataPlane deploy(AwsEmulator emulator) throws InterruptedException {
    if (deployed != null) {
      return deployed;
    }
    String prefix = EmulatedAws.uniquePrefix();
    ProbefleetApp.Fleet fleet =
        Fleets.build(
            Map.of(
                "prefix", prefix,
                "alertQueue", "true",
                "alertQueueFilter", "{\"severity\": [\"PAGE\"]}"));
    JsonNode template = dataPlane(Fleets.template(fleet.home()));
    String stackName = prefix + "-home-data";
    try (CloudFormationClient cfn = emulator.configure(CloudFormationClient.builder()).build()) {
      cfn.createStack(b -> b.stackName(stackName).templateBody(template.toString()));
      Instant until = Instant.now().plus(Duration.ofSeconds(90));
      while (true) {
        Stack stack = cfn.describeStacks(b -> b.stackName(stackName)).stacks().get(0);
        if (stack.stackStatus() == StackStatus.CREATE_COMPLETE) {
          break;
        }
        if (!stack.stackStatusAsString().endsWith("IN_PROGRESS") || Instant.now().isAfter(until)) {
          throw new AssertionError(
              "stack "
                  + stackName
                  + " is "
                  + stack.stackStatusAsString()
                  + ": "
                  + stack.stackStatusReason()
                  + "\nevents: "
                  + cfn.describeStackEvents(b -> b.stackName(stackName)).stackEvents());
        }
        Thread.sleep(200);
      }
    }
    deployed = new HomeDataPlane(new ResourceNames(prefix), stackName, template);
    return deployed;
  }

  /** The template less everything outside {@link #TYPES} and what referred to it. */
  static JsonNode dataPlane(JsonNode home) {
    ObjectNode out = Fleets.JSON.createObjectNode();
    out.put("AWSTemplateFormatVersion", "2010-09-09");
    out.put("Description", "probefleet home stack, data plane (tables, topics, subscriptions)");
    ObjectNode resources = out.putObject("Resources");
    Iterator<Map.Entry<String, JsonNode>> it = home.path("Resources").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (TYPES.contains(e.getValue().path("Type").asText())) {
        resources.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    resources
        .fields()
        .forEachRemaining(
            e -> {
              ObjectNode resource = (ObjectNode) e.getValue();
              resource.remove("Metadata");
              JsonNode dependsOn = resource.path("DependsOn");
              if (dependsOn.isArray()) {
                ArrayNode kept = Fleets.JSON.createArrayNode();
                dependsOn.forEach(
                    d -> {
                      if (resources.has(d.asText())) {
                        kept.add(d);
                      }
                    });
                resource.set("DependsOn", kept);
              } else if (dependsOn.isTextual() && !resources.has(dependsOn.asText())) {
                resource.remove("DependsOn");
              }
            });
    return out;
  }
}
