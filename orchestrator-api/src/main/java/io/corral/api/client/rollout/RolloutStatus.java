package io.corral.api.client.rollout;

import io.corral.api.model.apps.DaemonSet;
import io.corral.api.model.apps.DaemonSetStatus;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentCondition;
import io.corral.api.model.apps.DeploymentStatus;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.apps.StatefulSetStatus;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a rollout stands, read from a workload's spec and status as {@code kubectl rollout status}
 * reads them, with the same messages ("Waiting for deployment "web" rollout to finish: 1 of 3 updated
 * replicas are available...").
 *
 * @param state   {@link State#DONE} when the rollout is complete, {@link State#FAILED} when it cannot
 *                complete (a Deployment past its progress deadline; a strategy without rollouts),
 *                {@link State#IN_PROGRESS} otherwise
 * @param message a one-line, human-readable account; never null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RolloutStatus(State state, String message) {
    /** The three outcomes of reading a rollout. */
    public enum State { IN_PROGRESS, DONE, FAILED }

    public RolloutStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }

    /** Whether the rollout is complete. */
    public boolean done() {
        return state == State.DONE;
    }

    /** A Deployment's rollout. */
    public static RolloutStatus of(Deployment d) {
        String name = d.metadata().name();
        DeploymentStatus s = d.status();
        if (s == null || !observed(d.metadata().generation(), s.observedGeneration())) {
            return waiting("Waiting for deployment spec update to be observed...");
        }
        for (DeploymentCondition c : s.conditions()) {
            if ("Progressing".equals(c.type()) && "ProgressDeadlineExceeded".equals(c.reason())) {
                return new RolloutStatus(State.FAILED, "deployment \"" + name + "\" exceeded its progress deadline");
            }
        }
        int wanted = d.spec() == null || d.spec().replicas() == null ? 1 : d.spec().replicas();
        int updated = n(s.updatedReplicas());
        int total = n(s.replicas());
        int available = n(s.availableReplicas());
        String prefix = "Waiting for deployment \"" + name + "\" rollout to finish: ";
        if (updated < wanted) {
            return waiting(prefix + updated + " out of " + wanted + " new replicas have been updated...");
        }
        if (total > updated) {
            return waiting(prefix + (total - updated) + " old replicas are pending termination...");
        }
        if (available < updated) {
            return waiting(prefix + available + " of " + updated + " updated replicas are available...");
        }
        return new RolloutStatus(State.DONE, "deployment \"" + name + "\" successfully rolled out");
    }

    /** A StatefulSet's rollout (RollingUpdate strategy only, with its partition). */
    public static RolloutStatus of(StatefulSet set) {
        String strategy = set.spec() == null || set.spec().updateStrategy() == null || set.spec().updateStrategy().type() == null
                ? "RollingUpdate" : set.spec().updateStrategy().type();
        if (!"RollingUpdate".equals(strategy)) {
            return new RolloutStatus(State.FAILED, "rollout status is only available for RollingUpdate strategy type");
        }
        StatefulSetStatus s = set.status();
        if (s == null || !observed(set.metadata().generation(), s.observedGeneration())) {
            return waiting("Waiting for statefulset spec update to be observed...");
        }
        int wanted = set.spec().replicas() == null ? 1 : set.spec().replicas();
        if (n(s.readyReplicas()) < wanted) {
            return waiting("Waiting for " + (wanted - n(s.readyReplicas())) + " pods to be ready...");
        }
        var rolling = set.spec().updateStrategy() == null ? null : set.spec().updateStrategy().rollingUpdate();
        int partition = rolling == null || rolling.partition() == null ? 0 : rolling.partition();
        if (partition > 0) {
            int target = Math.max(0, wanted - partition);
            if (n(s.updatedReplicas()) < target) {
                return waiting("Waiting for partitioned roll out to finish: " + n(s.updatedReplicas()) + " out of " + target
                        + " new pods have been updated...");
            }
            return new RolloutStatus(State.DONE, "partitioned roll out complete: " + n(s.updatedReplicas()) + " new pods have been updated...");
        }
        if (s.updateRevision() != null && !s.updateRevision().equals(s.currentRevision())) {
            return waiting("waiting for statefulset rolling update to complete " + n(s.updatedReplicas()) + " pods at revision "
                    + s.updateRevision() + "...");
        }
        return new RolloutStatus(State.DONE, "statefulset rolling update complete " + n(s.currentReplicas()) + " pods at revision "
                + s.currentRevision() + "...");
    }

    /** A DaemonSet's rollout (RollingUpdate strategy only). */
    public static RolloutStatus of(DaemonSet set) {
        String strategy = set.spec() == null || set.spec().updateStrategy() == null || set.spec().updateStrategy().type() == null
                ? "RollingUpdate" : set.spec().updateStrategy().type();
        if (!"RollingUpdate".equals(strategy)) {
            return new RolloutStatus(State.FAILED, "rollout status is only available for RollingUpdate strategy type");
        }
        String name = set.metadata().name();
        DaemonSetStatus s = set.status();
        if (s == null || !observed(set.metadata().generation(), s.observedGeneration())) {
            return waiting("Waiting for daemon set spec update to be observed...");
        }
        int desired = n(s.desiredNumberScheduled());
        String prefix = "Waiting for daemon set \"" + name + "\" rollout to finish: ";
        if (n(s.updatedNumberScheduled()) < desired) {
            return waiting(prefix + n(s.updatedNumberScheduled()) + " out of " + desired + " new pods have been updated...");
        }
        if (n(s.numberAvailable()) < desired) {
            return waiting(prefix + n(s.numberAvailable()) + " of " + desired + " updated pods are available...");
        }
        return new RolloutStatus(State.DONE, "daemon set \"" + name + "\" successfully rolled out");
    }

    private static boolean observed(Long generation, Long observedGeneration) {
        return observedGeneration != null && (generation == null || observedGeneration >= generation);
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }

    private static RolloutStatus waiting(String message) {
        return new RolloutStatus(State.IN_PROGRESS, message);
    }
}
