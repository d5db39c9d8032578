package io.corral.leader;

import org.apiguardian.api.API;

/**
 * What a {@link LeaderElector} tells its host. Every method has an empty default.
 *
 * <p>Contract:
 * <ol>
 *   <li>Callbacks run on the elector's own thread, one at a time, in the order the changes happened;
 *       they MUST return quickly (start or stop work elsewhere): the elector cannot renew the lease
 *       while a callback runs.</li>
 *   <li>{@link #onStoppedLeading()} follows every {@link #onStartedLeading} exactly once: when the
 *       lease is lost, when it could not be renewed within the renew deadline, or on close.</li>
 *   <li>A callback that throws is logged and otherwise ignored.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface LeaderCallbacks {
    /**
     * This elector became the leader. Work on the leader's behalf should check
     * {@link LeaderContext#isStillLeader()} before each write, and stop at {@link #onStoppedLeading()}.
     */
    default void onStartedLeading(LeaderContext context) {
    }

    /** This elector is no longer the leader (lost, expired or closed); stop acting as leader now. */
    default void onStoppedLeading() {
    }

    /**
     * The lease has a new holder, as this elector observed it (this elector included); also called
     * once for the first holder observed. Never called with null; a released lease is not reported.
     */
    default void onNewLeader(String identity) {
    }
}
