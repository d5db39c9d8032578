package io.corral.node;

import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.Node;
import org.apiguardian.api.API;

/**
 * Where the node agent reports its node (the wiring creates or updates the {@code Node} object and
 * the heartbeat {@code Lease} in {@code kube-node-lease}). Called from the heartbeat, one call at a
 * time. An exception thrown is logged and the report is retried on the next heartbeat.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface NodeStatusSink {

    /** The node object (metadata, spec and status) as the agent sees it now; non-null. */
    void updateNode(Node node);

    /** The renewed heartbeat lease; non-null. */
    void renewLease(Lease lease);
}
