/**
 * Runs the {@link io.corral.scheduler.Scheduler} against a cluster:
 * {@link io.corral.scheduler.wiring.SchedulerService} feeds it from informers, binds, records
 * events and fails pods through a {@link io.corral.api.client.CorralClient}, and schedules only
 * while it holds the {@code kube-system/corral-scheduler} lease.
 */
package io.corral.scheduler.wiring;
