package io.corral.service;

import io.corral.api.client.CorralClient;
import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.labels.Requirement;
import io.corral.api.labels.Selector;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.Service;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints controller: keeps the {@link Endpoints} of every service with a selector equal to
 * what {@link EndpointsComputer} derives from the service's pods, as Kubernetes' controller does.
 *
 * <p>Rules:
 * <ol>
 *   <li>Level-triggered on shared informers (services, pods, endpoints, all namespaces): a change
 *       to a service, to one of its pods (old or new labels matching) or to its endpoints queues the
 *       service's key; one worker reconciles keys one at a time, each key at most once in the queue.
 *       Nothing is written before all three caches have synced.</li>
 *   <li>A service with a selector gets Endpoints of the same name, written only when the subsets or
 *       labels differ from the stored ones, with a conditional update (the cached
 *       {@code resourceVersion}); a conflict or a create that finds the name taken re-queues the key
 *       with back-off. So several controllers running at once (every member, for now) converge on the
 *       same object without fighting, and a stale cache costs one rejected write.</li>
 *   <li>A service without selector (or of type ExternalName) has manual endpoints: left alone.</li>
 *   <li>When a service is deleted, its endpoints are deleted. Endpoints that carry
 *       {@link #MANAGED_BY} and have no service (a deletion missed while stopped) are deleted too;
 *       other endpoints without a service are left alone (a user may create them first).</li>
 * </ol>
 *
 * <h2>Lifecycle and leader election</h2>
 * {@link #start()} creates the informers and the worker and returns at once; {@link #stop()} closes
 * them; the pair may be repeated. To run it only on the elected leader, call {@code start()} when
 * leadership is gained and {@code stop()} when it is lost: each start lists afresh and reconciles
 * every service, so nothing is carried over between terms. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EndpointsController implements AutoCloseable {
    /** Annotation set on the endpoints this controller writes; its value is {@value #MANAGER}. */
    public static final String MANAGED_BY = "endpoints.corral.io/managed-by";
    /** The value of {@link #MANAGED_BY}. */
    public static final String MANAGER = "endpoints-controller";

    private static final Logger LOG = LoggerFactory.getLogger(EndpointsController.class);
    private static final long BACKOFF_FIRST_MS = 20;
    private static final long BACKOFF_MAX_MS = 5_000;

    private final CorralClient client;
    private Run run;

    /** @param client the API the controller reads and writes through; not closed by it */
    public EndpointsController(CorralClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Starts watching and reconciling; returns at once. A no-op when running. */
    public synchronized void start() {
        if (run == null) {
            run = new Run();
            run.start();
        }
    }

    /** Stops the informers and the worker; waits for a reconcile in progress. A no-op when stopped. */
    public synchronized void stop() {
        if (run != null) {
            run.close();
            run = null;
        }
    }

    /** Whether running and its caches have synced. */
    public synchronized boolean hasSynced() {
        return run != null && run.synced();
    }

    /** As {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** One term: its own informers, queue and worker. */
    private final class Run implements ResourceEventHandler<Service> {
        private final SharedInformer<Service> services = SharedInformer.of(client.services());
        private final SharedInformer<Pod> pods = SharedInformer.of(client.pods());
        private final SharedInformer<Endpoints> endpoints = SharedInformer.of(client.endpoints());
        private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "corral-endpoints-controller");
            t.setDaemon(true);
            return t;
        });
        private final Set<String> queued = ConcurrentHashMap.newKeySet();
        private final Set<String> deletedServices = ConcurrentHashMap.newKeySet();
        private final Map<String, Integer> failures = new HashMap<>();

        void start() {
            services.addEventHandler(this);
            pods.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    enqueueFor(pod, null);
                }

                @Override
                public void onUpdate(Pod oldPod, Pod newPod) {
                    enqueueFor(newPod, oldPod);
                }

                @Override
                public void onDelete(Pod pod, boolean finalStateUnknown) {
                    enqueueFor(pod, null);
                }
            });
            endpoints.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Endpoints e) {
                    enqueue(Indexer.keyOf(e));
                }

                @Override
                public void onUpdate(Endpoints oldE, Endpoints newE) {
                    enqueue(Indexer.keyOf(newE));
                }

                @Override
                public void onDelete(Endpoints e, boolean finalStateUnknown) {
                    enqueue(Indexer.keyOf(e));
                }
            });
            services.start();
            pods.start();
            endpoints.start();
        }

        boolean synced() {
            return services.hasSynced() && pods.hasSynced() && endpoints.hasSynced();
        }

        @Override
        public void onAdd(Service service) {
            enqueue(Indexer.keyOf(service));
        }

        @Override
        public void onUpdate(Service oldService, Service newService) {
            enqueue(Indexer.keyOf(newService));
        }

        @Override
        public void onDelete(Service service, boolean finalStateUnknown) {
            String key = Indexer.keyOf(service);
            deletedServices.add(key);
            enqueue(key);
        }

        private void enqueueFor(Pod pod, Pod old) {
            String ns = pod.metadata().namespace();
            for (Service s : services.indexer().byIndex(Indexer.NAMESPACE_INDEX, ns)) {
                Map<String, String> selector = s.spec() == null ? Map.of() : s.spec().selector();
                if (!selector.isEmpty() && (matches(selector, pod) || (old != null && matches(selector, old)))) {
                    enqueue(Indexer.keyOf(s));
                }
            }
        }

        private static boolean matches(Map<String, String> selector, Pod pod) {
            return Selector.of(selector.entrySet().stream().map(e -> Requirement.equal(e.getKey(), e.getValue())).toList())
                    .matches(pod.metadata().labels());
        }

        void enqueue(String key) {
            if (queued.add(key)) {
                try {
                    worker.execute(() -> process(key));
                } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    queued.remove(key);
                }
            }
        }

        private void later(String key, long delayMs) {
            try {
                worker.schedule(() -> enqueue(key), delayMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // stopping
            }
        }

        private void process(String key) {
            queued.remove(key);
            if (!synced()) {
                later(key, 100);
                return;
            }
            try {
                sync(key);
                failures.remove(key);
            } catch (RuntimeException e) {
                int n = failures.merge(key, 1, Integer::sum);
                long delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS << Math.min(n, 20));
                boolean expected = e instanceof ApiException a && (a.reason() == StatusReason.CONFLICT
                        || a.reason() == StatusReason.ALREADY_EXISTS || a.reason() == StatusReason.NOT_FOUND);
                if (expected) {
                    LOG.debug("endpoints of {}: {}; retrying in {} ms", key, e.getMessage(), delay);
                } else {
                    LOG.warn("endpoints of {} not reconciled; retrying in {} ms", key, delay, e);
                }
                later(key, delay);
            }
        }

        private void sync(String key) {
            int slash = key.indexOf('/');
            String ns = key.substring(0, slash);
            String name = key.substring(slash + 1);
            Optional<Service> service = services.indexer().getByKey(key);
            Optional<Endpoints> current = endpoints.indexer().getByKey(key);
            if (service.isEmpty()) {
                boolean deleted = deletedServices.remove(key);
                if (current.isPresent() && (deleted || managed(current.get()))) {
                    client.endpoints().inNamespace(ns).delete(name);
                    LOG.debug("deleted the endpoints of removed service {}", key);
                }
                return;
            }
            deletedServices.remove(key);
            Optional<Endpoints> computed = EndpointsComputer.compute(service.get(),
                    pods.indexer().byIndex(Indexer.NAMESPACE_INDEX, ns));
            if (computed.isEmpty()) {
                return;
            }
            Endpoints desired = computed.get();
            if (current.isEmpty()) {
                client.endpoints().inNamespace(ns).create(desired.withMetadata(withManagedBy(desired.metadata(), null)));
                LOG.debug("created the endpoints of {}", key);
                return;
            }
            Endpoints have = current.get();
            if (have.subsets().equals(desired.subsets()) && have.metadata().labels().equals(desired.metadata().labels())
                    && managed(have)) {
                return;
            }
            ObjectMeta meta = have.metadata().toBuilder().labels(desired.metadata().labels()).build();
            client.endpoints().inNamespace(ns).update(new Endpoints(null, null, withManagedBy(meta, have.metadata().annotations()),
                    desired.subsets()));
            LOG.debug("updated the endpoints of {}", key);
        }

        void close() {
            services.close();
            pods.close();
            endpoints.close();
            worker.shutdownNow();
            try {
                worker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean managed(Endpoints e) {
        return MANAGER.equals(e.metadata().annotations().get(MANAGED_BY));
    }

    private static ObjectMeta withManagedBy(ObjectMeta meta, Map<String, String> annotations) {
        Map<String, String> a = new LinkedHashMap<>(annotations == null ? Map.of() : annotations);
        a.put(MANAGED_BY, MANAGER);
        return meta.toBuilder().annotations(a).build();
    }
}
