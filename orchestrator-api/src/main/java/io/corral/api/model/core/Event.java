package io.corral.api.model.core;

import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import java.time.Instant;
import org.apiguardian.api.API;

/**
 * A report of something that happened to an object; type Normal or Warning. Wire form: {@code apiVersion: v1}, {@code kind: Event}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; {@code apiVersion}, {@code kind} and {@code metadata} are never null
 * (they default to this kind's and to {@link ObjectMeta#EMPTY}); other fields may be null;
 * collections are never null and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Event(
        String apiVersion,
        String kind,
        ObjectMeta metadata,
        ObjectReference involvedObject,
        String reason,
        String message,
        EventSource source,
        Instant firstTimestamp,
        Instant lastTimestamp,
        Integer count,
        String type,
        Instant eventTime,
        String action,
        ObjectReference related,
        String reportingComponent,
        String reportingInstance) implements KubernetesObject<Event> {
    /** The {@code apiVersion} of this kind. */
    public static final String API_VERSION = "v1";
    /** The {@code kind} of this kind. */
    public static final String KIND = "Event";

    /** Defaults {@code apiVersion}, {@code kind} and {@code metadata}; normalises absent collections to empty ones and copies the given ones. */
    public Event {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public Event withMetadata(ObjectMeta metadata) {
        return new Event(apiVersion, kind, metadata, involvedObject, reason, message, source, firstTimestamp, lastTimestamp, count, type, eventTime, action, related, reportingComponent, reportingInstance);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.apiVersion = apiVersion;
        b.kind = kind;
        b.metadata = metadata;
        b.involvedObject = involvedObject;
        b.reason = reason;
        b.message = message;
        b.source = source;
        b.firstTimestamp = firstTimestamp;
        b.lastTimestamp = lastTimestamp;
        b.count = count;
        b.type = type;
        b.eventTime = eventTime;
        b.action = action;
        b.related = related;
        b.reportingComponent = reportingComponent;
        b.reportingInstance = reportingInstance;
        return b;
    }

    /** Builds {@link Event}; not thread-safe. */
    public static final class Builder {
        private String apiVersion;
        private String kind;
        private ObjectMeta metadata;
        private ObjectReference involvedObject;
        private String reason;
        private String message;
        private EventSource source;
        private Instant firstTimestamp;
        private Instant lastTimestamp;
        private Integer count;
        private String type;
        private Instant eventTime;
        private String action;
        private ObjectReference related;
        private String reportingComponent;
        private String reportingInstance;

        private Builder() {
        }

        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        public Builder kind(String kind) {
            this.kind = kind;
            return this;
        }

        public Builder metadata(ObjectMeta metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder involvedObject(ObjectReference involvedObject) {
            this.involvedObject = involvedObject;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder source(EventSource source) {
            this.source = source;
            return this;
        }

        public Builder firstTimestamp(Instant firstTimestamp) {
            this.firstTimestamp = firstTimestamp;
            return this;
        }

        public Builder lastTimestamp(Instant lastTimestamp) {
            this.lastTimestamp = lastTimestamp;
            return this;
        }

        public Builder count(Integer count) {
            this.count = count;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder eventTime(Instant eventTime) {
            this.eventTime = eventTime;
            return this;
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        public Builder related(ObjectReference related) {
            this.related = related;
            return this;
        }

        public Builder reportingComponent(String reportingComponent) {
            this.reportingComponent = reportingComponent;
            return this;
        }

        public Builder reportingInstance(String reportingInstance) {
            this.reportingInstance = reportingInstance;
            return this;
        }

        public Event build() {
            return new Event(apiVersion, kind, metadata, involvedObject, reason, message, source, firstTimestamp, lastTimestamp, count, type, eventTime, action, related, reportingComponent, reportingInstance);
        }
    }
}
