package io.corral.api.model.meta;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Everything the API server and clients need to know about one kind: where it lives in the
 * REST space ({@code /apis/{group}/{version}/namespaces/{ns}/{plural}}), how it is spelled on
 * the wire, and which Java record holds it.
 *
 * @param group      the API group; empty for the core group
 * @param version    the version, e.g. {@code v1}
 * @param kind       the kind, e.g. {@code Deployment}
 * @param plural     the resource name in URLs, e.g. {@code deployments}
 * @param shortNames short names for command lines, e.g. {@code deploy}; never null
 * @param namespaced whether objects live in a namespace
 * @param type       the Java record
 * @param hasStatus  whether the kind has a {@code status} subresource (the type implements {@link HasStatus})
 * @param <T>        the Java type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ResourceKind<T extends KubernetesObject<T>>(
        String group, String version, String kind, String plural, List<String> shortNames,
        boolean namespaced, Class<T> type, boolean hasStatus) {

    public ResourceKind {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(type, "type");
        shortNames = shortNames == null ? List.of() : List.copyOf(shortNames);
    }

    /** {@code v1} for the core group, else {@code group/version}, e.g. {@code apps/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The kind of a list of these objects, e.g. {@code PodList}. */
    public String listKind() {
        return kind + "List";
    }

    /** The singular resource name, the kind in lower case, e.g. {@code pod}. */
    public String singular() {
        return kind.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code plural.group}, or {@code plural} for the core group, e.g. {@code deployments.apps}. */
    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /**
     * The URL path of the collection: {@code /api/v1/pods} or
     * {@code /apis/apps/v1/namespaces/{namespace}/deployments}.
     *
     * @param namespace the namespace, or null for all namespaces (and for cluster-scoped kinds)
     */
    public String collectionPath(String namespace) {
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        if (namespaced && namespace != null) {
            return prefix + "/namespaces/" + namespace + "/" + plural;
        }
        return prefix + "/" + plural;
    }
}
