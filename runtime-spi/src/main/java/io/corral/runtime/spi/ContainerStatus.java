package io.corral.runtime.spi;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * The status of one container instance. A restarted container is a new instance with a new id;
 * the runtime reports the newest instance per name first in {@link PodStatus#containers()}.
 *
 * @param id           the container id; non-null
 * @param name         the container name within the pod; non-blank
 * @param state        its state; non-null
 * @param createdAt    when it was created; nullable
 * @param startedAt    when it started; null if it never started
 * @param finishedAt   when it exited; null unless {@code EXITED}
 * @param exitCode     the exit code; meaningful only when {@code EXITED}
 * @param reason       a short CamelCase reason, e.g. {@code Completed}, {@code Error}, {@code OOMKilled}; nullable
 * @param message      a human readable message; nullable
 * @param image        the image reference from the spec; non-null
 * @param imageId      the resolved image id; nullable
 * @param restartCount how many times a container of this name was restarted in this pod; &gt;= 0
 * @param hash         the {@link ContainerDescription#hash()} it was created from (0 if unknown)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ContainerStatus(ContainerId id, String name, ContainerState state, Instant createdAt, Instant startedAt,
                              Instant finishedAt, int exitCode, String reason, String message, String image,
                              String imageId, int restartCount, long hash) {
    /** Reason of a container that exited with code 0. */
    public static final String REASON_COMPLETED = "Completed";
    /** Reason of a container that exited with a non-zero code. */
    public static final String REASON_ERROR = "Error";
    /** Reason of a container killed for exceeding its memory limit. */
    public static final String REASON_OOM_KILLED = "OOMKilled";

    public ContainerStatus {
        Checks.notNull(id, "containerStatus.id");
        Checks.notBlank(name, "containerStatus.name");
        Checks.notNull(state, "containerStatus.state");
        Checks.notNull(image, "containerStatus.image");
        Checks.notNegative(restartCount, "containerStatus.restartCount");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().id(id).name(name).state(state).createdAt(createdAt).startedAt(startedAt)
                .finishedAt(finishedAt).exitCode(exitCode).reason(reason).message(message).image(image)
                .imageId(imageId).restartCount(restartCount).hash(hash);
    }

    /** Builder of {@link ContainerStatus}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private ContainerId id;
        private String name;
        private ContainerState state = ContainerState.UNKNOWN;
        private Instant createdAt;
        private Instant startedAt;
        private Instant finishedAt;
        private int exitCode;
        private String reason;
        private String message;
        private String image = "";
        private String imageId;
        private int restartCount;
        private long hash;

        private Builder() {
        }

        public Builder id(ContainerId id) { this.id = id; return this; }
        public Builder name(String name) { this.name = name; return this; }
        public Builder state(ContainerState state) { this.state = state; return this; }
        public Builder createdAt(Instant createdAt) { this.createdAt = createdAt; return this; }
        public Builder startedAt(Instant startedAt) { this.startedAt = startedAt; return this; }
        public Builder finishedAt(Instant finishedAt) { this.finishedAt = finishedAt; return this; }
        public Builder exitCode(int exitCode) { this.exitCode = exitCode; return this; }
        public Builder reason(String reason) { this.reason = reason; return this; }
        public Builder message(String message) { this.message = message; return this; }
        public Builder image(String image) { this.image = image; return this; }
        public Builder imageId(String imageId) { this.imageId = imageId; return this; }
        public Builder restartCount(int restartCount) { this.restartCount = restartCount; return this; }
        public Builder hash(long hash) { this.hash = hash; return this; }

        public ContainerStatus build() {
            return new ContainerStatus(id, name, state, createdAt, startedAt, finishedAt, exitCode, reason, message,
                    image, imageId, restartCount, hash);
        }
    }
}
