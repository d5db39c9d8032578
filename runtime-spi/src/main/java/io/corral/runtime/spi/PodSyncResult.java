package io.corral.runtime.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The outcome of {@link ContainerRuntime#syncPod} or {@link ContainerRuntime#killPod}: one
 * {@link SyncResult} per step taken, in order, plus an error that stopped the sync before any step
 * (for example the runtime being unavailable). Immutable; build with {@link #builder()}.
 *
 * @param steps     the steps taken, in order; immutable
 * @param syncError the error that aborted the sync; null if none
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodSyncResult(List<SyncResult> steps, ContainerRuntimeException syncError) {
    public PodSyncResult {
        steps = Checks.list(steps, "podSyncResult.steps");
    }

    /** A result with no steps: nothing had to be done. */
    public static PodSyncResult nothingToDo() {
        return new PodSyncResult(List.of(), null);
    }

    /** Whether no step failed and no error aborted the sync. */
    public boolean succeeded() {
        return syncError == null && steps.stream().allMatch(SyncResult::succeeded);
    }

    /** The failed steps, in order. */
    public List<SyncResult> failures() {
        return steps.stream().filter(s -> !s.succeeded()).toList();
    }

    /** The steps of an action, in order. */
    public List<SyncResult> steps(SyncAction action) {
        return steps.stream().filter(s -> s.action() == action).toList();
    }

    /** The last step of that action on that target. */
    public Optional<SyncResult> find(SyncAction action, String target) {
        SyncResult found = null;
        for (SyncResult s : steps) {
            if (s.action() == action && s.target().equals(target)) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The failures as one exception, or empty if the sync succeeded. Its reason is that of the
     * {@link #syncError()} if any, else {@code INTERNAL}; the message lists every failed step.
     */
    public Optional<ContainerRuntimeException> error() {
        if (succeeded()) {
            return Optional.empty();
        }
        String failed = failures().stream().map(SyncResult::toString).collect(Collectors.joining("; "));
        if (syncError != null) {
            String message = failed.isEmpty() ? syncError.getMessage() : syncError.getMessage() + "; " + failed;
            return Optional.of(new ContainerRuntimeException(syncError.reason(), message, syncError));
        }
        return Optional.of(new ContainerRuntimeException(ContainerRuntimeException.Reason.INTERNAL, "pod sync failed: " + failed));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Accumulates the steps of a sync; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final List<SyncResult> steps = new ArrayList<>();
        private ContainerRuntimeException syncError;

        private Builder() {
        }

        public Builder add(SyncResult step) {
            steps.add(Checks.notNull(step, "step"));
            return this;
        }

        public Builder ok(SyncAction action, String target) {
            return add(SyncResult.ok(action, target));
        }

        public Builder fail(SyncAction action, String target, SyncErrorReason error, String message) {
            return add(SyncResult.failed(action, target, error, message));
        }

        /** Adds every step and the sync error (if this one has none) of another result. */
        public Builder addAll(PodSyncResult other) {
            steps.addAll(other.steps());
            if (syncError == null) {
                syncError = other.syncError();
            }
            return this;
        }

        /** Records the error that aborted the sync; the first one wins. */
        public Builder syncError(ContainerRuntimeException error) {
            if (syncError == null) {
                syncError = error;
            }
            return this;
        }

        /** Whether a step so far failed or the sync was aborted. */
        public boolean hasFailed() {
            return syncError != null || steps.stream().anyMatch(s -> !s.succeeded());
        }

        public PodSyncResult build() {
            return new PodSyncResult(steps, syncError);
        }
    }
}
