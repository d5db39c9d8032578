package io.corral.nodehost;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.EventSource;
import io.corral.api.model.core.ObjectReference;
import io.corral.api.model.core.Pod;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.node.EventRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events as {@code Event} objects in the pod's namespace, written on a queue (the agent's threads
 * never wait for the store). A repeat of the same event (same pod, part, type, reason and message)
 * bumps the {@code count} and {@code lastTimestamp} of the event written before, as kubelet's
 * recorder aggregates; the memory of written events is bounded (oldest forgotten first).
 */
final class ApiEventRecorder implements EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(ApiEventRecorder.class);
    private static final String COMPONENT = "kubelet";
    private static final int REMEMBERED = 1024;

    private final CorralClient client;
    private final String nodeName;
    private final Executor writer;
    private final Clock clock;
    /** Aggregation key → name of the event written; touched only on the writer. */
    private long sequence;
    private final Map<String, String> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param writer a serial executor: events are written one at a time, in order */
    ApiEventRecorder(CorralClient client, String nodeName, Executor writer, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public void record(Pod pod, String fieldPath, Type type, String reason, String message) {
        Instant now = clock.instant();
        try {
            writer.execute(() -> {
                try {
                    write(pod, fieldPath, type, reason, message, now);
                } catch (RuntimeException e) {
                    LOG.debug("event {} of pod {} not written: {}", reason, pod.metadata().name(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("event {} dropped: node {} is stopping", reason, nodeName);
        }
    }

    private void write(Pod pod, String fieldPath, Type type, String reason, String message, Instant now) {
        String ns = pod.metadata().namespace();
        String key = pod.metadata().uid() + "|" + fieldPath + "|" + type + "|" + reason + "|" + message;
        String previous = written.get(key);
        if (previous != null) {
            try {
                client.events().inNamespace(ns).edit(previous, e -> e.toBuilder()
                        .count(e.count() == null ? 2 : e.count() + 1).lastTimestamp(now).build());
                return;
            } catch (ApiException e) {
                if (e.reason() != StatusReason.NOT_FOUND) {
                    throw e;
                }
            }
        }
        String name = pod.metadata().name() + "." + Long.toHexString(now.toEpochMilli()) + Long.toHexString(sequence++);
        ObjectReference involved = new ObjectReference("Pod", ns, pod.metadata().name(), pod.metadata().uid(), "v1",
                pod.metadata().resourceVersion(), fieldPath);
        Event event = Event.builder().apiVersion("v1").kind("Event")
                .metadata(ObjectMeta.of(ns, name))
                .involvedObject(involved).reason(reason).message(message)
                .source(new EventSource(COMPONENT, nodeName))
                .firstTimestamp(now).lastTimestamp(now).count(1).type(type.wireName())
                .reportingComponent(COMPONENT).reportingInstance(nodeName)
                .build();
        client.events().inNamespace(ns).create(event);
        written.put(key, name);
    }
}
