package io.corral.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.api.model.core.Secret;
import io.corral.runtime.spi.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Registry credentials from image pull secrets: {@code kubernetes.io/dockerconfigjson}
 * ({@code .dockerconfigjson}: {@code {"auths": {registry: {...}}}}) and the older
 * {@code kubernetes.io/dockercfg} ({@code .dockercfg}: {@code {registry: {...}}}). An entry gives
 * {@code username}/{@code password}, or {@code auth} (base64 of {@code user:password}), and optionally
 * {@code identitytoken}.
 */
final class PullSecrets {
    static final String DOCKER_CONFIG_JSON = ".dockerconfigjson";
    static final String DOCKER_CFG = ".dockercfg";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PullSecrets() {
    }

    /**
     * The credentials in a pull secret.
     *
     * @throws IllegalArgumentException when the secret has neither key or its JSON is malformed (the message says which)
     */
    static List<RegistryCredentials> credentials(Secret secret) {
        Map<String, byte[]> data = secret.data();
        byte[] json = data.get(DOCKER_CONFIG_JSON);
        boolean configJson = json != null;
        if (json == null) {
            json = data.get(DOCKER_CFG);
        }
        if (json == null) {
            throw new IllegalArgumentException("has no " + DOCKER_CONFIG_JSON + " or " + DOCKER_CFG + " key");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + (configJson ? DOCKER_CONFIG_JSON : DOCKER_CFG) + ": "
                    + e.getMessage(), e);
        }
        JsonNode auths = configJson ? root.path("auths") : root;
        List<RegistryCredentials> result = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode e = entry.getValue();
            String username = text(e, "username");
            String password = text(e, "password");
            String auth = text(e, "auth");
            if (auth != null && (username == null || password == null)) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("registry \"" + entry.getKey() + "\": auth is not base64", bad);
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("registry \"" + entry.getKey() + "\": auth is not user:password");
                }
                username = decoded.substring(0, colon);
                password = decoded.substring(colon + 1);
            }
            String registry = registryHost(entry.getKey());
            if (!registry.isBlank()) {
                result.add(new RegistryCredentials(registry, username, password, text(e, "identitytoken")));
            }
        }
        return result;
    }

    /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code registry:5000} stays. */
    static String registryHost(String key) {
        String host = key;
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io" -> "docker.io";
            default -> host;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
