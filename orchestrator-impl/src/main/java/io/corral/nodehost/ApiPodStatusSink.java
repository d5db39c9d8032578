package io.corral.nodehost;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodStatus;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.node.PodStatusSink;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod statuses to the API's {@code pods/status} (only the status is written; re-read and retried on
 * conflict), and kubelet's final delete of a terminated pod (grace 0, uid precondition, so a pod
 * re-created under the same name is never removed by mistake).
 */
final class ApiPodStatusSink implements PodStatusSink {
    private static final Logger LOG = LoggerFactory.getLogger(ApiPodStatusSink.class);
    private final CorralClient client;

    ApiPodStatusSink(CorralClient client) {
        this.client = client;
    }

    @Override
    public void updateStatus(Pod pod, PodStatus status) {
        String ns = pod.metadata().namespace();
        String name = pod.metadata().name();
        String uid = pod.metadata().uid();
        Conflicts.retry(() -> {
            Optional<Pod> current = client.pods().inNamespace(ns).get(name);
            if (current.isEmpty() || !Objects.equals(current.get().metadata().uid(), uid)) {
                LOG.debug("pod {}/{} ({}) is gone; status dropped", ns, name, uid);
                return null;
            }
            try {
                return client.pods().inNamespace(ns).updateStatus(current.get().withStatus(status));
            } catch (ApiException e) {
                if (e.reason() == StatusReason.NOT_FOUND) {
                    return null;
                }
                throw e;
            }
        });
    }

    @Override
    public void podTerminated(Pod pod) {
        String ns = pod.metadata().namespace();
        String name = pod.metadata().name();
        try {
            client.pods().inNamespace(ns).delete(name, DeleteOptions.DEFAULTS.withGracePeriodSeconds(0)
                    .withPreconditions(DeleteOptions.Preconditions.uid(pod.metadata().uid())));
        } catch (ApiException e) {
            // CONFLICT: the uid differs, a new pod of that name; NOT_FOUND: already gone
            if (e.reason() != StatusReason.CONFLICT && e.reason() != StatusReason.NOT_FOUND) {
                throw e;
            }
        }
    }
}
