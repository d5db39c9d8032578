package io.corral.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The fields each kind can be selected by ({@code fieldSelector}), and how to read them from an
 * object: {@code metadata.name} and {@code metadata.namespace} everywhere, plus the kind's own, as
 * Kubernetes registers them. A field absent from the object reads as its default ({@code ""}, or
 * {@code "false"} for booleans). Immutable and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FieldSelectors {
    /** A field: its path in the object and the value when absent. */
    private record Field(String[] path, String absent) {
    }

    private static final Map<String, Map<String, Field>> BY_KIND = new HashMap<>();

    static {
        for (ResourceKind<?> k : ResourceKinds.all()) {
            Map<String, Field> fields = new LinkedHashMap<>();
            add(fields, "metadata.name", "");
            add(fields, "metadata.namespace", "");
            BY_KIND.put(k.groupResource(), fields);
        }
        Map<String, Field> pods = BY_KIND.get(ResourceKinds.POD.groupResource());
        add(pods, "spec.nodeName", "");
        add(pods, "spec.restartPolicy", "");
        add(pods, "spec.schedulerName", "");
        add(pods, "spec.serviceAccountName", "");
        add(pods, "spec.hostNetwork", "false");
        add(pods, "status.phase", "");
        add(pods, "status.podIP", "");
        add(pods, "status.nominatedNodeName", "");
        Map<String, Field> events = BY_KIND.get(ResourceKinds.EVENT.groupResource());
        for (String f : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
            add(events, "involvedObject." + f, "");
        }
        add(events, "reason", "");
        add(events, "reportingComponent", "");
        add(events, "type", "");
        events.put("source", new Field(new String[] {"source", "component"}, ""));
        add(BY_KIND.get(ResourceKinds.SECRET.groupResource()), "type", "");
        add(BY_KIND.get(ResourceKinds.NODE.groupResource()), "spec.unschedulable", "false");
        add(BY_KIND.get(ResourceKinds.NAMESPACE.groupResource()), "status.phase", "");
        add(BY_KIND.get(ResourceKinds.REPLICA_SET.groupResource()), "status.replicas", "0");
        add(BY_KIND.get(ResourceKinds.REPLICATION_CONTROLLER.groupResource()), "status.replicas", "0");
        add(BY_KIND.get(ResourceKinds.JOB.groupResource()), "status.successful", "0");
        add(BY_KIND.get(ResourceKinds.PERSISTENT_VOLUME_CLAIM.groupResource()), "status.phase", "");
        add(BY_KIND.get(ResourceKinds.PERSISTENT_VOLUME.groupResource()), "status.phase", "");
        add(BY_KIND.get(ResourceKinds.PERSISTENT_VOLUME.groupResource()), "spec.storageClassName", "");
    }

    private FieldSelectors() {
    }

    private static void add(Map<String, Field> fields, String name, String absent) {
        fields.put(name, new Field(name.split("\\."), absent));
    }

    /** The field names {@code kind} supports; empty for an unknown kind. */
    public static Set<String> supported(ResourceKind<?> kind) {
        Map<String, Field> fields = BY_KIND.get(kind.groupResource());
        return fields == null ? Set.of() : Set.copyOf(fields.keySet());
    }

    /** A reader of {@code object}'s selectable fields; unsupported names read as null. */
    public static Function<String, String> fields(ResourceKind<?> kind, ObjectNode object) {
        Map<String, Field> fields = BY_KIND.getOrDefault(kind.groupResource(), Map.of());
        return name -> {
            Field f = fields.get(name);
            if (f == null) {
                return null;
            }
            JsonNode n = object;
            for (String p : f.path()) {
                n = n.path(p);
            }
            return n.isMissingNode() || n.isNull() ? f.absent() : n.asText();
        };
    }
}
