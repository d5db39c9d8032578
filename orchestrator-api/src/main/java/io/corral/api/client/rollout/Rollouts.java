package io.corral.api.client.rollout;

import io.corral.api.client.PatchType;
import io.corral.api.client.ResourceClient;
import io.corral.api.client.Watch;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.status.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * {@code kubectl rollout} for Java: wait for a rollout while reporting its progress, roll a
 * Deployment back, pause, resume and restart it. Works with any {@link io.corral.api.client.CorralClient},
 * in-process or remote.
 *
 * <pre>{@code
 * Rollouts.await(client.deployments().inNamespace("shop"), "web", RolloutStatus::of,
 *         Duration.ofMinutes(5), System.out::println);
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Rollouts {
    /** Set on a Deployment to roll it back to that revision ({@code 0}: the previous one); the controller removes it. */
    public static final String ROLLBACK_TO = "deprecated.deployment.rollback.to";
    /** The pod template annotation whose change restarts every pod of a workload ({@code kubectl rollout restart}). */
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    /** How often the object is read again when no watch event arrives (a watch may be cut). */
    private static final Duration RECHECK = Duration.ofSeconds(2);

    private Rollouts() {
    }

    /**
     * Waits until the rollout of the named object is done, calling {@code progress} with each new
     * message (the first one at once), as {@code kubectl rollout status} prints them. Follows the
     * object with a watch and reads it again at least every two seconds.
     *
     * @param client   the namespaced client of the workload's kind
     * @param reader   how to read the rollout, e.g. {@code RolloutStatus::of}
     * @param timeout  how long to wait at most
     * @param progress gets every change of message, on the calling thread; may be a no-op
     * @return the final status, {@link RolloutStatus#done() done}
     * @throws RolloutFailedException when the rollout cannot complete (progress deadline exceeded)
     * @throws ApiException           {@code NOT_FOUND} when the object does not exist or is deleted meanwhile
     * @throws TimeoutException       when the timeout passes first
     * @throws InterruptedException   when interrupted while waiting
     */
    public static <T extends KubernetesObject<T>> RolloutStatus await(ResourceClient<T> client, String name,
                                                                       Function<T, RolloutStatus> reader, Duration timeout,
                                                                       Consumer<String> progress)
            throws TimeoutException, InterruptedException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(progress, "progress");
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore changed = new Semaphore(0);
        String last = null;
        Watch watch = null;
        try {
            while (true) {
                T object = client.require(name);
                RolloutStatus status = reader.apply(object);
                if (!status.message().equals(last)) {
                    last = status.message();
                    progress.accept(last);
                }
                if (status.state() == RolloutStatus.State.DONE) {
                    return status;
                }
                if (status.state() == RolloutStatus.State.FAILED) {
                    throw new RolloutFailedException(status);
                }
                if (watch == null) {
                    watch = client.withFieldSelector("metadata.name=" + name)
                            .watch(object.metadata().resourceVersion(), event -> changed.release());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("rollout of " + name + " not done after " + timeout + ": " + last);
                }
                if (changed.tryAcquire(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS)) {
                    changed.drainPermits();
                }
            }
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }

    /**
     * Rolls a Deployment back to {@code revision} ({@code 0}: the one before the current), as
     * {@code kubectl rollout undo --to-revision}: the controller copies that revision's pod template
     * back into the Deployment, which then rolls out as any update. A merge patch, so it never
     * conflicts with the controller's own writes.
     *
     * @throws IllegalArgumentException for a negative revision
     */
    public static Deployment undo(ResourceClient<Deployment> deployments, String name, long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("revision must be 0 (the previous one) or positive, was " + revision);
        }
        return deployments.patch(name, PatchType.MERGE_PATCH,
                "{\"metadata\":{\"annotations\":{\"" + ROLLBACK_TO + "\":\"" + revision + "\"}}}");
    }

    /** Pauses a Deployment: template changes are not rolled out until {@link #resume}; scaling still applies. */
    public static Deployment pause(ResourceClient<Deployment> deployments, String name) {
        return deployments.patch(name, PatchType.MERGE_PATCH, "{\"spec\":{\"paused\":true}}");
    }

    /** Resumes a paused Deployment. */
    public static Deployment resume(ResourceClient<Deployment> deployments, String name) {
        return deployments.patch(name, PatchType.MERGE_PATCH, "{\"spec\":{\"paused\":false}}");
    }

    /** Restarts every pod of a Deployment by a rolling update, stamping its pod template with {@link #RESTARTED_AT}. */
    public static Deployment restart(ResourceClient<Deployment> deployments, String name, Clock clock) {
        return deployments.patch(name, PatchType.MERGE_PATCH, "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\""
                + RESTARTED_AT + "\":\"" + Instant.now(clock) + "\"}}}}}");
    }

    /** A rollout that cannot complete; {@link #status()} says why. */
    public static final class RolloutFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RolloutStatus status;

        RolloutFailedException(RolloutStatus status) {
            super(status.message());
            this.status = status;
        }

        /** The status that ended the wait. */
        public RolloutStatus status() {
            return status;
        }
    }
}
