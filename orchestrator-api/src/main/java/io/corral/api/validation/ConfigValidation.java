package io.corral.api.validation;

import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Rules of Secrets and ConfigMaps: key format, total size, and the keys typed secrets need. */
final class ConfigValidation {
    /** Largest total size of the data of a Secret or ConfigMap, in bytes. */
    static final int MAX_DATA_BYTES = 1024 * 1024;

    private ConfigValidation() {
    }

    static void secret(Secret secret, Errors errors) {
        FieldPath data = FieldPath.root("data");
        long total = 0;
        for (Map.Entry<String, byte[]> e : secret.data().entrySet()) {
            errors.configKey(data.key(e.getKey()), e.getKey());
            total += e.getValue().length;
        }
        FieldPath stringData = FieldPath.root("stringData");
        for (Map.Entry<String, String> e : secret.stringData().entrySet()) {
            errors.configKey(stringData.key(e.getKey()), e.getKey());
            total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > MAX_DATA_BYTES) {
            errors.add(FieldError.tooLong(data, "", MAX_DATA_BYTES));
        }
        String type = secret.type() == null ? "Opaque" : secret.type();
        switch (type) {
            case "kubernetes.io/tls" -> {
                requireKey(secret, "tls.crt", errors);
                requireKey(secret, "tls.key", errors);
            }
            case "kubernetes.io/dockerconfigjson" -> requireKey(secret, ".dockerconfigjson", errors);
            case "kubernetes.io/dockercfg" -> requireKey(secret, ".dockercfg", errors);
            case "kubernetes.io/basic-auth" -> {
                if (!hasKey(secret, "username") && !hasKey(secret, "password")) {
                    errors.add(FieldError.required(data.key("username"),
                            "either `username` or `password` is required for a basic-auth secret"));
                }
            }
            case "kubernetes.io/ssh-auth" -> requireKey(secret, "ssh-privatekey", errors);
            default -> {
                // Opaque and custom types carry any keys.
            }
        }
    }

    private static boolean hasKey(Secret secret, String key) {
        return secret.data().containsKey(key) || secret.stringData().containsKey(key);
    }

    private static void requireKey(Secret secret, String key, Errors errors) {
        if (!hasKey(secret, key)) {
            errors.add(FieldError.required(FieldPath.root("data").key(key), ""));
        }
    }

    static void configMap(ConfigMap cm, Errors errors) {
        long total = 0;
        FieldPath data = FieldPath.root("data");
        FieldPath binary = FieldPath.root("binaryData");
        for (Map.Entry<String, String> e : cm.data().entrySet()) {
            errors.configKey(data.key(e.getKey()), e.getKey());
            total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, byte[]> e : cm.binaryData().entrySet()) {
            errors.configKey(binary.key(e.getKey()), e.getKey());
            if (cm.data().containsKey(e.getKey())) {
                errors.add(FieldError.duplicate(binary.key(e.getKey()), e.getKey()));
            }
            total += e.getValue().length;
        }
        if (total > MAX_DATA_BYTES) {
            errors.add(FieldError.tooLong(FieldPath.root("data"), "", MAX_DATA_BYTES));
        }
    }
}
