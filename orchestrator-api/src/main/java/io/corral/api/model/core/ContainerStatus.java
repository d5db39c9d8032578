package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * The observed state of one container.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ContainerStatus(
        String name,
        ContainerState state,
        ContainerState lastState,
        Boolean ready,
        Integer restartCount,
        String image,
        String imageID,
        String containerID,
        Boolean started) {
    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.state = state;
        b.lastState = lastState;
        b.ready = ready;
        b.restartCount = restartCount;
        b.image = image;
        b.imageID = imageID;
        b.containerID = containerID;
        b.started = started;
        return b;
    }

    /** Builds {@link ContainerStatus}; not thread-safe. */
    public static final class Builder {
        private String name;
        private ContainerState state;
        private ContainerState lastState;
        private Boolean ready;
        private Integer restartCount;
        private String image;
        private String imageID;
        private String containerID;
        private Boolean started;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder state(ContainerState state) {
            this.state = state;
            return this;
        }

        public Builder lastState(ContainerState lastState) {
            this.lastState = lastState;
            return this;
        }

        public Builder ready(Boolean ready) {
            this.ready = ready;
            return this;
        }

        public Builder restartCount(Integer restartCount) {
            this.restartCount = restartCount;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder imageID(String imageID) {
            this.imageID = imageID;
            return this;
        }

        public Builder containerID(String containerID) {
            this.containerID = containerID;
            return this;
        }

        public Builder started(Boolean started) {
            this.started = started;
            return this;
        }

        public ContainerStatus build() {
            return new ContainerStatus(name, state, lastState, ready, restartCount, image, imageID, containerID, started);
        }
    }
}
