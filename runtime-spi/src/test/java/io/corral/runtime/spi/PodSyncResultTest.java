package io.corral.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodSyncResultTest {

    @Test
    void aResultWithOnlySuccessfulStepsSucceeds() {
        PodSyncResult result = PodSyncResult.builder()
                .ok(SyncAction.CREATE_POD_SANDBOX, "default/web")
                .ok(SyncAction.START_CONTAINER, "app")
                .build();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.failures()).isEmpty();
        assertThat(result.error()).isEmpty();
        assertThat(result.steps(SyncAction.START_CONTAINER)).extracting(SyncResult::target).containsExactly("app");
    }

    @Test
    void aFailedStepFailsTheResultAndIsNamedInTheError() {
        PodSyncResult result = PodSyncResult.builder()
                .ok(SyncAction.START_CONTAINER, "app")
                .fail(SyncAction.START_CONTAINER, "sidecar", SyncErrorReason.CRASH_LOOP_BACK_OFF, "back-off 10s")
                .build();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failures()).singleElement().satisfies(step -> {
            assertThat(step.target()).isEqualTo("sidecar");
            assertThat(step.error().wireName()).isEqualTo("CrashLoopBackOff");
        });
        assertThat(result.find(SyncAction.START_CONTAINER, "sidecar")).get()
                .extracting(SyncResult::succeeded).isEqualTo(false);
        assertThat(result.error()).get().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(ContainerRuntimeException.Reason.INTERNAL);
            assertThat(e.getMessage()).contains("sidecar", "CrashLoopBackOff", "back-off 10s");
        });
    }

    @Test
    void aSyncErrorKeepsItsReasonAndTheFirstOneWins() {
        var first = new ContainerRuntimeException(ContainerRuntimeException.Reason.RUNTIME_UNAVAILABLE, "daemon down");
        var second = new ContainerRuntimeException(ContainerRuntimeException.Reason.INTERNAL, "later");
        PodSyncResult.Builder builder = PodSyncResult.builder().syncError(first).syncError(second);
        assertThat(builder.hasFailed()).isTrue();

        PodSyncResult result = builder.build();
        assertThat(result.syncError()).isSameAs(first);
        assertThat(result.error()).get().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(ContainerRuntimeException.Reason.RUNTIME_UNAVAILABLE);
            assertThat(e).hasCause(first);
        });
    }

    @Test
    void addAllMergesStepsInOrder() {
        PodSyncResult kill = PodSyncResult.builder().ok(SyncAction.KILL_CONTAINER, "app").build();
        PodSyncResult merged = PodSyncResult.builder().ok(SyncAction.CREATE_POD_SANDBOX, "ns/p").addAll(kill).build();

        assertThat(merged.steps()).extracting(SyncResult::action)
                .containsExactly(SyncAction.CREATE_POD_SANDBOX, SyncAction.KILL_CONTAINER);
        assertThat(PodSyncResult.nothingToDo().succeeded()).isTrue();
    }

    @Test
    void theLastStepOfAnActionOnATargetIsFound() {
        PodSyncResult result = PodSyncResult.builder()
                .fail(SyncAction.START_CONTAINER, "app", SyncErrorReason.ERR_IMAGE_PULL, "denied")
                .ok(SyncAction.START_CONTAINER, "app")
                .build();
        assertThat(result.find(SyncAction.START_CONTAINER, "app")).get().extracting(SyncResult::succeeded).isEqualTo(true);
        assertThat(result.find(SyncAction.KILL_CONTAINER, "app")).isEmpty();
    }
}
