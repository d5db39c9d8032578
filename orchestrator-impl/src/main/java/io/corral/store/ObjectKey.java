package io.corral.store;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The identity of one stored object.
 *
 * @param type      the resource type, never null
 * @param namespace the namespace, or null for a cluster-scoped object
 * @param name      the object's name, never null or empty
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ObjectKey(ResourceType type, String namespace, String name) {
    public ObjectKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (namespace != null && namespace.isEmpty()) {
            namespace = null;
        }
        if (name.isEmpty() || name.indexOf('/') >= 0 || (namespace != null && namespace.indexOf('/') >= 0)) {
            throw new IllegalArgumentException("invalid object key " + namespace + "/" + name);
        }
    }

    /** A namespaced key. */
    public static ObjectKey of(ResourceType type, String namespace, String name) {
        return new ObjectKey(type, namespace, name);
    }

    /** A cluster-scoped key. */
    public static ObjectKey clusterScoped(ResourceType type, String name) {
        return new ObjectKey(type, null, name);
    }

    @Override
    public String toString() {
        return type + "/" + (namespace == null ? "" : namespace + "/") + name;
    }
}
