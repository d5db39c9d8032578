package io.corral.node;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises work per pod: {@link #request(String)} asks for the pod's sync; at most one sync of a
 * pod runs at a time, and requests arriving while it runs coalesce into one more run afterwards
 * (syncs are level-triggered, so the latest desired state is what counts). Syncs of different pods
 * run in parallel on the {@link Executor}; with a direct executor ({@code Runnable::run}) everything
 * runs on the caller's thread, which makes tests deterministic.
 *
 * <p>Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);

    private static final class State {
        boolean pending;
    }

    private final Executor executor;
    private final Consumer<String> sync;
    private final Map<String, State> running = new HashMap<>();

    /**
     * @param executor runs the syncs
     * @param sync     syncs the pod of a uid; an exception it throws is logged and does not stop later syncs
     */
    public PodWorkers(Executor executor, Consumer<String> sync) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    /** Asks for a sync of the pod; returns at once unless the executor is direct. */
    public void request(String uid) {
        synchronized (running) {
            State state = running.get(uid);
            if (state != null) {
                state.pending = true;
                return;
            }
            running.put(uid, new State());
        }
        try {
            executor.execute(() -> loop(uid));
        } catch (RuntimeException e) {
            synchronized (running) {
                running.remove(uid);
            }
            throw e;
        }
    }

    /** Whether a sync of the pod is running or pending. */
    public boolean isBusy(String uid) {
        synchronized (running) {
            return running.containsKey(uid);
        }
    }

    /** How many pods have a sync running or pending. */
    public int busyCount() {
        synchronized (running) {
            return running.size();
        }
    }

    private void loop(String uid) {
        while (true) {
            try {
                sync.accept(uid);
            } catch (RuntimeException e) {
                LOG.error("sync of pod {} failed", uid, e);
            }
            synchronized (running) {
                State state = running.get(uid);
                if (state == null || !state.pending) {
                    running.remove(uid);
                    return;
                }
                state.pending = false;
            }
        }
    }
}
