package dev.probefleet.localstack;

import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.Tables;
import dev.probefleet.definitions.Topics;
import dev.probefleet.provisioning.ProvisionedResources;
import dev.probefleet.provisioning.ResourceProvisioner;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * probefleet's tables and topics, freshly provisioned on an emulator under a unique name prefix,
 * with clients pointed at it. What {@link AwsEmulatorExtension} gives a test class.
 */
public final class EmulatedAws implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmulatedAws.class);

  private final AwsEmulator emulator;
  private final DynamoDbClient dynamoDb;
  private final SnsClient sns;
  private final SqsClient sqs;
  private final ProvisionedResources resources;

  private EmulatedAws(
      AwsEmulator emulator,
      DynamoDbClient dynamoDb,
      SnsClient sns,
      SqsClient sqs,
      ProvisionedResources resources) {
    this.emulator = emulator;
    this.dynamoDb = dynamoDb;
    this.sns = sns;
    this.sqs = sqs;
    this.resources = resources;
  }

  /** Provisions every table and topic of {@link Tables} and {@link Topics} under a new prefix. */
  public static EmulatedAws provision(AwsEmulator emulator) {
    return provision(emulator, uniquePrefix());
  }

  /** Provisions every table and topic under the given prefix (idempotent). */
  public static EmulatedAws provision(AwsEmulator emulator, String prefix) {
    DynamoDbClient dynamoDb = emulator.configure(DynamoDbClient.builder()).build();
    SnsClient sns = emulator.configure(SnsClient.builder()).build();
    SqsClient sqs = emulator.configure(SqsClient.builder()).build();
    try {
      ProvisionedResources resources =
          new ResourceProvisioner(dynamoDb, sns, new ResourceNames(prefix))
              .provision(Tables.all(), Topics.all());
      LOG.info(
          "provisioned on {}: tables {}, topics {}",
          emulator.endpoint(),
          resources.tableNames().values(),
          resources.topicArns().values());
      return new EmulatedAws(emulator, dynamoDb, sns, sqs, resources);
    } catch (RuntimeException e) {
      dynamoDb.close();
      sns.close();
      sqs.close();
      throw e;
    }
  }

  /** A prefix no other test class or run uses: {@code it-<8 hex digits>}. */
  public static String uniquePrefix() {
    byte[] bytes = new byte[4];
    ThreadLocalRandom.current().nextBytes(bytes);
    return "it-" + HexFormat.of().formatHex(bytes);
  }

  public AwsEmulator emulator() {
    return emulator;
  }

  public ProvisionedResources resources() {
    return resources;
  }

  public ResourceNames names() {
    return resources.names();
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  public SnsClient sns() {
    return sns;
  }

  public SqsClient sqs() {
    return sqs;
  }

  /** Closes the clients; the emulator and its data stay. */
  @Override
  public void close() {
    dynamoDb.close();
    sns.close();
    sqs.close();
  }
}
