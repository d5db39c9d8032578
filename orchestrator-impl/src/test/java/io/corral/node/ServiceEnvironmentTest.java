package io.corral.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.ObjectMeta;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Service environment variables")
class ServiceEnvironmentTest {
    private static Service service(String name, String ip, ServicePort... ports) {
        return Service.builder().metadata(ObjectMeta.of("ns", name))
                .spec(ServiceSpec.builder().clusterIP(ip).ports(List.of(ports)).build()).build();
    }

    @Test
    @DisplayName("UDP ports, services without ports and the order by name")
    void variables() {
        var env = ServiceEnvironment.of(List.of(
                service("zeta-dns", "10.0.0.10", new ServicePort("dns", "UDP", null, 53, null, null)),
                service("alpha", "10.0.0.2"),
                service("none", "None", new ServicePort(null, null, null, 80, null, null)),
                service("unset", null)));
        assertThat(env.keySet()).first().isEqualTo("ALPHA_SERVICE_HOST");
        assertThat(env).containsEntry("ALPHA_SERVICE_HOST", "10.0.0.2").doesNotContainKey("ALPHA_SERVICE_PORT")
                .containsEntry("ZETA_DNS_SERVICE_PORT_DNS", "53")
                .containsEntry("ZETA_DNS_PORT", "udp://10.0.0.10:53")
                .containsEntry("ZETA_DNS_PORT_53_UDP_PROTO", "udp")
                .doesNotContainKeys("NONE_SERVICE_HOST", "UNSET_SERVICE_HOST");
    }
}
