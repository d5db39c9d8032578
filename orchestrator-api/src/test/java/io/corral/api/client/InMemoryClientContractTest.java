package io.corral.api.client;

/**
 * The client contract over {@link InMemoryResourceApi}, the fake in-process API: every capability, so
 * every contract test runs here (the fabric8 mock lacks several).
 */
class InMemoryClientContractTest extends CorralClientContract {
    @Override
    protected CorralClient newClient() {
        return CorralClient.over(new InMemoryResourceApi());
    }
}
