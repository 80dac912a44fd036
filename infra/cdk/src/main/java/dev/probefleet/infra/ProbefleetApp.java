package dev.probefleet.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: {@code cdk deploy --all -c regions=us-east-1,eu-west-1 -c homeRegion=us-east-1 -c
 * alertEmail=oncall@example.com}. A home stack ({@code <prefix>-home}) and a probe stack per probe
 * region ({@code <prefix>-probe-<region>}, deployed after the home stack: their functions write to
 * its tables). cdk-nag's AWS Solutions checks run on every synth: a finding that is neither fixed
 * nor suppressed with a reason fails it.
 */
public final class ProbefleetApp {
  private ProbefleetApp() {}

  /** The stacks of one deployment. */
  public record Fleet(DeploymentSettings settings, HomeStack home, List<ProbeStack> probes) {
    public Fleet {
      probes = List.copyOf(probes);
    }
  }

  public static void main(String[] args) {
    App app = new App();
    try {
      build(app, System.getenv());
    } catch (InvalidContextException e) {
      System.err.println("probefleet cdk: " + e.getMessage());
      System.exit(2);
    }
    app.synth();
  }

  /**
   * Adds the fleet's stacks to an app, configured by its context.
   *
   * @throws InvalidContextException naming the context key that is wrong
   */
  public static Fleet build(App app, Map<String, String> environment) {
    DeploymentSettings settings =
        DeploymentSettings.from(key -> app.getNode().tryGetContext(key), environment);
    String prefix = settings.names().prefix();
    HomeStack home =
        new HomeStack(
            app,
            prefix + "-home",
            props(settings, settings.homeRegion(), "probefleet home: tables, topic, analyzer, API"),
            settings);
    List<ProbeStack> probes = new ArrayList<>();
    for (String region : settings.regions()) {
      ProbeStack probe =
          new ProbeStack(
              app,
              prefix + "-probe-" + region,
              props(settings, region, "probefleet probes in " + region),
              region,
              settings);
      // Deploy order only (no cross-region reference): the rounds table must exist first.
      probe.addStackDependency(home);
      probes.add(probe);
    }
    Tags.of(app).add("probefleet:deployment", prefix);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return new Fleet(settings, home, probes);
  }

  private static StackProps props(DeploymentSettings settings, String region, String description) {
    Environment.Builder env = Environment.builder().region(region);
    settings.account().ifPresent(env::account);
    return StackProps.builder().env(env.build()).description(description).build();
  }
}
