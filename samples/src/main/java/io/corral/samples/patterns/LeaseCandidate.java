package io.corral.samples.patterns;

import io.corral.api.client.CorralClient;
import io.corral.api.client.ResourceClient;
import io.corral.api.client.remote.RemoteCorralClient;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.coordination.LeaseSpec;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.EventSource;
import io.corral.api.model.core.ObjectReference;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * One candidate of a leader election: the program each pod of {@link LeaderElectionPattern} runs. Candidates
 * agree on a leader through one {@link Lease} in the API server, with nothing but get, create and update:
 * <ul>
 *   <li>No lease yet: create it holding it; of several candidates racing, the API server lets one create win.</li>
 *   <li>The leader renews it ({@code renewTime}) every retry period.</li>
 *   <li>Another candidate takes it over only once it has seen the lease unchanged for a whole lease duration (the
 *       holder stopped renewing), or when its holder released it.</li>
 *   <li>Every update carries the resourceVersion the candidate read, so of two candidates that read the same lease
 *       only one update succeeds; the other gets {@code 409 Conflict} and stays a follower. This optimistic
 *       concurrency is what makes "exactly one leader" hold.</li>
 * </ul>
 * Expiry is measured on the candidate's own clock from when it last saw the lease change (as client-go does), never
 * by comparing {@code renewTime} with its clock, so clock skew between hosts does not matter.
 *
 * <p>A new leader says so on its standard output and with an Event (reason {@code LeaderElection}) on the lease,
 * where {@code kubectl get events} shows it. On SIGTERM (its pod deleted) the leader releases the lease so that a
 * follower takes over at once; killed outright, the lease expires instead.
 *
 * <p>Configured by environment: {@code CORRAL_API} (the API server's URL), {@code POD_NAME} (the identity; from
 * the downward API), {@code POD_NAMESPACE}, {@code LEASE_NAME}, {@code LEASE_DURATION_SECONDS} and
 * {@code RETRY_MILLIS}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LeaseCandidate {
    /** The reason of the Event a new leader records. */
    public static final String EVENT_REASON = "LeaderElection";

    private final ResourceClient<Lease> leases;
    private final CorralClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Duration leaseDuration;
    private final PrintStream out;
    // what this candidate last saw of the lease, and when (its own monotonic clock)
    private String observedVersion;
    private long observedAtNanos;
    private String observedHolder;
    private boolean leading;

    LeaseCandidate(CorralClient client, String namespace, String leaseName, String identity, Duration leaseDuration,
                   PrintStream out) {
        this.client = client;
        this.leases = client.leases().inNamespace(namespace);
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        URI api = URI.create(env("CORRAL_API"));
        Duration retry = Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("RETRY_MILLIS", "1000")));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM runs shutdown hooks: stop trying, release the lease if held, then let the JVM exit
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try (CorralClient client = RemoteCorralClient.builder(api).connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5)).build()) {
            LeaseCandidate candidate = new LeaseCandidate(client, System.getenv().getOrDefault("POD_NAMESPACE", "default"),
                    env("LEASE_NAME"), env("POD_NAME"),
                    Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("LEASE_DURATION_SECONDS", "15"))),
                    System.out);
            candidate.out.printf("%s is a candidate for lease %s/%s%n", candidate.identity, candidate.namespace,
                    candidate.leaseName);
            do {
                candidate.tryAcquireOrRenew();
            } while (!stop.await(retry.toMillis(), TimeUnit.MILLISECONDS));
            candidate.release();
        } finally {
            stopped.countDown();
        }
    }

    /** One round: acquire a free or expired lease, renew our own, or follow. Returns whether we lead. */
    boolean tryAcquireOrRenew() {
        try {
            Instant now = Instant.now();
            Optional<Lease> found = leases.get(leaseName);
            if (found.isEmpty()) {
                leases.create(Lease.builder().metadata(ObjectMeta.of(namespace, leaseName))
                        .spec(new LeaseSpec(identity, (int) leaseDuration.toSeconds(), now, now, 0)).build());
                return becomeLeader(0);
            }
            Lease lease = found.get();
            LeaseSpec spec = lease.spec() == null ? new LeaseSpec(null, null, null, null, null) : lease.spec();
            observe(lease, spec.holderIdentity());
            boolean free = spec.holderIdentity() == null || spec.holderIdentity().isEmpty();
            boolean ours = identity.equals(spec.holderIdentity());
            boolean expired = System.nanoTime() - observedAtNanos > leaseDuration.toNanos();
            if (!free && !ours && !expired) {
                return follow();
            }
            int transitions = Objects.requireNonNullElse(spec.leaseTransitions(), 0) + (ours ? 0 : 1);
            LeaseSpec next = new LeaseSpec(identity, (int) leaseDuration.toSeconds(),
                    ours ? spec.acquireTime() : now, now, transitions);
            // the update carries lease's resourceVersion: if anyone wrote since we read, it fails with Conflict
            Lease updated = leases.update(lease.withSpec(next));
            observe(updated, identity);
            return ours ? true : becomeLeader(transitions);
        } catch (ApiException e) {
            if (e.reason() == StatusReason.CONFLICT || e.reason() == StatusReason.ALREADY_EXISTS) {
                return follow(); // another candidate wrote first
            }
            return stepDown("cannot reach the lease: " + e.getMessage());
        } catch (RuntimeException e) {
            return stepDown("cannot reach the API server: " + e);
        }
    }

    private void observe(Lease lease, String holder) {
        if (!Objects.equals(lease.metadata().resourceVersion(), observedVersion)) {
            observedVersion = lease.metadata().resourceVersion();
            observedAtNanos = System.nanoTime();
        }
        if (!Objects.equals(holder, observedHolder) && holder != null && !holder.equals(identity)) {
            out.printf("%s follows %s%n", identity, holder);
        }
        observedHolder = holder;
    }

    private boolean becomeLeader(int transitions) {
        leading = true;
        out.printf("%s is the leader of %s/%s%n", identity, namespace, leaseName);
        try {
            Instant now = Instant.now();
            String uid = leases.get(leaseName).map(l -> l.metadata().uid()).orElse(null);
            client.events().inNamespace(namespace).create(Event.builder()
                    .metadata(ObjectMeta.builder().namespace(namespace).generateName(leaseName + "-").build())
                    .involvedObject(new ObjectReference(Lease.KIND, namespace, leaseName, uid, Lease.API_VERSION, null, null))
                    .type("Normal").reason(EVENT_REASON).message(identity + " became leader (transition " + transitions + ")")
                    .source(new EventSource("lease-candidate", null)).firstTimestamp(now).lastTimestamp(now).count(1)
                    .reportingComponent("lease-candidate").reportingInstance(identity)
                    .build());
        } catch (RuntimeException e) {
            out.printf("%s could not record its Event: %s%n", identity, e.getMessage());
        }
        return true;
    }

    private boolean follow() {
        return stepDown(null);
    }

    private boolean stepDown(String why) {
        if (leading) {
            leading = false;
            out.printf("%s stopped leading%s%n", identity, why == null ? "" : ": " + why);
        }
        return false;
    }

    /** Gives the lease up if we hold it, so that a follower need not wait for it to expire. */
    void release() {
        if (!leading) {
            return;
        }
        try {
            leases.get(leaseName).filter(l -> l.spec() != null && identity.equals(l.spec().holderIdentity()))
                    .ifPresent(l -> leases.update(l.withSpec(new LeaseSpec(null, l.spec().leaseDurationSeconds(),
                            null, null, l.spec().leaseTransitions()))));
            out.printf("%s released the lease%n", identity);
        } catch (RuntimeException e) {
            out.printf("%s could not release the lease (it will expire): %s%n", identity, e.getMessage());
        }
        leading = false;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is required");
        }
        return value;
    }
}
