package io.corral.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fluent layer's own checks, made before any call reaches the {@link io.corral.api.client.spi.ResourceApi}. */
class DefaultResourceClientTest {
    private final CorralClient client = CorralClient.over(new InMemoryResourceApi());

    @AfterEach
    void close() {
        client.close();
    }

    private static ConfigMap cm(String ns, String name) {
        return ConfigMap.builder().metadata(ObjectMeta.builder().namespace(ns).name(name).build())
                .data(Map.of("k", "v")).build();
    }

    private static void assertBadRequest(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST);
            assertThat(e.getMessage()).contains(field);
        });
    }

    @Test
    @DisplayName("an object whose namespace differs from the view's is refused, naming metadata.namespace")
    void namespaceMismatch() {
        assertBadRequest(() -> client.configMaps().inNamespace("a").create(cm("b", "x")), "metadata.namespace");
        assertThat(client.configMaps().list().items()).isEmpty();
    }

    @Test
    @DisplayName("views are immutable: scoping returns a new view and leaves the old one as it was")
    void immutableViews() {
        ResourceClient<ConfigMap> all = client.configMaps();
        ResourceClient<ConfigMap> scoped = all.inNamespace("a").withLabelSelector("app=web");
        assertThat(all.namespace()).isNull();
        assertThat(all.listOptions().labelSelector().isEmpty()).isTrue();
        assertThat(scoped.namespace()).isEqualTo("a");
        assertThat(scoped.listOptions().labelSelector().toString()).isEqualTo("app=web");
        assertThat(scoped.inAnyNamespace().namespace()).isNull();
        assertThat(scoped.toString()).contains("configmaps").contains("in a").contains("app=web");
    }

    @Test
    @DisplayName("calls on one object need a name; an edit may not rename or return null")
    void names() {
        assertBadRequest(() -> client.configMaps().inNamespace("a").withName(""), "name");
        assertBadRequest(() -> client.configMaps().inNamespace("a").update(cm("a", null)), "metadata.name");
        client.configMaps().inNamespace("a").create(cm("a", "x"));
        assertBadRequest(() -> client.configMaps().inNamespace("a").edit("x",
                c -> c.withMetadata(c.metadata().toBuilder().name("y").build())), "metadata.name");
        assertThatThrownBy(() -> client.configMaps().inNamespace("a").edit("x", c -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    @DisplayName("option values are checked where they are made")
    void optionChecks() {
        assertThatThrownBy(() -> client.configMaps().listAll(0)).hasMessageContaining("pageSize");
        assertThatThrownBy(() -> ListOptions.DEFAULTS.withPage(-1, null)).hasMessageContaining("limit");
        assertThatThrownBy(() -> ListOptions.DEFAULTS.withTimeoutSeconds(-1)).hasMessageContaining("timeoutSeconds");
        assertThatThrownBy(() -> DeleteOptions.DEFAULTS.withGracePeriodSeconds(-5))
                .hasMessageContaining("gracePeriodSeconds");
    }

    @Test
    @DisplayName("a bad label selector fails when the view is made, not at the server")
    void badSelector() {
        assertThatThrownBy(() -> client.configMaps().withLabelSelector("a b c")).isInstanceOf(RuntimeException.class);
    }

    @Test
    @DisplayName("the typed accessors reach every registered kind")
    void everyKind() {
        assertThat(client.pods().kind().kind()).isEqualTo("Pod");
        assertThat(client.deployments().kind().group()).isEqualTo("apps");
        assertThat(client.horizontalPodAutoscalers().kind().plural()).isEqualTo("horizontalpodautoscalers");
        assertThat(client.leases().kind().group()).isEqualTo("coordination.k8s.io");
        assertThat(client.ingresses().kind().group()).isEqualTo("networking.k8s.io");
        long accessors = java.util.Arrays.stream(CorralClient.class.getMethods())
                .filter(m -> m.getParameterCount() == 0 && m.getReturnType() == ResourceClient.class).count();
        assertThat(accessors).isEqualTo(io.corral.api.model.meta.ResourceKinds.all().size());
    }
}
