package io.corral.controller;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.EventSource;
import io.corral.api.model.core.ObjectReference;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Events explaining what controllers did ({@code SuccessfulCreate}, {@code FailedCreate}, ...).
 * Events are written asynchronously on one thread, so recording never slows a reconcile; when more
 * than {@link #CAPACITY} wait, new ones are dropped (logged at debug). Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ControllerEvents implements AutoCloseable {
    /** Event type of routine events. */
    public static final String NORMAL = "Normal";
    /** Event type of failures. */
    public static final String WARNING = "Warning";
    /** How many events may wait to be written. */
    public static final int CAPACITY = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ControllerEvents.class);
    private static final Event STOP = new Event(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    private final CorralClient client;
    private final Clock clock;
    private final BlockingQueue<Event> pending = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread writer;

    ControllerEvents(CorralClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.writer = new Thread(this::writeLoop, "corral-controller-events");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Records an event about {@code object} from {@code component}.
     *
     * @param type   {@link #NORMAL} or {@link #WARNING}
     * @param reason a short CamelCase reason, e.g. {@code SuccessfulCreate}
     */
    public void record(String component, KubernetesObject<?> object, String type, String reason, String message) {
        ObjectMeta m = object.metadata();
        Instant now = clock.instant();
        String ns = m.namespace() == null || m.namespace().isEmpty() ? "default" : m.namespace();
        Event event = new Event(null, null,
                ObjectMeta.of(ns, m.name() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)),
                new ObjectReference(object.kind(), m.namespace(), m.name(), m.uid(), object.apiVersion(),
                        m.resourceVersion(), null),
                reason, message, new EventSource(component, null), now, now, 1, type, null, null, null, component, null);
        LOG.debug("{} {}/{}: {} {}", component, m.namespace(), m.name(), reason, message);
        if (!pending.offer(event)) {
            LOG.debug("event dropped, {} waiting: {} {}", CAPACITY, reason, message);
        }
    }

    private void writeLoop() {
        while (true) {
            Event e;
            try {
                e = pending.take();
            } catch (InterruptedException ie) {
                return;
            }
            if (e == STOP) {
                return;
            }
            try {
                client.events().inNamespace(e.metadata().namespace()).create(e);
            } catch (RuntimeException ex) {
                LOG.debug("could not record event {}: {}", e.reason(), ex.getMessage());
            }
        }
    }

    /** Stops writing; events still waiting are dropped. */
    @Override
    public void close() {
        pending.clear();
        pending.offer(STOP);
        writer.interrupt();
    }
}
