package io.corral.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fabric8 Kubernetes client against the API server, configured in code (no kubeconfig, no environment). */
class Fabric8ClientIT {
    static ApiCluster cluster;
    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void start() {
        cluster = ApiCluster.start(1);
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(cluster.url(0))
                .withRequestTimeout(30_000)
                .withConnectionTimeout(10_000)
                .build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        ns = "f8-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        cluster.close();
    }

    static Pod pod(String name, String app) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec()
                .build();
    }

    @Test
    @DisplayName("pods: create, get, list by label, update with conflict, delete")
    void pods() {
        Pod created = client.pods().inNamespace(ns).resource(pod("p1", "web")).create();
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getSpec().getRestartPolicy()).isEqualTo("Always");
        client.pods().inNamespace(ns).resource(pod("p2", "web")).create();
        client.pods().inNamespace(ns).resource(pod("p3", "db")).create();

        Pod got = client.pods().inNamespace(ns).withName("p1").get();
        assertThat(got.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(client.pods().inNamespace(ns).withName("missing").get()).isNull();

        List<String> web = client.pods().inNamespace(ns).withLabel("app", "web").list().getItems().stream()
                .map(p -> p.getMetadata().getName()).toList();
        assertThat(web).containsExactly("p1", "p2");
        assertThat(client.pods().inNamespace(ns).withLabelIn("app", "db", "none").list().getItems()).hasSize(1);
        assertThat(client.pods().inAnyNamespace().withField("metadata.name", "p3").list().getItems()).hasSize(1);

        Pod fresh = new PodBuilder(got).editMetadata().addToLabels("tier", "front").endMetadata().build();
        Pod updated = client.pods().inNamespace(ns).resource(fresh).update();
        assertThat(updated.getMetadata().getLabels()).containsEntry("tier", "front");
        Pod stale = new PodBuilder(got).editMetadata().addToLabels("tier", "back").endMetadata().build();
        assertThatThrownBy(() -> client.pods().inNamespace(ns).resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                });
        assertThatThrownBy(() -> client.pods().inNamespace(ns).resource(pod("p1", "web")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        assertThat(client.pods().inNamespace(ns).withName("p2").delete()).hasSize(1);
        assertThat(client.pods().inNamespace(ns).withName("p2").get()).isNull();
        Pod edited = client.pods().inNamespace(ns).withName("p3").edit(p -> new PodBuilder(p).editMetadata()
                .addToAnnotations("note", "edited").endMetadata().build());
        assertThat(edited.getMetadata().getAnnotations()).containsEntry("note", "edited");
    }

    @Test
    @DisplayName("watch receives ADDED, MODIFIED and DELETED")
    void watch() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Watch w = client.configMaps().inNamespace(ns).withLabel("watched", "yes").watch(new Watcher<ConfigMap>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                if (action != Action.BOOKMARK) { // fabric8 asks for bookmarks; they carry no object
                    seen.add(action + " " + resource.getMetadata().getName() + " " + resource.getData().get("k"));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("w").withLabels(Map.of("watched", "yes"))
                    .endMetadata().withData(Map.of("k", "1")).build();
            client.configMaps().inNamespace(ns).resource(cm).create();
            client.configMaps().inNamespace(ns).withName("w").edit(c -> new ConfigMapBuilder(c).withData(Map.of("k", "2")).build());
            client.configMaps().inNamespace(ns).withName("w").delete();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(seen).containsExactly("ADDED w 1", "MODIFIED w 2", "DELETED w 2"));
        }
    }

    @Test
    @DisplayName("a deployment and a config map round-trip through the typed client")
    void deploymentAndConfigMap() {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1.25").endContainer().endSpec()
                .endTemplate().endSpec().build();
        Deployment created = client.apps().deployments().inNamespace(ns).resource(d).create();
        assertThat(created.getSpec().getReplicas()).isEqualTo(1);
        assertThat(created.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        Deployment scaled = client.apps().deployments().inNamespace(ns).withName("web")
                .edit(x -> new DeploymentBuilder(x).editSpec().withReplicas(3).endSpec().build());
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
        assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
        client.apps().deployments().inNamespace(ns).withName("web").delete();
        assertThat(client.apps().deployments().inNamespace(ns).withName("web").get()).isNull();

        ConfigMap cm = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().withData(Map.of("a", "1")).build()).create();
        assertThat(client.configMaps().inNamespace(ns).withName("settings").get().getData()).containsEntry("a", "1");
        assertThat(cm.getMetadata().getNamespace()).isEqualTo(ns);
        client.configMaps().inNamespace(ns).withName("settings").delete();
        assertThat(client.configMaps().inNamespace(ns).withName("settings").get()).isNull();
    }
}
