package io.corral.controller.job;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.PropagationPolicy;
import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.model.batch.Job;
import io.corral.api.model.batch.JobCondition;
import io.corral.api.model.batch.JobSpec;
import io.corral.api.model.batch.JobStatus;
import io.corral.api.model.core.Pod;
import io.corral.api.model.meta.OwnerReference;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.controller.Controller;
import io.corral.controller.ControllerContext;
import io.corral.controller.ControllerEvents;
import io.corral.controller.Expectations;
import io.corral.controller.ObjectKeyEvents;
import io.corral.controller.OwnedPodEvents;
import io.corral.controller.Owners;
import io.corral.controller.PodConditions;
import io.corral.controller.PodTemplates;
import io.corral.controller.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Runs Jobs to completion (non-indexed completion mode).
 *
 * <ul>
 *   <li>Pods are created from the template ({@code generateName <job>-}, labels {@code controller-uid} and
 *       {@code job-name} added) and found by their controller reference. At most {@code parallelism} run
 *       at once, and never more than the completions still missing.</li>
 *   <li>{@code Complete} when {@code succeeded >= completions} (without completions: once a pod succeeded
 *       and none is active); remaining pods are deleted.</li>
 *   <li>{@code Failed} with reason {@code BackoffLimitExceeded} when more than {@code backoffLimit} pods
 *       failed, or {@code DeadlineExceeded} once {@code activeDeadlineSeconds} passed since {@code startTime};
 *       active pods are deleted. A failed pod is replaced after a back-off of {@code base * 2^(failures-1)}
 *       (at most 6 minutes), counted from when the controller saw the failure.</li>
 *   <li>{@code ttlSecondsAfterFinished}: that long after finishing, the Job is deleted (in the background,
 *       so the garbage collector removes its pods).</li>
 *   <li>A suspended Job ({@code suspend: true}) has its active pods deleted and creates none.</li>
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class JobController implements Controller {
    /** The default back-off before replacing a failed pod. */
    public static final Duration DEFAULT_POD_BACKOFF = Duration.ofSeconds(10);
    private static final Duration MAX_POD_BACKOFF = Duration.ofMinutes(6);

    private final Duration podBackoff;
    private final Map<String, Instant> nextCreate = new ConcurrentHashMap<>();
    private final Map<String, Integer> failuresSeen = new ConcurrentHashMap<>();
    private ControllerContext ctx;
    private WorkQueue queue;
    private Indexer<Job> jobs;
    private Indexer<Pod> pods;
    private Expectations expectations;

    /** A controller with the default pod back-off. */
    public JobController() {
        this(DEFAULT_POD_BACKOFF);
    }

    /** A controller that waits {@code podBackoff} (doubling per failure) before replacing a failed pod. */
    public JobController(Duration podBackoff) {
        this.podBackoff = Objects.requireNonNull(podBackoff, "podBackoff");
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public void register(ControllerContext context, WorkQueue workQueue) {
        this.ctx = context;
        this.queue = workQueue;
        this.expectations = new Expectations(context.clock());
        SharedInformer<Job> ji = context.informers().of(ResourceKinds.JOB);
        SharedInformer<Pod> pi = context.informers().of(ResourceKinds.POD);
        jobs = ji.indexer();
        pods = pi.indexer();
        ji.addEventHandler(ObjectKeyEvents.enqueue(queue, key -> {
            expectations.forget(key);
            nextCreate.remove(key);
            failuresSeen.remove(key);
        }));
        pi.addEventHandler(OwnedPodEvents.handler(this::jobKey, expectations, queue));
    }

    private String jobKey(Pod pod) {
        OwnerReference ref = Owners.controllerOf(pod).orElse(null);
        if (ref == null || !Job.KIND.equals(ref.kind())) {
            return null;
        }
        return jobs.get(pod.metadata().namespace(), ref.name()).filter(j -> Objects.equals(j.metadata().uid(), ref.uid()))
                .map(Indexer::keyOf).orElse(null);
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static JobCondition finished(Job job) {
        if (job.status() == null) {
            return null;
        }
        return job.status().conditions().stream()
                .filter(c -> ("Complete".equals(c.type()) || "Failed".equals(c.type())) && "True".equals(c.status()))
                .findFirst().orElse(null);
    }

    @Override
    public void reconcile(String key) throws Exception {
        Job job = jobs.getByKey(key).orElse(null);
        if (job == null || job.metadata().deletionTimestamp() != null) {
            return;
        }
        Instant now = ctx.clock().instant();
        JobCondition done = finished(job);
        if (done != null) {
            expireAfterFinished(key, job, now);
            return;
        }
        JobSpec spec = job.spec();
        List<Pod> owned = pods.byIndex(Owners.CONTROLLER_UID_INDEX, job.metadata().uid());
        List<Pod> active = owned.stream().filter(PodConditions::active).toList();
        int succeeded = (int) owned.stream().filter(p -> PodConditions.phase(p).equals("Succeeded")).count();
        int failed = (int) owned.stream().filter(p -> PodConditions.phase(p).equals("Failed")).count();
        JobStatus old = job.status();
        if (old != null) {
            succeeded = Math.max(succeeded, orZero(old.succeeded()));
            failed = Math.max(failed, orZero(old.failed()));
        }
        int ready = (int) active.stream().filter(PodConditions::ready).count();
        Instant start = old == null || old.startTime() == null ? now : old.startTime();
        List<JobCondition> conditions = new ArrayList<>(old == null ? List.of() : old.conditions());
        Instant completion = null;
        Integer completions = spec.completions();
        int parallelism = spec.parallelism() == null ? 1 : spec.parallelism();
        int backoffLimit = spec.backoffLimit() == null ? 6 : spec.backoffLimit();
        String failReason = null;
        String failMessage = null;
        if (failed > backoffLimit) {
            failReason = "BackoffLimitExceeded";
            failMessage = "Job has reached the specified backoff limit";
        } else if (spec.activeDeadlineSeconds() != null && !start.plusSeconds(spec.activeDeadlineSeconds()).isAfter(now)) {
            failReason = "DeadlineExceeded";
            failMessage = "Job was active longer than specified deadline";
        }
        boolean complete = completions != null ? succeeded >= completions : succeeded > 0 && active.isEmpty();
        if (failReason != null) {
            deleteAll(key, job, active);
            conditions.add(new JobCondition("Failed", "True", now, now, failReason, failMessage));
            ctx.events().record(name(), job, ControllerEvents.WARNING, failReason, failMessage);
            active = List.of();
        } else if (complete) {
            deleteAll(key, job, active);
            conditions.add(new JobCondition("Complete", "True", now, now, null, null));
            completion = now;
            ctx.events().record(name(), job, ControllerEvents.NORMAL, "Completed", "Job completed");
            active = List.of();
        } else if (expectations.satisfied(key)) {
            int want = Boolean.TRUE.equals(spec.suspend()) ? 0
                    : completions == null ? (succeeded > 0 ? active.size() : parallelism)
                    : Math.min(parallelism, completions - succeeded);
            manage(key, job, active, want, failed, now);
            if (spec.activeDeadlineSeconds() != null) {
                queue.addAfter(key, Duration.between(now, start.plusSeconds(spec.activeDeadlineSeconds())).plusMillis(50));
            }
        }
        JobStatus next = new JobStatus(conditions, start, completion, active.size(), succeeded, failed, ready);
        if (!next.equals(old)) {
            try {
                ctx.client().jobs().inNamespace(job.metadata().namespace())
                        .updateStatus(job.withStatus(next).withMetadata(job.metadata().toBuilder().resourceVersion(null).build()));
            } catch (ApiException e) {
                if (e.reason() != StatusReason.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }

    private void manage(String key, Job job, List<Pod> active, int want, int failed, Instant now) {
        int diff = want - active.size();
        if (diff > 0) {
            int seen = failuresSeen.getOrDefault(key, 0);
            if (failed > seen) {
                failuresSeen.put(key, failed);
                long factor = 1L << Math.min(20, failed - 1);
                Duration delay = podBackoff.multipliedBy(factor);
                nextCreate.put(key, now.plus(delay.compareTo(MAX_POD_BACKOFF) > 0 ? MAX_POD_BACKOFF : delay));
            }
            Instant notBefore = nextCreate.get(key);
            if (notBefore != null && notBefore.isAfter(now)) {
                queue.addAfter(key, Duration.between(now, notBefore));
                return;
            }
            expectations.expect(key, diff, Set.of());
            Map<String, String> labels = new LinkedHashMap<>(job.spec().template().metadata() == null ? Map.of()
                    : job.spec().template().metadata().labels());
            labels.put("controller-uid", job.metadata().uid());
            labels.put("job-name", job.metadata().name());
            Pod pod = PodTemplates.pod(job, job.spec().template(), job.metadata().name() + "-", null, labels);
            for (int i = 0; i < diff; i++) {
                try {
                    Pod created = ctx.client().pods().inNamespace(job.metadata().namespace()).create(pod);
                    ctx.events().record(name(), job, ControllerEvents.NORMAL, "SuccessfulCreate",
                            "Created pod: " + created.metadata().name());
                } catch (RuntimeException e) {
                    for (int j = i; j < diff; j++) {
                        expectations.creationObserved(key);
                    }
                    ctx.events().record(name(), job, ControllerEvents.WARNING, "FailedCreate", "Error creating: " + e.getMessage());
                    throw e;
                }
            }
        } else if (diff < 0) {
            List<Pod> victims = active.stream().sorted(PodConditions.DELETE_FIRST).limit(-diff).toList();
            deleteAll(key, job, victims);
        }
    }

    private void deleteAll(String key, Job job, List<Pod> victims) {
        if (victims.isEmpty()) {
            return;
        }
        Set<String> keys = new HashSet<>();
        victims.forEach(p -> keys.add(Indexer.keyOf(p)));
        expectations.expect(key, 0, keys);
        for (Pod p : victims) {
            try {
                ctx.client().pods().inNamespace(p.metadata().namespace()).delete(p.metadata().name(),
                        DeleteOptions.DEFAULTS.withPreconditions(DeleteOptions.Preconditions.uid(p.metadata().uid())));
                ctx.events().record(name(), job, ControllerEvents.NORMAL, "SuccessfulDelete", "Deleted pod: " + p.metadata().name());
            } catch (ApiException e) {
                expectations.deletionObserved(key, Indexer.keyOf(p));
                if (e.reason() != StatusReason.NOT_FOUND && e.reason() != StatusReason.CONFLICT) {
                    throw e;
                }
            }
        }
    }

    private void expireAfterFinished(String key, Job job, Instant now) {
        Integer ttl = job.spec().ttlSecondsAfterFinished();
        if (ttl == null) {
            return;
        }
        JobCondition done = finished(job);
        Instant finishedAt = job.status().completionTime() != null ? job.status().completionTime() : done.lastTransitionTime();
        Instant expiry = (finishedAt == null ? now : finishedAt).plusSeconds(ttl);
        if (expiry.isAfter(now)) {
            queue.addAfter(key, Duration.between(now, expiry).plusMillis(50));
            return;
        }
        try {
            ctx.client().jobs().inNamespace(job.metadata().namespace()).delete(job.metadata().name(),
                    DeleteOptions.DEFAULTS.withPropagationPolicy(PropagationPolicy.BACKGROUND)
                            .withPreconditions(DeleteOptions.Preconditions.uid(job.metadata().uid())));
        } catch (ApiException e) {
            if (e.reason() != StatusReason.NOT_FOUND && e.reason() != StatusReason.CONFLICT) {
                throw e;
            }
        }
    }
}
