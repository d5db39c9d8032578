package io.corral.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.meta.ObjectMeta;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A member in a child JVM, paused and resumed with real signals: while paused it answers nothing; a
 * short pause goes unnoticed by Hazelcast, a long one makes the cluster drop the member and its node
 * go {@code Unknown}, while the other members keep serving.
 */
class MemberProcessTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private int status(URI api, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(api.resolve("/api/v1/namespaces/default")).timeout(timeout).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String nodeReady(CorralTestCluster cluster, String node) {
        return cluster.client().nodes().require(node).status().conditions().stream()
                .filter(c -> "Ready".equals(c.type())).map(NodeCondition::status).findFirst().orElse("?");
    }

    @Test
    void aPausedMemberAnswersNothingAndALongPauseLosesItsMembershipAndItsNode() throws Exception {
        ClusterSpec spec = ClusterSpec.builder().members(2).nodeGracePeriod(Duration.ofSeconds(2)).build();
        try (CorralTestCluster cluster = CorralTestCluster.start(spec)) {
            CorralMemberProcess process = CorralMemberProcess.join(cluster, 1);
            assertThat(cluster.memberProcesses()).containsExactly(process);
            assertThat(process.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(cluster.member(0).hazelcast().getCluster().getMembers()).hasSize(3);
            AtomicInteger removals = new AtomicInteger();
            cluster.member(0).hazelcast().getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    removals.incrementAndGet();
                }
            });
            String node = process.nodeNames().get(0);
            cluster.client().pods().inNamespace("default").create(Pod.builder().metadata(ObjectMeta.of("default", "on-process"))
                    .spec(PodSpec.builder().nodeName(node).containers(List.of(Container.builder().name("app").image("busybox").build())).build())
                    .build());
            cluster.awaitPod("default", "on-process", p -> p.status() != null && "Running".equals(p.status().phase()));
            assertThat(status(process.apiUrl(), Duration.ofSeconds(10))).isEqualTo(200);

            // a short pause: nothing answers meanwhile, and afterwards all is as before
            process.pause();
            assertThat(process.state()).isEqualTo(CorralMemberProcess.State.PAUSED);
            assertThatThrownBy(() -> status(process.apiUrl(), Duration.ofSeconds(1))).isInstanceOf(HttpTimeoutException.class);
            process.resume();
            assertThat(status(process.apiUrl(), Duration.ofSeconds(10))).isEqualTo(200);
            assertThat(removals.get()).isZero();

            // a long pause: Hazelcast drops the member, its node goes Unknown, the others keep serving
            process.pause();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(cluster.member(0).hazelcast().getCluster().getMembers()).hasSize(2));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(nodeReady(cluster, node)).isEqualTo("Unknown"));
            cluster.client(1).namespaces().create(Fixtures.namespace("while-paused"));
            assertThat(cluster.client(0).namespaces().get("while-paused")).isPresent();

            process.kill();
            assertThat(process.state()).isEqualTo(CorralMemberProcess.State.KILLED);
            assertThatThrownBy(process::pause).isInstanceOf(IllegalStateException.class);
        }
    }
}
