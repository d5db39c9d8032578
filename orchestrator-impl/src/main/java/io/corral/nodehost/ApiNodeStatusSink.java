package io.corral.nodehost;

import io.corral.api.client.CorralClient;
import io.corral.api.client.ResourceClient;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.Node;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.node.NodeObjects;
import io.corral.node.NodeStatusSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The node object and its lease to the API. The agent owns the node's labels (merged into the
 * stored ones), the stream endpoint annotation and the status; the spec (taints, unschedulable) is
 * left as stored, since the node lifecycle controller and administrators write it.
 */
final class ApiNodeStatusSink implements NodeStatusSink {
    private final CorralClient client;
    private final String endpoint;

    /** @param endpoint the API URL of the member running this node, written as {@link NodeService#ENDPOINT_ANNOTATION}; nullable */
    ApiNodeStatusSink(CorralClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    @Override
    public void updateNode(Node node) {
        ResourceClient<Node> nodes = client.nodes();
        String name = node.metadata().name();
        Optional<Node> stored = nodes.get(name);
        if (stored.isEmpty()) {
            ObjectMeta meta = node.metadata().toBuilder().resourceVersion(null).uid(null)
                    .annotations(withEndpoint(node.metadata().annotations())).build();
            try {
                Node created = nodes.create(node.withMetadata(meta));
                nodes.updateStatus(created.withStatus(node.status()));
                return;
            } catch (ApiException e) {
                if (e.reason() != StatusReason.ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
        Conflicts.retry(() -> {
            Node current = nodes.require(name);
            Map<String, String> labels = new LinkedHashMap<>(nullSafe(current.metadata().labels()));
            labels.putAll(nullSafe(node.metadata().labels()));
            Map<String, String> annotations = withEndpoint(current.metadata().annotations());
            if (!labels.equals(nullSafe(current.metadata().labels()))
                    || !annotations.equals(nullSafe(current.metadata().annotations()))) {
                current = nodes.update(current.withMetadata(current.metadata().toBuilder()
                        .labels(labels).annotations(annotations).build()));
            }
            return nodes.updateStatus(current.withStatus(node.status()));
        });
    }

    @Override
    public void renewLease(Lease lease) {
        ResourceClient<Lease> leases = client.leases().inNamespace(NodeObjects.LEASE_NAMESPACE);
        String name = lease.metadata().name();
        Conflicts.retry(() -> {
            Optional<Lease> current = leases.get(name);
            if (current.isEmpty()) {
                try {
                    return leases.create(lease.withMetadata(lease.metadata().toBuilder()
                            .namespace(NodeObjects.LEASE_NAMESPACE).resourceVersion(null).uid(null).build()));
                } catch (ApiException e) {
                    if (e.reason() == StatusReason.NOT_FOUND) {
                        createLeaseNamespace();
                        throw new ApiException(StatusReason.CONFLICT, e.getMessage());
                    }
                    if (e.reason() == StatusReason.ALREADY_EXISTS) {
                        throw new ApiException(StatusReason.CONFLICT, e.getMessage());
                    }
                    throw e;
                }
            }
            return leases.update(new Lease(current.get().apiVersion(), current.get().kind(), current.get().metadata(),
                    lease.spec()));
        });
    }

    private void createLeaseNamespace() {
        try {
            client.namespaces().create(io.corral.api.model.core.Namespace.builder().apiVersion("v1").kind("Namespace")
                    .metadata(ObjectMeta.named(NodeObjects.LEASE_NAMESPACE)).build());
        } catch (ApiException e) {
            if (e.reason() != StatusReason.ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    private Map<String, String> withEndpoint(Map<String, String> annotations) {
        Map<String, String> result = new LinkedHashMap<>(nullSafe(annotations));
        if (endpoint != null) {
            result.put(NodeService.ENDPOINT_ANNOTATION, endpoint);
        }
        return result;
    }

    private static Map<String, String> nullSafe(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    static boolean sameEndpoint(Node node, String endpoint) {
        return Objects.equals(nullSafe(node.metadata().annotations()).get(NodeService.ENDPOINT_ANNOTATION), endpoint);
    }
}
