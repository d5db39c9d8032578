package io.corral.api.client.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.client.rollout.RolloutStatus.State;
import io.corral.api.model.apps.DaemonSet;
import io.corral.api.model.apps.DaemonSetSpec;
import io.corral.api.model.apps.DaemonSetStatus;
import io.corral.api.model.apps.DaemonSetUpdateStrategy;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentCondition;
import io.corral.api.model.apps.DeploymentSpec;
import io.corral.api.model.apps.DeploymentStatus;
import io.corral.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.apps.StatefulSetSpec;
import io.corral.api.model.apps.StatefulSetStatus;
import io.corral.api.model.apps.StatefulSetUpdateStrategy;
import io.corral.api.model.meta.ObjectMeta;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The messages and outcomes of {@code kubectl rollout status}, case by case. */
class RolloutStatusTest {
    private static ObjectMeta meta(String name, long generation) {
        return ObjectMeta.builder().namespace("ns").name(name).generation(generation).build();
    }

    private static Deployment deployment(long generation, Long observed, int wanted, int total, int updated, int available,
                                         String progressingReason) {
        List<DeploymentCondition> conditions = progressingReason == null ? List.of()
                : List.of(new DeploymentCondition("Progressing", "False", null, null, progressingReason, "m"));
        return Deployment.builder().metadata(meta("web", generation))
                .spec(DeploymentSpec.builder().replicas(wanted).build())
                .status(new DeploymentStatus(observed, total, updated, available, available, total - available, conditions, null))
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not observed yet            | 2 | 1 | 3 | 3 | 3 | 3 |                          | IN_PROGRESS | Waiting for deployment spec update to be observed...
            updating                    | 2 | 2 | 3 | 4 | 1 | 3 |                          | IN_PROGRESS | Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...
            old pods terminating        | 2 | 2 | 3 | 4 | 3 | 3 |                          | IN_PROGRESS | Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...
            updated not yet available   | 2 | 2 | 3 | 3 | 3 | 2 |                          | IN_PROGRESS | Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...
            complete                    | 2 | 2 | 3 | 3 | 3 | 3 | NewReplicaSetAvailable   | DONE        | deployment "web" successfully rolled out
            past its progress deadline  | 2 | 2 | 3 | 4 | 1 | 3 | ProgressDeadlineExceeded | FAILED      | deployment "web" exceeded its progress deadline
            """)
    void deployment(String caseName, long generation, long observed, int wanted, int total, int updated, int available, String reason,
                    State state, String message) {
        RolloutStatus status = RolloutStatus.of(deployment(generation, observed, wanted, total, updated, available, reason));
        assertThat(status).isEqualTo(new RolloutStatus(state, message));
    }

    @Test
    void aDeploymentWithoutStatusIsNotObservedYet() {
        Deployment d = Deployment.builder().metadata(meta("web", 1)).spec(DeploymentSpec.builder().replicas(1).build()).build();
        assertThat(RolloutStatus.of(d).state()).isEqualTo(State.IN_PROGRESS);
    }

    private static StatefulSet statefulSet(String strategy, Integer partition, int wanted, int ready, int updated, String current,
                                           String update) {
        return StatefulSet.builder().metadata(meta("db", 1))
                .spec(StatefulSetSpec.builder().replicas(wanted)
                        .updateStrategy(new StatefulSetUpdateStrategy(strategy, new RollingUpdateStatefulSetStrategy(partition, null))).build())
                .status(new StatefulSetStatus(1L, wanted, ready, wanted, updated, ready, current, update, null, List.of()))
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pods not ready         | RollingUpdate | 0 | 3 | 1 | 3 | r1 | r1 | IN_PROGRESS | Waiting for 2 pods to be ready...
            revisions differ       | RollingUpdate | 0 | 3 | 3 | 2 | r1 | r2 | IN_PROGRESS | waiting for statefulset rolling update to complete 2 pods at revision r2...
            complete               | RollingUpdate | 0 | 3 | 3 | 3 | r2 | r2 | DONE        | statefulset rolling update complete 3 pods at revision r2...
            partition pending      | RollingUpdate | 2 | 3 | 3 | 0 | r1 | r2 | IN_PROGRESS | Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...
            partition complete     | RollingUpdate | 2 | 3 | 3 | 1 | r1 | r2 | DONE        | partitioned roll out complete: 1 new pods have been updated...
            on delete has none     | OnDelete      | 0 | 3 | 3 | 3 | r1 | r1 | FAILED      | rollout status is only available for RollingUpdate strategy type
            """)
    void statefulSet(String caseName, String strategy, int partition, int wanted, int ready, int updated, String current, String update,
                     State state, String message) {
        assertThat(RolloutStatus.of(statefulSet(strategy, partition, wanted, ready, updated, current, update)))
                .isEqualTo(new RolloutStatus(state, message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            updating       | 4 | 2 | 2 | IN_PROGRESS | Waiting for daemon set "agents" rollout to finish: 2 out of 4 new pods have been updated...
            not available  | 4 | 4 | 3 | IN_PROGRESS | Waiting for daemon set "agents" rollout to finish: 3 of 4 updated pods are available...
            complete       | 4 | 4 | 4 | DONE        | daemon set "agents" successfully rolled out
            """)
    void daemonSet(String caseName, int desired, int updated, int available, State state, String message) {
        DaemonSet set = DaemonSet.builder().metadata(meta("agents", 3))
                .spec(new DaemonSetSpec(null, null, new DaemonSetUpdateStrategy("RollingUpdate", null), null, null))
                .status(new DaemonSetStatus(desired, 0, desired, available, 3L, updated, available, desired - available, null, List.of()))
                .build();
        assertThat(RolloutStatus.of(set)).isEqualTo(new RolloutStatus(state, message));
    }
}
