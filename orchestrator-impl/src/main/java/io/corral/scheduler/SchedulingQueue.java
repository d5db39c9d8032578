package io.corral.scheduler;

import io.corral.api.model.core.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apiguardian.api.API;

/**
 * Pods waiting to be scheduled, as kube-scheduler's priority queue, in three parts:
 * <ul>
 *   <li><b>active</b>: ready to be tried, highest {@code spec.priority} first, then oldest first;</li>
 *   <li><b>back-off</b>: failed recently; ready again after {@code initialBackoff * 2^(attempts-1)},
 *       at most {@code maxBackoff} (1 s to 10 s by default), measured on the injected clock;</li>
 *   <li><b>unschedulable</b>: fit no node; they wait for a cluster event that may change that
 *       ({@link #moveAllToActive}: a node added or changed, a pod deleted), or at most
 *       {@link #MAX_UNSCHEDULABLE_WAIT}. A pod whose attempt overlapped such an event goes to
 *       back-off instead, so the event is not missed.</li>
 * </ul>
 * A pod is in at most one part, and in none while it is being scheduled (between {@link #poll()} and
 * {@link #requeueUnschedulable}/{@link #requeueBackoff}). Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchedulingQueue {
    /** The first back-off. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** The longest back-off. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    /** The longest an unschedulable pod waits for an event before it is tried again. */
    public static final Duration MAX_UNSCHEDULABLE_WAIT = Duration.ofMinutes(5);

    private record Entry(QueuedPod pod, long seq, Instant readyAt) {
    }

    private static final Comparator<Entry> ACTIVE_ORDER = Comparator
            .comparingInt((Entry e) -> -e.pod().info().priority())
            .thenComparing(e -> e.pod().since())
            .thenComparingLong(Entry::seq);
    private static final Comparator<Entry> BACKOFF_ORDER = Comparator
            .comparing(Entry::readyAt)
            .thenComparingLong(Entry::seq);

    private enum Part { ACTIVE, BACKOFF, UNSCHEDULABLE }

    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeSet<Entry> active = new TreeSet<>(ACTIVE_ORDER);
    private final TreeSet<Entry> backoff = new TreeSet<>(BACKOFF_ORDER);
    private final Map<String, Entry> unschedulable = new LinkedHashMap<>();
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Part> where = new HashMap<>();
    private long seq;
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private Instant lastLeftoverFlush = Instant.MIN;

    /** A queue with the default back-off (1 s doubling to 10 s) on {@code clock}. */
    public SchedulingQueue(Clock clock) {
        this(clock, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** A queue with the given back-off bounds on {@code clock}. */
    public SchedulingQueue(Clock clock, Duration initialBackoff, Duration maxBackoff) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** Adds a pod to be scheduled to the active part (or updates it when queued). */
    public void add(Pod pod) {
        PodInfo info = PodInfo.of(pod);
        lock.lock();
        try {
            if (entries.containsKey(info.key())) {
                updateLocked(info);
                return;
            }
            Instant since = pod.metadata().creationTimestamp() != null ? pod.metadata().creationTimestamp() : clock.instant();
            putActive(new QueuedPod(info, 0, since, 0));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces a queued pod with a new version of it. An unschedulable pod is moved on (to active, or
     * to back-off while its back-off lasts), since the change may let it fit. A pod that is not queued
     * is added.
     */
    public void update(Pod pod) {
        PodInfo info = PodInfo.of(pod);
        lock.lock();
        try {
            if (!entries.containsKey(info.key())) {
                add(pod);
            } else {
                updateLocked(info);
            }
        } finally {
            lock.unlock();
        }
    }

    private void updateLocked(PodInfo info) {
        Entry old = entries.get(info.key());
        Part part = where.get(info.key());
        remove(info.key());
        QueuedPod qp = new QueuedPod(info, old.pod().attempts(), old.pod().since(), 0);
        if (part == Part.BACKOFF) {
            putBackoff(qp, old.readyAt());
        } else if (part == Part.UNSCHEDULABLE && old.readyAt().isAfter(clock.instant())) {
            putBackoff(qp, old.readyAt());
        } else {
            putActive(qp);
        }
    }

    /** Removes a pod (deleted, or scheduled by someone else); nothing when not queued. */
    public void delete(String podKey) {
        lock.lock();
        try {
            remove(podKey);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the pod is in any part of the queue. */
    public boolean contains(String podKey) {
        lock.lock();
        try {
            return entries.containsKey(podKey);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next active pod without waiting, after moving pods whose back-off has ended (and
     * unschedulable pods that waited {@link #MAX_UNSCHEDULABLE_WAIT}) to active.
     *
     * @return the pod, or null when none is ready
     */
    public QueuedPod poll() {
        lock.lock();
        try {
            flush();
            Entry e = active.pollFirst();
            if (e == null) {
                return null;
            }
            entries.remove(e.pod().key());
            where.remove(e.pod().key());
            schedulingCycle++;
            QueuedPod p = e.pod();
            return new QueuedPod(p.info(), p.attempts(), p.since(), schedulingCycle);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next active pod, waiting up to {@code maxWait} for one.
     *
     * @return the pod, or null when none became ready in time
     * @throws InterruptedException when interrupted while waiting
     */
    public QueuedPod pop(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                QueuedPod p = poll();
                if (p != null) {
                    return p;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                // back-off ends on the injected clock, which need not follow real time: look again soon
                changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a pod that fit no node. It waits in the unschedulable part for a cluster event, or in
     * back-off when an event came while it was being scheduled.
     *
     * @param pod the pod as popped (its {@link QueuedPod#cycle()} tells when)
     */
    public void requeueUnschedulable(QueuedPod pod) {
        lock.lock();
        try {
            if (entries.containsKey(pod.key())) {
                return; // a newer version was added meanwhile
            }
            QueuedPod failed = new QueuedPod(pod.info(), pod.attempts() + 1, pod.since(), 0);
            Instant readyAt = clock.instant().plus(backoffFor(failed.attempts()));
            if (moveRequestCycle >= pod.cycle()) {
                putBackoff(failed, readyAt);
            } else {
                Entry e = new Entry(failed, ++seq, readyAt);
                unschedulable.put(pod.key(), e);
                entries.put(pod.key(), e);
                where.put(pod.key(), Part.UNSCHEDULABLE);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns a pod whose attempt failed for another reason (an error, a refused binding): it backs off. */
    public void requeueBackoff(QueuedPod pod) {
        lock.lock();
        try {
            if (entries.containsKey(pod.key())) {
                return;
            }
            QueuedPod failed = new QueuedPod(pod.info(), pod.attempts() + 1, pod.since(), 0);
            putBackoff(failed, clock.instant().plus(backoffFor(failed.attempts())));
        } finally {
            lock.unlock();
        }
    }

    /**
     * A cluster event that may make unschedulable pods fit: moves them all to active (or to back-off
     * while their back-off lasts).
     *
     * @param event what happened, for logs (e.g. {@code NodeAdd})
     */
    public void moveAllToActive(String event) {
        lock.lock();
        try {
            Instant now = clock.instant();
            for (Entry e : new ArrayList<>(unschedulable.values())) {
                remove(e.pod().key());
                if (e.readyAt().isAfter(now)) {
                    putBackoff(e.pod(), e.readyAt());
                } else {
                    putActive(e.pod());
                }
            }
            moveRequestCycle = schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the queued pods past their active deadline ({@link PodInfo#activeDeadline()})
     * on the queue's clock.
     */
    public List<Pod> drainExpired() {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<Pod> expired = new ArrayList<>();
            for (Entry e : new ArrayList<>(entries.values())) {
                Instant deadline = e.pod().info().activeDeadline();
                if (deadline != null && !deadline.isAfter(now)) {
                    remove(e.pod().key());
                    expired.add(e.pod().info().pod());
                }
            }
            return expired;
        } finally {
            lock.unlock();
        }
    }

    /** The back-off after {@code attempts} failed attempts: {@code initial * 2^(attempts-1)}, at most the maximum. */
    public Duration backoffFor(int attempts) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempts && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** The number of pods in the active part (after moving those whose back-off has ended). */
    public int activeCount() {
        lock.lock();
        try {
            flush();
            return active.size();
        } finally {
            lock.unlock();
        }
    }

    /** The number of pods backing off (after moving those whose back-off has ended). */
    public int backoffCount() {
        lock.lock();
        try {
            flush();
            return backoff.size();
        } finally {
            lock.unlock();
        }
    }

    /** The number of pods waiting for a cluster event. */
    public int unschedulableCount() {
        lock.lock();
        try {
            return unschedulable.size();
        } finally {
            lock.unlock();
        }
    }

    /** The number of queued pods in all parts. */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    private void flush() {
        Instant now = clock.instant();
        Iterator<Entry> it = backoff.iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.readyAt().isAfter(now)) {
                break;
            }
            it.remove();
            entries.remove(e.pod().key());
            where.remove(e.pod().key());
            putActive(e.pod());
        }
        // a scan of the unschedulable pods costs their number: do it at most once a second
        if (!unschedulable.isEmpty() && !now.isBefore(lastLeftoverFlush.plusSeconds(1))) {
            lastLeftoverFlush = now;
            Instant limit = now.minus(MAX_UNSCHEDULABLE_WAIT);
            for (Entry e : new ArrayList<>(unschedulable.values())) {
                // readyAt minus the back-off is when the pod failed
                Instant failedAt = e.readyAt().minus(backoffFor(e.pod().attempts()));
                if (!failedAt.isAfter(limit)) {
                    remove(e.pod().key());
                    putActive(e.pod());
                }
            }
        }
    }

    private void putActive(QueuedPod pod) {
        Entry e = new Entry(pod, ++seq, Instant.EPOCH);
        active.add(e);
        entries.put(pod.key(), e);
        where.put(pod.key(), Part.ACTIVE);
        changed.signalAll();
    }

    private void putBackoff(QueuedPod pod, Instant readyAt) {
        Entry e = new Entry(pod, ++seq, readyAt);
        backoff.add(e);
        entries.put(pod.key(), e);
        where.put(pod.key(), Part.BACKOFF);
    }

    private void remove(String key) {
        Entry e = entries.remove(key);
        Part part = where.remove(key);
        if (e == null || part == null) {
            return;
        }
        switch (part) {
            case ACTIVE -> active.remove(e);
            case BACKOFF -> backoff.remove(e);
            case UNSCHEDULABLE -> unschedulable.remove(key);
        }
    }
}
