package dev.probefleet.localstack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the annotated test class or method only where a Docker engine is reachable; elsewhere it is
 * skipped with a one-line reason (and without Testcontainers' screen of connection errors).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EnabledIfDockerAvailable.Condition.class)
public @interface EnabledIfDockerAvailable {

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    private static final org.slf4j.Logger LOG =
        org.slf4j.LoggerFactory.getLogger(EnabledIfDockerAvailable.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      var reason = DockerAvailability.instance().unavailableReason();
      if (reason.isEmpty()) {
        return ConditionEvaluationResult.enabled("a Docker engine is reachable");
      }
      // Surefire/failsafe do not print skip reasons; the log line is what a reader of the run sees.
      if (context.getTestMethod().isEmpty()) {
        LOG.info("{} skipped: {}", context.getDisplayName(), reason.get());
      }
      return ConditionEvaluationResult.disabled("skipped: " + reason.get());
    }
  }
}
