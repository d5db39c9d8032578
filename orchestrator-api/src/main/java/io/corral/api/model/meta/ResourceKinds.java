package io.corral.api.model.meta;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The registry of every built-in kind. The API server, the store and the clients are
 * generated from {@link #all()}: iterate it to mount routes, create stores and build clients.
 * Immutable and thread-safe; constants such as {@link #POD} give typed access.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ResourceKinds {
    public static final ResourceKind<Pod> POD = core("Pod", "pods", List.of("po"), true, Pod.class, true);
    public static final ResourceKind<Node> NODE = core("Node", "nodes", List.of("no"), false, Node.class, true);
    public static final ResourceKind<Namespace> NAMESPACE =
            core("Namespace", "namespaces", List.of("ns"), false, Namespace.class, true);
    public static final ResourceKind<Service> SERVICE =
            core("Service", "services", List.of("svc"), true, Service.class, true);
    public static final ResourceKind<Endpoints> ENDPOINTS =
            core("Endpoints", "endpoints", List.of("ep"), true, Endpoints.class, false);
    public static final ResourceKind<Secret> SECRET = core("Secret", "secrets", List.of(), true, Secret.class, false);
    public static final ResourceKind<ConfigMap> CONFIG_MAP =
            core("ConfigMap", "configmaps", List.of("cm"), true, ConfigMap.class, false);
    public static final ResourceKind<PersistentVolume> PERSISTENT_VOLUME =
            core("PersistentVolume", "persistentvolumes", List.of("pv"), false, PersistentVolume.class, true);
    public static final ResourceKind<PersistentVolumeClaim> PERSISTENT_VOLUME_CLAIM = core("PersistentVolumeClaim",
            "persistentvolumeclaims", List.of("pvc"), true, PersistentVolumeClaim.class, true);
    public static final ResourceKind<ReplicationController> REPLICATION_CONTROLLER = core("ReplicationController",
            "replicationcontrollers", List.of("rc"), true, ReplicationController.class, true);
    public static final ResourceKind<ResourceQuota> RESOURCE_QUOTA =
            core("ResourceQuota", "resourcequotas", List.of("quota"), true, ResourceQuota.class, true);
    public static final ResourceKind<LimitRange> LIMIT_RANGE =
            core("LimitRange", "limitranges", List.of("limits"), true, LimitRange.class, false);
    public static final ResourceKind<Event> EVENT = core("Event", "events", List.of("ev"), true, Event.class, false);
    public static final ResourceKind<ReplicaSet> REPLICA_SET =
            kind("apps", "ReplicaSet", "replicasets", List.of("rs"), true, ReplicaSet.class, true);
    public static final ResourceKind<Deployment> DEPLOYMENT =
            kind("apps", "Deployment", "deployments", List.of("deploy"), true, Deployment.class, true);
    public static final ResourceKind<StatefulSet> STATEFUL_SET =
            kind("apps", "StatefulSet", "statefulsets", List.of("sts"), true, StatefulSet.class, true);
    public static final ResourceKind<DaemonSet> DAEMON_SET =
            kind("apps", "DaemonSet", "daemonsets", List.of("ds"), true, DaemonSet.class, true);
    public static final ResourceKind<Job> JOB = kind("batch", "Job", "jobs", List.of(), true, Job.class, true);
    public static final ResourceKind<HorizontalPodAutoscaler> HORIZONTAL_POD_AUTOSCALER = kind("autoscaling",
            "HorizontalPodAutoscaler", "horizontalpodautoscalers", List.of("hpa"), true,
            HorizontalPodAutoscaler.class, true);
    public static final ResourceKind<Ingress> INGRESS =
            kind("networking.k8s.io", "Ingress", "ingresses", List.of("ing"), true, Ingress.class, true);
    public static final ResourceKind<Lease> LEASE =
            kind("coordination.k8s.io", "Lease", "leases", List.of(), true, Lease.class, false);

    private static final List<ResourceKind<?>> ALL = List.of(POD, NODE, NAMESPACE, SERVICE, ENDPOINTS, SECRET,
            CONFIG_MAP, PERSISTENT_VOLUME, PERSISTENT_VOLUME_CLAIM, REPLICATION_CONTROLLER, RESOURCE_QUOTA,
            LIMIT_RANGE, EVENT, REPLICA_SET, DEPLOYMENT, STATEFUL_SET, DAEMON_SET, JOB, HORIZONTAL_POD_AUTOSCALER,
            INGRESS, LEASE);
    private static final Map<String, ResourceKind<?>> BY_API_VERSION_KIND =
            index(k -> k.apiVersion() + "/" + k.kind());
    private static final Map<String, ResourceKind<?>> BY_LIST_KIND = index(k -> k.apiVersion() + "/" + k.listKind());
    private static final Map<String, ResourceKind<?>> BY_GROUP_RESOURCE = index(k -> k.group() + "/" + k.plural());
    private static final Map<Class<?>, ResourceKind<?>> BY_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ResourceKind::type, Function.identity()));

    private ResourceKinds() {
    }

    /** Every registered kind, core group first; an unmodifiable list. */
    public static List<ResourceKind<?>> all() {
        return ALL;
    }

    /** The kind for a wire {@code apiVersion} and {@code kind}, e.g. {@code ("apps/v1", "Deployment")}. */
    public static Optional<ResourceKind<?>> byApiVersionAndKind(String apiVersion, String kind) {
        return Optional.ofNullable(BY_API_VERSION_KIND.get(apiVersion + "/" + kind));
    }

    /** The item kind for a list's {@code apiVersion} and {@code kind}, e.g. {@code ("v1", "PodList")}. */
    public static Optional<ResourceKind<?>> byListKind(String apiVersion, String listKind) {
        return Optional.ofNullable(BY_LIST_KIND.get(apiVersion + "/" + listKind));
    }

    /** The kind for a group (empty for core) and plural resource name, e.g. {@code ("apps", "deployments")}. */
    public static Optional<ResourceKind<?>> byResource(String group, String plural) {
        return Optional.ofNullable(BY_GROUP_RESOURCE.get(group + "/" + plural));
    }

    /**
     * The kind a command-line style name refers to: a plural, singular, short name or kind,
     * case-insensitive, optionally qualified by group ({@code deployments.apps}).
     */
    public static Optional<ResourceKind<?>> lookup(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ResourceKind<?> k : ALL) {
            if (k.plural().equals(n) || k.singular().equals(n) || k.shortNames().contains(n)
                    || k.groupResource().equals(n)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The kind held by a Java type. */
    @SuppressWarnings("unchecked")
    public static <T extends KubernetesObject<T>> Optional<ResourceKind<T>> byType(Class<T> type) {
        return Optional.ofNullable((ResourceKind<T>) BY_TYPE.get(type));
    }

    /** The kind of an object. */
    @SuppressWarnings("unchecked")
    public static <T extends KubernetesObject<T>> ResourceKind<T> of(T object) {
        ResourceKind<T> k = (ResourceKind<T>) BY_TYPE.get(object.getClass());
        if (k == null) {
            throw new IllegalArgumentException("not a registered kind: " + object.getClass().getName());
        }
        return k;
    }

    private static Map<String, ResourceKind<?>> index(Function<ResourceKind<?>, String> key) {
        return ALL.stream().collect(Collectors.toUnmodifiableMap(key, Function.identity()));
    }

    private static <T extends KubernetesObject<T>> ResourceKind<T> core(String kind, String plural,
            List<String> shortNames, boolean namespaced, Class<T> type, boolean hasStatus) {
        return kind("", kind, plural, shortNames, namespaced, type, hasStatus);
    }

    private static <T extends KubernetesObject<T>> ResourceKind<T> kind(String group, String kind, String plural,
            List<String> shortNames, boolean namespaced, Class<T> type, boolean hasStatus) {
        return new ResourceKind<>(group, "v1", kind, plural, shortNames, namespaced, type, hasStatus);
    }
}
