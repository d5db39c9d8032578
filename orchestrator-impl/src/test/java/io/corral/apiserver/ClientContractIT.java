package io.corral.apiserver;

import io.corral.api.client.CorralClient;
import io.corral.api.client.CorralClientContract;
import io.corral.api.client.remote.RemoteCorralClient;
import io.corral.member.CorralMember;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The typed client's contract (the same tests the fabric8 mock server runs in orchestrator-api)
 * against our own server: once in-process, once over HTTP. One member for both.
 */
class ClientContractIT {
    private static CorralMember member;

    @BeforeAll
    static void startMember() {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        member = CorralMember.builder().clusterName("corral-contract-" + UUID.randomUUID()).clusterPort(port)
                .join(List.of("127.0.0.1:" + port)).start();
        try (CorralClient client = member.client()) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.namespaces().get("default").isPresent());
        }
    }

    @AfterAll
    static void stopMember() {
        if (member != null) {
            member.close();
        }
    }

    @Nested
    class InProcess extends CorralClientContract {
        @Override
        protected CorralClient newClient() {
            return member.client();
        }
    }

    @Nested
    class OverHttp extends CorralClientContract {
        @Override
        protected CorralClient newClient() {
            return RemoteCorralClient.builder(URI.create(member.apiUrl())).build();
        }
    }
}
