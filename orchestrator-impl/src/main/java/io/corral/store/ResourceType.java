package io.corral.store;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A kind of stored object, named as in a REST path: API group ({@code ""} for core) and the
 * plural resource, e.g. {@code ("", "pods")} or {@code ("apps", "deployments")}.
 *
 * @param group    API group, never null, {@code ""} for the core group
 * @param resource plural lower-case resource name, never null or empty
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ResourceType(String group, String resource) {
    public ResourceType {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(resource, "resource");
        if (resource.isEmpty() || resource.indexOf('/') >= 0 || group.indexOf('/') >= 0) {
            throw new IllegalArgumentException("invalid resource type " + group + "/" + resource);
        }
    }

    /** A resource of the core group, e.g. {@code core("pods")}. */
    public static ResourceType core(String resource) {
        return new ResourceType("", resource);
    }

    @Override
    public String toString() {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
