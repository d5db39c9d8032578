package io.corral.member;

import io.corral.api.client.CorralClient;
import io.corral.scheduler.wiring.SchedulerService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** Starts a {@link CorralMember}'s scheduler service, campaigning for the scheduler's lease. */
final class MemberScheduler {
    private MemberScheduler() {
    }

    /** @param timings lease duration, renew deadline and retry period; null for the defaults */
    static SchedulerService start(CorralClient client, MeterRegistry registry, String identity, Duration[] timings) {
        SchedulerService.Builder b = SchedulerService.builder(client).meterRegistry(registry).identity(identity);
        if (timings != null) {
            b.leaderElection(timings[0], timings[1], timings[2]);
        }
        return b.build().start();
    }
}
