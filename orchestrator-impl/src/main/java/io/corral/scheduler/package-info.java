/**
 * The scheduler: assigns unscheduled pods to nodes, in the manner of kube-scheduler's framework.
 *
 * <p>Pure logic over model objects. {@link io.corral.scheduler.SchedulerCache} holds what the
 * scheduler knows of the cluster (nodes and the pods on them, including pods it has just assumed),
 * {@link io.corral.scheduler.SchedulingQueue} the pods waiting to be placed, and
 * {@link io.corral.scheduler.Scheduler} runs the cycle: pop a pod, run the {@link io.corral.scheduler.FilterPlugin}s
 * over a {@link io.corral.scheduler.Snapshot}, score the feasible nodes with the
 * {@link io.corral.scheduler.ScorePlugin}s, assume the pod on the best node and hand it to the
 * {@link io.corral.scheduler.Binder}. The edges ({@link io.corral.scheduler.Binder},
 * {@link io.corral.scheduler.EventRecorder}, {@link io.corral.scheduler.VolumeLookup},
 * {@link io.corral.scheduler.PodFailureHandler}) are interfaces the wiring connects to the API.
 * The built-in plugins live in {@link io.corral.scheduler.plugins}.
 */
package io.corral.scheduler;
