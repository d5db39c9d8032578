package io.corral.api.client;

import io.corral.api.client.spi.ResourceApi;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ResourceKind;
import java.util.Objects;

/** The fluent client over a {@link ResourceApi}. */
final class DefaultCorralClient implements CorralClient {
    private final ResourceApi api;

    DefaultCorralClient(ResourceApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    @Override
    public <T extends KubernetesObject<T>> ResourceClient<T> resources(ResourceKind<T> kind) {
        return new DefaultResourceClient<>(api, Objects.requireNonNull(kind, "kind"), null, ListOptions.DEFAULTS);
    }

    @Override
    public void close() {
        api.close();
    }

    @Override
    public String toString() {
        return "CorralClient[" + api + "]";
    }
}
