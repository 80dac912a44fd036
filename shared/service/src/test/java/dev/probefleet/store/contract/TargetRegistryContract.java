package dev.probefleet.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.Target;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TargetRegistry.ApplyReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every backend of the targets registry must do; subclasses say which backend. */
public abstract class TargetRegistryContract {

  /** An empty registry under test. */
  protected abstract TargetRegistry registry();

  @Test
  public void applyAddsUpdatesKeepsAndPrunes() {
    TargetRegistry registry = registry();
    Target shop = Samples.target("shop");
    Target cart = Samples.target("cart");
    Target blog = Samples.target("blog");

    ApplyReport first = registry.apply(List.of(shop, cart, blog), false);
    assertThat(first.added()).containsExactly("shop", "cart", "blog");
    assertThat(registry.all()).containsExactly(blog, cart, shop);

    Target shopBurst =
        new Target(
            shop.name(),
            shop.request(),
            shop.expect(),
            new BurstSpec(10),
            shop.cdn(),
            shop.lb(),
            shop.origins());
    ApplyReport second = registry.apply(List.of(shopBurst, cart), true);
    assertThat(second.updated()).containsExactly("shop");
    assertThat(second.unchanged()).containsExactly("cart");
    assertThat(second.removed()).containsExactly("blog");
    assertThat(registry.all()).containsExactly(cart, shopBurst);
    assertThat(registry.get("shop")).contains(shopBurst);
    assertThat(registry.get("blog")).isEmpty();
  }

  @Test
  public void planSaysWhatApplyWouldDoAndWritesNothing() {
    TargetRegistry registry = registry();
    // Backends on a shared table keep what other tests applied: start and end empty.
    registry.apply(List.of(), true);
    Target shop = Samples.target("shop");
    Target cart = Samples.target("cart");
    Target blog = Samples.target("blog");
    registry.apply(List.of(shop, cart), false);
    Target shopBurst =
        new Target(
            shop.name(),
            shop.request(),
            shop.expect(),
            new BurstSpec(10),
            shop.cdn(),
            shop.lb(),
            shop.origins());

    ApplyReport plan = registry.plan(List.of(shopBurst, blog), true);
    assertThat(plan.added()).containsExactly("blog");
    assertThat(plan.updated()).containsExactly("shop");
    assertThat(plan.unchanged()).isEmpty();
    assertThat(plan.removed()).containsExactly("cart");
    assertThat(registry.all()).as("nothing written").containsExactly(cart, shop);

    assertThat(registry.apply(List.of(shopBurst, blog), true)).isEqualTo(plan);
    assertThat(registry.plan(List.of(shopBurst, blog), false))
        .isEqualTo(new ApplyReport(List.of(), List.of(), List.of("shop", "blog"), List.of()));
    registry.apply(List.of(), true);
  }
}
