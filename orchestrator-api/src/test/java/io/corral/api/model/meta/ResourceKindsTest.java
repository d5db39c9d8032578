package io.corral.api.model.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.model.apps.Deployment;
import io.corral.api.model.core.Pod;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceKindsTest {

    @Test
    void registryIsCompleteAndConsistentWithTheJavaTypes() throws Exception {
        assertThat(ResourceKinds.all()).hasSize(21);
        Set<String> plurals = new HashSet<>();
        Set<String> shortNames = new HashSet<>();
        for (ResourceKind<?> k : ResourceKinds.all()) {
            assertThat(plurals.add(k.groupResource())).as("unique resource %s", k.groupResource()).isTrue();
            k.shortNames().forEach(s -> assertThat(shortNames.add(s)).as("unique short name %s", s).isTrue());
            Class<?> type = k.type();
            assertThat(type.getField("API_VERSION").get(null)).isEqualTo(k.apiVersion());
            assertThat(type.getField("KIND").get(null)).isEqualTo(k.kind());
            assertThat(type.getSimpleName()).isEqualTo(k.kind());
            assertThat(HasStatus.class.isAssignableFrom(type)).as("%s hasStatus", k.kind()).isEqualTo(k.hasStatus());
            assertThat(k.plural()).isEqualTo(k.plural().toLowerCase()).endsWith("s");
            // an object built with all nulls gets its apiVersion and kind
            Constructor<?> c = type.getDeclaredConstructors()[0];
            Object empty = c.newInstance(new Object[c.getParameterCount()]);
            KubernetesObject<?> o = (KubernetesObject<?>) empty;
            assertThat(o.apiVersion()).isEqualTo(k.apiVersion());
            assertThat(o.kind()).isEqualTo(k.kind());
            assertThat(o.metadata()).isEqualTo(ObjectMeta.EMPTY);
            assertThat(ResourceKinds.byApiVersionAndKind(k.apiVersion(), k.kind())).contains(k);
            assertThat(ResourceKinds.byListKind(k.apiVersion(), k.kind() + "List")).contains(k);
            assertThat(ResourceKinds.byResource(k.group(), k.plural())).contains(k);
            assertThat(ResourceKinds.lookup(k.plural())).contains(k);
            Method withMetadata = type.getMethod("withMetadata", ObjectMeta.class);
            assertThat(withMetadata.getReturnType()).isEqualTo(type);
        }
    }

    @Test
    void lookups() {
        assertThat(ResourceKinds.lookup("deploy")).contains(ResourceKinds.DEPLOYMENT);
        assertThat(ResourceKinds.lookup("Deployments.apps")).contains(ResourceKinds.DEPLOYMENT);
        assertThat(ResourceKinds.lookup("pod")).contains(ResourceKinds.POD);
        assertThat(ResourceKinds.lookup("widgets")).isEmpty();
        assertThat(ResourceKinds.byApiVersionAndKind("v1", "Deployment")).isEmpty();
        assertThat(ResourceKinds.byType(Pod.class)).contains(ResourceKinds.POD);
        assertThat(ResourceKinds.of(Deployment.builder().build())).isEqualTo(ResourceKinds.DEPLOYMENT);
    }

    @Test
    void restPaths() {
        assertThat(ResourceKinds.POD.collectionPath("default")).isEqualTo("/api/v1/namespaces/default/pods");
        assertThat(ResourceKinds.POD.collectionPath(null)).isEqualTo("/api/v1/pods");
        assertThat(ResourceKinds.NODE.collectionPath("default")).isEqualTo("/api/v1/nodes");
        assertThat(ResourceKinds.INGRESS.collectionPath("web"))
                .isEqualTo("/apis/networking.k8s.io/v1/namespaces/web/ingresses");
        assertThat(ResourceKinds.DEPLOYMENT.apiVersion()).isEqualTo("apps/v1");
        assertThat(ResourceKinds.DEPLOYMENT.listKind()).isEqualTo("DeploymentList");
        assertThat(ResourceKinds.NAMESPACE.namespaced()).isFalse();
        assertThat(ResourceKinds.PERSISTENT_VOLUME.namespaced()).isFalse();
        assertThat(ResourceKinds.PERSISTENT_VOLUME_CLAIM.namespaced()).isTrue();
    }

    @Test
    void kindsWithStatusReplaceIt() {
        Pod pod = Pod.builder().metadata(ObjectMeta.of("default", "p")).build();
        var status = io.corral.api.model.core.PodStatus.builder().phase("Running").build();
        Pod running = pod.withStatus(status);
        assertThat(running.status().phase()).isEqualTo("Running");
        assertThat(running.metadata()).isSameAs(pod.metadata());
        assertThat(pod.status()).isNull();
    }

    @Test
    void unregisteredObjectIsRejected() {
        record Widget(ObjectMeta metadata) implements KubernetesObject<Widget> {
            public String apiVersion() {
                return "v1";
            }

            public String kind() {
                return "Widget";
            }

            public Widget withMetadata(ObjectMeta m) {
                return new Widget(m);
            }
        }
        assertThatThrownBy(() -> ResourceKinds.of(new Widget(ObjectMeta.EMPTY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Widget");
    }
}
