package io.corral.node;

import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records everything the agent reports. */
class Recording implements PodStatusSink, NodeStatusSink, EventRecorder {
    record Event(String pod, String fieldPath, Type type, String reason, String message) {
    }

    final List<PodStatus> statuses = new CopyOnWriteArrayList<>();
    final List<String> terminated = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<Node> nodes = new CopyOnWriteArrayList<>();
    final List<Lease> leases = new CopyOnWriteArrayList<>();

    @Override
    public void updateStatus(Pod pod, PodStatus status) {
        statuses.add(status);
    }

    @Override
    public void podTerminated(Pod pod) {
        terminated.add(pod.metadata().name());
    }

    @Override
    public void updateNode(Node node) {
        nodes.add(node);
    }

    @Override
    public void renewLease(Lease lease) {
        leases.add(lease);
    }

    @Override
    public void record(Pod pod, String fieldPath, Type type, String reason, String message) {
        events.add(new Event(pod.metadata().name(), fieldPath, type, reason, message));
    }

    PodStatus lastStatus() {
        return statuses.get(statuses.size() - 1);
    }

    List<String> reasons() {
        return events.stream().map(Event::reason).toList();
    }
}
