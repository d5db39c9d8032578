package io.corral.api.codec;

import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import io.corral.api.model.core.DaemonEndpoint;
import io.corral.api.model.core.LimitRangeItem;
import io.corral.api.model.meta.ListMeta;
import java.util.Map;

/**
 * Renames the few record components whose wire names are Java keywords or not Java style:
 * {@code ListMeta.continueToken} is {@code continue}, {@code LimitRangeItem.defaultLimits} is
 * {@code default}, {@code DaemonEndpoint.port} is {@code Port}.
 */
final class WireNames extends PropertyNamingStrategy {
    private static final long serialVersionUID = 1L;

    private static final Map<Class<?>, Map<String, String>> RENAMES = Map.of(
            ListMeta.class, Map.of("continueToken", "continue"),
            LimitRangeItem.class, Map.of("defaultLimits", "default"),
            DaemonEndpoint.class, Map.of("port", "Port"));

    private static String rename(Class<?> owner, String name) {
        Map<String, String> m = RENAMES.get(owner);
        return m == null ? name : m.getOrDefault(name, name);
    }

    @Override
    public String nameForField(MapperConfig<?> config, AnnotatedField field, String defaultName) {
        return rename(field.getDeclaringClass(), defaultName);
    }

    @Override
    public String nameForGetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
        return rename(method.getDeclaringClass(), defaultName);
    }

    @Override
    public String nameForSetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
        return rename(method.getDeclaringClass(), defaultName);
    }

    @Override
    public String nameForConstructorParameter(MapperConfig<?> config, AnnotatedParameter param, String defaultName) {
        return rename(param.getDeclaringClass(), defaultName);
    }
}
