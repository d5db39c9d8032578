package io.corral.runtime.spi;

import java.util.List;
import java.util.Map;

/** Argument checks shared by the value types; errors name the field at fault. */
final class Checks {
    private Checks() {
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw ContainerRuntimeException.invalidArgument(field, "must not be null");
        }
        return value;
    }

    static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ContainerRuntimeException.invalidArgument(field, "must not be blank");
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw ContainerRuntimeException.invalidArgument(field, "must not be negative, was " + value);
        }
        return value;
    }

    static <T> List<T> list(List<T> value, String field) {
        if (value == null) {
            return List.of();
        }
        for (int i = 0; i < value.size(); i++) {
            notNull(value.get(i), field + "[" + i + "]");
        }
        return List.copyOf(value);
    }

    static <K, V> Map<K, V> map(Map<K, V> value, String field) {
        if (value == null) {
            return Map.of();
        }
        value.forEach((k, v) -> {
            notNull(k, field + " key");
            notNull(v, field + "[" + k + "]");
        });
        return Map.copyOf(value);
    }
}
