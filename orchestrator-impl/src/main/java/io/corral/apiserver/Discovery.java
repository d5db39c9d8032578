package io.corral.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The discovery documents, generated from {@link ResourceKinds}. */
final class Discovery {
    private static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    private final ObjectMapper mapper;
    /** groupVersion ("v1", "apps/v1") to its kinds, in registry order. */
    private final Map<String, List<ResourceKind<?>>> byGroupVersion = new LinkedHashMap<>();

    Discovery(ObjectMapper mapper) {
        this.mapper = mapper;
        for (ResourceKind<?> k : ResourceKinds.all()) {
            byGroupVersion.computeIfAbsent(k.apiVersion(), x -> new ArrayList<>()).add(k);
        }
    }

    /** {@code /api}: APIVersions. */
    ObjectNode coreVersions(String serverAddress) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        ObjectNode cidr = doc.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return doc;
    }

    /** {@code /apis}: APIGroupList of every named group. */
    ObjectNode groups() {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIGroupList");
        doc.put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        for (String gv : byGroupVersion.keySet()) {
            if (gv.contains("/")) {
                groups.add(groupBody(gv.substring(0, gv.indexOf('/'))));
            }
        }
        return doc;
    }

    /** {@code /apis/{group}}: APIGroup, empty when the group is unknown. */
    Optional<ObjectNode> group(String group) {
        for (String gv : byGroupVersion.keySet()) {
            if (gv.startsWith(group + "/")) {
                ObjectNode doc = groupBody(group);
                doc.put("kind", "APIGroup");
                doc.put("apiVersion", "v1");
                return Optional.of(doc);
            }
        }
        return Optional.empty();
    }

    private ObjectNode groupBody(String group) {
        ObjectNode g = mapper.createObjectNode();
        g.put("name", group);
        ArrayNode versions = g.putArray("versions");
        ObjectNode preferred = null;
        for (String gv : byGroupVersion.keySet()) {
            if (gv.startsWith(group + "/")) {
                ObjectNode v = versions.addObject();
                v.put("groupVersion", gv);
                v.put("version", gv.substring(group.length() + 1));
                if (preferred == null) {
                    preferred = v.deepCopy();
                }
            }
        }
        g.set("preferredVersion", preferred);
        return g;
    }

    /** {@code /api/v1} or {@code /apis/{group}/{version}}: APIResourceList, empty when unknown. */
    Optional<ObjectNode> resources(String groupVersion) {
        List<ResourceKind<?>> kinds = byGroupVersion.get(groupVersion);
        if (kinds == null) {
            return Optional.empty();
        }
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIResourceList");
        doc.put("apiVersion", "v1");
        doc.put("groupVersion", groupVersion);
        ArrayNode resources = doc.putArray("resources");
        for (ResourceKind<?> k : kinds) {
            ObjectNode r = resources.addObject();
            r.put("name", k.plural());
            r.put("singularName", k.singular());
            r.put("namespaced", k.namespaced());
            r.put("kind", k.kind());
            ArrayNode verbs = r.putArray("verbs");
            VERBS.forEach(verbs::add);
            if (!k.shortNames().isEmpty()) {
                ArrayNode shortNames = r.putArray("shortNames");
                k.shortNames().forEach(shortNames::add);
            }
            if (k.hasStatus()) {
                ObjectNode s = resources.addObject();
                s.put("name", k.plural() + "/status");
                s.put("singularName", "");
                s.put("namespaced", k.namespaced());
                s.put("kind", k.kind());
                ArrayNode sv = s.putArray("verbs");
                STATUS_VERBS.forEach(sv::add);
            }
        }
        return Optional.of(doc);
    }

    /** {@code /version}. */
    ObjectNode version() {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("major", "1");
        doc.put("minor", "31");
        doc.put("gitVersion", "v1.31.0-corral.0.1.0");
        doc.put("gitCommit", "");
        doc.put("gitTreeState", "clean");
        doc.put("buildDate", "");
        doc.put("goVersion", "java" + Runtime.version().feature());
        doc.put("compiler", "javac");
        doc.put("platform", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
                + System.getProperty("os.arch"));
        return doc;
    }
}
