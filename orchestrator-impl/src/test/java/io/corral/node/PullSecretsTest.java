package io.corral.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.model.core.Secret;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.runtime.spi.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Image pull secrets")
class PullSecretsTest {
    private static Secret secret(String key, String json) {
        return Secret.builder().metadata(ObjectMeta.of("ns", "s")).data(Map.of(key, json.getBytes(StandardCharsets.UTF_8))).build();
    }

    @Test
    @DisplayName("the older .dockercfg form and identity tokens")
    void dockercfg() {
        assertThat(PullSecrets.credentials(secret(".dockercfg",
                "{\"quay.io\":{\"username\":\"u\",\"password\":\"p\",\"identitytoken\":\"tok\"}}")))
                .containsExactly(new RegistryCredentials("quay.io", "u", "p", "tok"));
    }

    @Test
    @DisplayName("malformed secrets say what is wrong and never show the secret")
    void malformed() {
        assertThatThrownBy(() -> PullSecrets.credentials(secret("other", "{}"))).hasMessageContaining(".dockerconfigjson");
        assertThatThrownBy(() -> PullSecrets.credentials(secret(".dockerconfigjson", "{not json")))
                .hasMessageContaining("malformed .dockerconfigjson");
        assertThatThrownBy(() -> PullSecrets.credentials(secret(".dockerconfigjson", "{\"auths\":{\"r\":{\"auth\":\"%%%\"}}}")))
                .hasMessageContaining("auth is not base64");
        assertThat(new RegistryCredentials("r", "u", "hunter2", null).toString()).doesNotContain("hunter2");
    }

    @Test
    @DisplayName("registry keys are reduced to the host")
    void registryHost() {
        assertThat(PullSecrets.registryHost("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(PullSecrets.registryHost("http://registry.local:5000/v2")).isEqualTo("registry.local:5000");
        assertThat(PullSecrets.registryHost("ghcr.io")).isEqualTo("ghcr.io");
    }
}
