package io.corral.controller;

import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.ReplicaSetSpec;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.member.CorralMember;
import io.corral.store.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** One in-process member on loopback with a controller manager, for the controller ITs; the test plays the node. */
public final class ControllerCluster implements AutoCloseable {
    public final CorralMember member;
    public final CorralClient client;
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final ControllerManager manager;
    private final AtomicInteger namespaces = new AtomicInteger();

    @SafeVarargs
    public static ControllerCluster start(Supplier<Controller>... controllers) {
        return new ControllerCluster(controllers);
    }

    private ControllerCluster(Supplier<Controller>[] controllers) {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        StoreConfig config = StoreConfig.builder().clusterName("corral-controller-it-" + UUID.randomUUID()).port(port)
                .members(List.of("127.0.0.1:" + port)).quorum(1).maxNoHeartbeatSeconds(15).build();
        // the test runs its own manager with the controllers under test, so the member runs none of its own
        member = CorralMember.builder().storeConfig(config).meterRegistry(meters).controllers(false).start();
        client = member.client();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> client.namespaces().get("default").isPresent());
        ControllerManager.Builder b = ControllerManager.builder(client, meters);
        for (Supplier<Controller> c : controllers) {
            b.controller(c);
        }
        manager = b.build();
        manager.start();
        await().atMost(Duration.ofSeconds(30)).until(manager::ready);
    }

    /** A fresh namespace for one test. */
    public String namespace() {
        String name = "t" + namespaces.incrementAndGet() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
        client.namespaces().create(new Namespace(null, null, ObjectMeta.named(name), null, null));
        return name;
    }

    public static PodTemplateSpec template(Map<String, String> labels) {
        return PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(labels).build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("app").image("nginx:1.25").build())).build())
                .build();
    }

    public static ReplicaSet replicaSet(String ns, String name, int replicas, Map<String, String> labels) {
        return ReplicaSet.builder().metadata(ObjectMeta.of(ns, name))
                .spec(new ReplicaSetSpec(replicas, null, LabelSelector.matchLabels(labels), template(labels))).build();
    }

    /** Plays the node: the pod runs and is ready since {@code since}. */
    public Pod markReady(Pod pod, Instant since) {
        PodStatus status = PodStatus.builder().phase("Running").startTime(since)
                .conditions(List.of(new PodCondition("Ready", "True", null, since, null, null))).build();
        return client.pods().inNamespace(pod.metadata().namespace()).updateStatus(
                pod.withStatus(status).withMetadata(pod.metadata().toBuilder().resourceVersion(null).build()));
    }

    public Pod markReady(Pod pod) {
        return markReady(pod, Instant.now());
    }

    /**
     * Plays the node for a namespace until closed: every pod that is not ready is marked Running and
     * ready, and every pod marked for deletion is deleted, every few milliseconds.
     */
    public AutoCloseable playNode(String ns) {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                try {
                    for (Pod p : pods(ns)) {
                        if (p.metadata().deletionTimestamp() != null) {
                            // a bound pod is only marked for deletion: the node finishes it
                            client.pods().inNamespace(ns).delete(p.metadata().name(),
                                    io.corral.api.client.DeleteOptions.DEFAULTS.withGracePeriodSeconds(0));
                        } else if (!PodConditions.ready(p)) {
                            markReady(p);
                        }
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a pod deleted meanwhile: try again next round
                }
            }
        }, "test-node-" + ns);
        t.setDaemon(true);
        t.start();
        return () -> {
            stop.set(true);
            t.join(5_000);
        };
    }

    /** Edits the named object, retrying while controllers' own writes win the optimistic-concurrency race. */
    public <T extends io.corral.api.model.meta.KubernetesObject<T>> void edit(io.corral.api.client.ResourceClient<T> resources,
                                                                           String name, java.util.function.UnaryOperator<T> change) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            resources.edit(name, change);
            return true;
        });
    }

    public List<Pod> pods(String ns) {
        return client.pods().inNamespace(ns).list().items();
    }

    @Override
    public void close() {
        manager.close();
        client.close();
        member.close();
    }
}
