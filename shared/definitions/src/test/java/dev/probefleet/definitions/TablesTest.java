package dev.probefleet.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TablesTest {

  @Test
  void everyIndexKeyIsDeclaredOnceAsAnAttributeDefinition() {
    assertThat(Tables.INCIDENTS.keyAttributes())
        .extracting(KeyAttribute::name)
        .containsExactly(
            "pk",
            "sk",
            "incidentTarget",
            "incidentId",
            "incidentLayer",
            "openMarker",
            "pendingMarker",
            "dueKey");
  }

  @Test
  void onlyRoundsExpire() {
    assertThat(Tables.all())
        .filteredOn(t -> t.ttlAttribute().isPresent())
        .containsExactly(Tables.ROUNDS);
  }

  @Test
  void tableAndIndexNamesAreUnique() {
    assertThat(Tables.all()).extracting(TableDefinition::logicalName).doesNotHaveDuplicates();
    assertThat(Tables.INCIDENTS.globalIndexes())
        .extracting(IndexDefinition::name)
        .doesNotHaveDuplicates();
  }

  @Test
  void conflictingKeyTypesAreRejectedAtDefinition() {
    IndexDefinition numeric =
        new IndexDefinition("byNumber", KeySchema.of(KeyAttribute.number("sk")), "test");
    assertThatThrownBy(
            () ->
                new TableDefinition(
                    "bad",
                    KeySchema.of(KeyAttribute.string("pk"), KeyAttribute.string("sk")),
                    List.of(numeric),
                    Optional.empty(),
                    "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key attribute sk is used as STRING and NUMBER");
  }

  @Test
  void physicalNamesCarryTheDeploymentPrefix() {
    ResourceNames names = new ResourceNames("probefleet-staging");
    assertThat(names.table(Tables.ROUNDS)).isEqualTo("probefleet-staging-rounds");
    assertThat(names.topic(Topics.ALERTS)).isEqualTo("probefleet-staging-alerts");
    assertThat(ResourceNames.defaults().table(Tables.TARGETS)).isEqualTo("probefleet-targets");
  }

  @Test
  void aPrefixThatAwsWouldRefuseIsRejectedWithTheReason() {
    assertThatThrownBy(() -> new ResourceNames("prod alerts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'prod alerts' is not valid");
  }

  @Test
  void everyAlertCarriesTheAttributesSubscribersFilterOn() {
    assertThat(Topics.ALERTS.messageAttributes())
        .contains("alertId", "target", "layer", "cause", "severity", "state", "regions");
  }
}
