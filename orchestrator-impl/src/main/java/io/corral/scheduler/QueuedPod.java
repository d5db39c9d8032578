package io.corral.scheduler;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * A pod taken from the {@link SchedulingQueue}, with what the queue knows of its history.
 *
 * @param info     the pod's scheduling facts
 * @param attempts how many scheduling attempts failed before this one
 * @param since    when the pod was first seen by the queue (its creation time when it has one); older pods go first among equals
 * @param cycle    the queue's scheduling cycle in which the pod was popped; 0 when not popped
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record QueuedPod(PodInfo info, int attempts, Instant since, long cycle) {
    /** {@code namespace/name}. */
    public String key() {
        return info.key();
    }
}
