package dev.probefleet.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AWS Solutions checks, which {@link ProbefleetApp#build} applies to the app: no error
 * and no warning left, in any stack, with every optional resource present (the queue, the HTTPS
 * subscription). Suppressions carry their reasons in the code that creates the resource.
 */
class NagTest {

  @Test
  void everyStackPassesTheAwsSolutionsChecks() {
    ProbefleetApp.Fleet fleet =
        Fleets.build(
            Map.of(
                "alertQueue", "true",
                "alertHttpsUrl", "https://hooks.example.com/probefleet",
                "shards", "2"));
    for (Stack stack : Fleets.stacks(fleet)) {
      Annotations annotations = Annotations.fromStack(stack);
      List<SynthesisMessage> errors =
          annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
      List<SynthesisMessage> warnings =
          annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
      assertThat(errors).as(stack.getStackName() + " errors: " + describe(errors)).isEmpty();
      assertThat(warnings).as(stack.getStackName() + " warnings: " + describe(warnings)).isEmpty();
    }
  }

  private static String describe(List<SynthesisMessage> messages) {
    StringBuilder b = new StringBuilder();
    for (SynthesisMessage m : messages) {
      b.append("\n  ").append(m.getId()).append(": ").append(m.getEntry().getData());
    }
    return b.toString();
  }
}
