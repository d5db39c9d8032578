package io.corral.api.client;

import io.corral.api.client.spi.ResourceApi;
import io.corral.api.model.apps.DaemonSet;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.autoscaling.HorizontalPodAutoscaler;
import io.corral.api.model.batch.Job;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.LimitRange;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.ReplicationController;
import io.corral.api.model.core.ResourceQuota;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.Service;
import io.corral.api.model.networking.Ingress;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import org.apiguardian.api.API;

/**
 * The typed client: one {@link ResourceClient} per kind of {@link ResourceKinds}, e.g.
 * <pre>{@code
 * ObjectList<Pod> web = client.pods().inNamespace("shop").withLabelSelector("app=web").list();
 * Optional<Pod> pod = client.pods().inNamespace("shop").withName("web-1").get();
 * client.deployments().inNamespace("shop").edit("web", d -> d.withSpec(d.spec().withReplicas(3)));
 * try (Watch w = client.pods().inNamespace("shop").watch(web.metadata().resourceVersion(), event -> ...)) { ... }
 * }</pre>
 * Thread-safe. Implementations: {@link io.corral.api.client.remote.RemoteCorralClient} (over HTTP), or
 * {@link #over(ResourceApi)} for any {@link ResourceApi} (such as an in-process one). Informers
 * ({@link io.corral.api.client.informer.SharedInformer}) work over any implementation.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface CorralClient extends AutoCloseable {
    /** A client whose every call goes to {@code api}; closing it closes {@code api}. */
    static CorralClient over(ResourceApi api) {
        return new DefaultCorralClient(api);
    }

    /** The operations on any registered kind, over all namespaces and without selectors. */
    <T extends KubernetesObject<T>> ResourceClient<T> resources(ResourceKind<T> kind);

    /** Releases what this client created (connections, threads); open watches end. Idempotent. */
    @Override
    void close();

    /** {@link ResourceKinds#POD}. */
    default ResourceClient<Pod> pods() {
        return resources(ResourceKinds.POD);
    }

    /** {@link ResourceKinds#NODE}. */
    default ResourceClient<Node> nodes() {
        return resources(ResourceKinds.NODE);
    }

    /** {@link ResourceKinds#NAMESPACE}. */
    default ResourceClient<Namespace> namespaces() {
        return resources(ResourceKinds.NAMESPACE);
    }

    /** {@link ResourceKinds#SERVICE}. */
    default ResourceClient<Service> services() {
        return resources(ResourceKinds.SERVICE);
    }

    /** {@link ResourceKinds#ENDPOINTS}. */
    default ResourceClient<Endpoints> endpoints() {
        return resources(ResourceKinds.ENDPOINTS);
    }

    /** {@link ResourceKinds#SECRET}. */
    default ResourceClient<Secret> secrets() {
        return resources(ResourceKinds.SECRET);
    }

    /** {@link ResourceKinds#CONFIG_MAP}. */
    default ResourceClient<ConfigMap> configMaps() {
        return resources(ResourceKinds.CONFIG_MAP);
    }

    /** {@link ResourceKinds#PERSISTENT_VOLUME}. */
    default ResourceClient<PersistentVolume> persistentVolumes() {
        return resources(ResourceKinds.PERSISTENT_VOLUME);
    }

    /** {@link ResourceKinds#PERSISTENT_VOLUME_CLAIM}. */
    default ResourceClient<PersistentVolumeClaim> persistentVolumeClaims() {
        return resources(ResourceKinds.PERSISTENT_VOLUME_CLAIM);
    }

    /** {@link ResourceKinds#REPLICATION_CONTROLLER}. */
    default ResourceClient<ReplicationController> replicationControllers() {
        return resources(ResourceKinds.REPLICATION_CONTROLLER);
    }

    /** {@link ResourceKinds#RESOURCE_QUOTA}. */
    default ResourceClient<ResourceQuota> resourceQuotas() {
        return resources(ResourceKinds.RESOURCE_QUOTA);
    }

    /** {@link ResourceKinds#LIMIT_RANGE}. */
    default ResourceClient<LimitRange> limitRanges() {
        return resources(ResourceKinds.LIMIT_RANGE);
    }

    /** {@link ResourceKinds#EVENT}. */
    default ResourceClient<Event> events() {
        return resources(ResourceKinds.EVENT);
    }

    /** {@link ResourceKinds#REPLICA_SET}. */
    default ResourceClient<ReplicaSet> replicaSets() {
        return resources(ResourceKinds.REPLICA_SET);
    }

    /** {@link ResourceKinds#DEPLOYMENT}. */
    default ResourceClient<Deployment> deployments() {
        return resources(ResourceKinds.DEPLOYMENT);
    }

    /** {@link ResourceKinds#STATEFUL_SET}. */
    default ResourceClient<StatefulSet> statefulSets() {
        return resources(ResourceKinds.STATEFUL_SET);
    }

    /** {@link ResourceKinds#DAEMON_SET}. */
    default ResourceClient<DaemonSet> daemonSets() {
        return resources(ResourceKinds.DAEMON_SET);
    }

    /** {@link ResourceKinds#JOB}. */
    default ResourceClient<Job> jobs() {
        return resources(ResourceKinds.JOB);
    }

    /** {@link ResourceKinds#HORIZONTAL_POD_AUTOSCALER}. */
    default ResourceClient<HorizontalPodAutoscaler> horizontalPodAutoscalers() {
        return resources(ResourceKinds.HORIZONTAL_POD_AUTOSCALER);
    }

    /** {@link ResourceKinds#INGRESS}. */
    default ResourceClient<Ingress> ingresses() {
        return resources(ResourceKinds.INGRESS);
    }

    /** {@link ResourceKinds#LEASE}. */
    default ResourceClient<Lease> leases() {
        return resources(ResourceKinds.LEASE);
    }
}
