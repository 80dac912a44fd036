package dev.probefleet.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 support: resolves parameters of type {@link AwsEmulator} (the run's shared emulator) and
 * {@link EmulatedAws} (tables and topics provisioned for this test class alone).
 *
 * <pre>{@code
 * @ExtendWith(AwsEmulatorExtension.class)
 * class IncidentStoreIT {
 *   @Test
 *   void opensAnIncident(EmulatedAws aws) { ... aws.dynamoDb() ... aws.resources().table(Tables.INCIDENTS) ... }
 * }
 * }</pre>
 *
 * The emulator is started once per test run and stopped when the run ends.
 */
public final class AwsEmulatorExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AwsEmulatorExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == AwsEmulator.class || type == EmulatedAws.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    AwsEmulator emulator = emulator(context);
    if (parameter.getParameter().getType() == AwsEmulator.class) {
      return emulator;
    }
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            EmulatedAws.class, k -> EmulatedAws.provision(emulator), EmulatedAws.class);
  }

  private static AwsEmulator emulator(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(SharedEmulator.class, k -> new SharedEmulator(), SharedEmulator.class)
        .emulator();
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  /** Holds the shared emulator in the root store, which closes it when the run ends. */
  private static final class SharedEmulator implements AutoCloseable {
    private final AwsEmulator emulator = AwsEmulators.shared();

    AwsEmulator emulator() {
      return emulator;
    }

    @Override
    public void close() {
      AwsEmulators.stopShared();
    }
  }
}
