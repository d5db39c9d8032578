package io.corral.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import org.apiguardian.api.API;

/**
 * Kubernetes' defaulting of the built-in kinds, on the JSON tree before validation: only fields that
 * are absent are set. Covers pods and every pod template (restartPolicy {@code Always},
 * terminationGracePeriodSeconds 30, dnsPolicy {@code ClusterFirst}, schedulerName, per-container
 * imagePullPolicy by tag, termination message path/policy, port protocol {@code TCP}), services
 * (type {@code ClusterIP}, sessionAffinity {@code None}, targetPort = port), workloads (replicas 1,
 * deployment RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, stateful
 * and daemon set strategies, job parallelism/completions/backoffLimit), secrets (type
 * {@code Opaque}), volumes' claims and namespaces' phase. Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Defaults {
    private Defaults() {
    }

    /** Sets the defaults of {@code kind} on {@code object} (modified in place). */
    public static void apply(ResourceKind<?> kind, ObjectNode object) {
        String k = kind.groupResource();
        if (k.equals(ResourceKinds.POD.groupResource())) {
            podSpec(obj(object, "spec"));
        } else if (k.equals(ResourceKinds.SERVICE.groupResource())) {
            service(obj(object, "spec"));
        } else if (k.equals(ResourceKinds.DEPLOYMENT.groupResource())) {
            ObjectNode spec = obj(object, "spec");
            spec.putIfAbsent("replicas", spec.numberNode(1));
            ObjectNode strategy = obj(spec, "strategy");
            strategy.putIfAbsent("type", strategy.textNode("RollingUpdate"));
            if ("RollingUpdate".equals(strategy.path("type").asText())) {
                ObjectNode ru = obj(strategy, "rollingUpdate");
                ru.putIfAbsent("maxUnavailable", ru.textNode("25%"));
                ru.putIfAbsent("maxSurge", ru.textNode("25%"));
            }
            spec.putIfAbsent("revisionHistoryLimit", spec.numberNode(10));
            spec.putIfAbsent("progressDeadlineSeconds", spec.numberNode(600));
            template(spec);
        } else if (k.equals(ResourceKinds.REPLICA_SET.groupResource())
                || k.equals(ResourceKinds.REPLICATION_CONTROLLER.groupResource())) {
            ObjectNode spec = obj(object, "spec");
            spec.putIfAbsent("replicas", spec.numberNode(1));
            template(spec);
        } else if (k.equals(ResourceKinds.STATEFUL_SET.groupResource())) {
            ObjectNode spec = obj(object, "spec");
            spec.putIfAbsent("replicas", spec.numberNode(1));
            spec.putIfAbsent("podManagementPolicy", spec.textNode("OrderedReady"));
            ObjectNode strategy = obj(spec, "updateStrategy");
            strategy.putIfAbsent("type", strategy.textNode("RollingUpdate"));
            if ("RollingUpdate".equals(strategy.path("type").asText())) {
                obj(strategy, "rollingUpdate").putIfAbsent("partition", strategy.numberNode(0));
            }
            spec.putIfAbsent("revisionHistoryLimit", spec.numberNode(10));
            template(spec);
        } else if (k.equals(ResourceKinds.DAEMON_SET.groupResource())) {
            ObjectNode spec = obj(object, "spec");
            ObjectNode strategy = obj(spec, "updateStrategy");
            strategy.putIfAbsent("type", strategy.textNode("RollingUpdate"));
            if ("RollingUpdate".equals(strategy.path("type").asText())) {
                ObjectNode ru = obj(strategy, "rollingUpdate");
                ru.putIfAbsent("maxUnavailable", ru.numberNode(1));
                ru.putIfAbsent("maxSurge", ru.numberNode(0));
            }
            spec.putIfAbsent("revisionHistoryLimit", spec.numberNode(10));
            template(spec);
        } else if (k.equals(ResourceKinds.JOB.groupResource())) {
            ObjectNode spec = obj(object, "spec");
            spec.putIfAbsent("parallelism", spec.numberNode(1));
            spec.putIfAbsent("completions", spec.numberNode(1));
            spec.putIfAbsent("backoffLimit", spec.numberNode(6));
            template(spec);
        } else if (k.equals(ResourceKinds.HORIZONTAL_POD_AUTOSCALER.groupResource())) {
            ObjectNode spec = obj(object, "spec");
            spec.putIfAbsent("minReplicas", spec.numberNode(1));
        } else if (k.equals(ResourceKinds.SECRET.groupResource())) {
            object.putIfAbsent("type", object.textNode("Opaque"));
        } else if (k.equals(ResourceKinds.NAMESPACE.groupResource())) {
            obj(object, "status").putIfAbsent("phase", object.textNode("Active"));
        } else if (k.equals(ResourceKinds.PERSISTENT_VOLUME.groupResource())) {
            ObjectNode spec = obj(object, "spec");
            spec.putIfAbsent("persistentVolumeReclaimPolicy", spec.textNode("Retain"));
            spec.putIfAbsent("volumeMode", spec.textNode("Filesystem"));
        } else if (k.equals(ResourceKinds.PERSISTENT_VOLUME_CLAIM.groupResource())) {
            ObjectNode spec = obj(object, "spec");
            spec.putIfAbsent("volumeMode", spec.textNode("Filesystem"));
        }
    }

    /** The image pull policy Kubernetes defaults to: {@code Always} for {@code :latest} or no tag. */
    public static String pullPolicy(String image) {
        if (image == null || image.isEmpty()) {
            return "IfNotPresent";
        }
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return "Always";
        }
        return "latest".equals(image.substring(colon + 1)) ? "Always" : "IfNotPresent";
    }

    private static void template(ObjectNode spec) {
        JsonNode template = spec.get("template");
        if (template != null && template.isObject()) {
            podSpec(obj((ObjectNode) template, "spec"));
        }
    }

    private static void podSpec(ObjectNode spec) {
        spec.putIfAbsent("restartPolicy", spec.textNode("Always"));
        spec.putIfAbsent("terminationGracePeriodSeconds", spec.numberNode(30L));
        spec.putIfAbsent("dnsPolicy", spec.textNode("ClusterFirst"));
        spec.putIfAbsent("schedulerName", spec.textNode("default-scheduler"));
        spec.putIfAbsent("enableServiceLinks", spec.booleanNode(true));
        containers(spec.get("containers"));
        containers(spec.get("initContainers"));
    }

    private static void containers(JsonNode containers) {
        if (containers == null || !containers.isArray()) {
            return;
        }
        for (JsonNode c : containers) {
            if (!c.isObject()) {
                continue;
            }
            ObjectNode container = (ObjectNode) c;
            container.putIfAbsent("imagePullPolicy",
                    container.textNode(pullPolicy(container.path("image").asText(null))));
            container.putIfAbsent("terminationMessagePath", container.textNode("/dev/termination-log"));
            container.putIfAbsent("terminationMessagePolicy", container.textNode("File"));
            JsonNode ports = container.get("ports");
            if (ports != null && ports.isArray()) {
                for (JsonNode p : ports) {
                    if (p.isObject()) {
                        ((ObjectNode) p).putIfAbsent("protocol", container.textNode("TCP"));
                    }
                }
            }
        }
    }

    private static void service(ObjectNode spec) {
        spec.putIfAbsent("type", spec.textNode("ClusterIP"));
        spec.putIfAbsent("sessionAffinity", spec.textNode("None"));
        JsonNode ports = spec.get("ports");
        if (ports instanceof ArrayNode array) {
            for (JsonNode p : array) {
                if (p.isObject()) {
                    ObjectNode port = (ObjectNode) p;
                    port.putIfAbsent("protocol", port.textNode("TCP"));
                    JsonNode number = port.get("port");
                    if (number != null && !port.has("targetPort")) {
                        port.set("targetPort", number.deepCopy());
                    }
                }
            }
        }
    }

    /** The object field {@code name} of {@code parent}, created when absent or not an object. */
    private static ObjectNode obj(ObjectNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(name);
    }
}
