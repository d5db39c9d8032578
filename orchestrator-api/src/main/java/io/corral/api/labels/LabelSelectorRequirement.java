package io.corral.api.labels;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One requirement of a structured {@link LabelSelector}: {@code key operator values}.
 *
 * @param key      the label key
 * @param operator one of {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}
 *                 (the wire spelling, kept as a string so that an unknown operator read
 *                 from a manifest is reported by validation, not by the parser)
 * @param values   values for {@code In}/{@code NotIn}; empty for {@code Exists}/{@code DoesNotExist}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LabelSelectorRequirement(String key, String operator, List<String> values) {
    public static final String IN = "In";
    public static final String NOT_IN = "NotIn";
    public static final String EXISTS = "Exists";
    public static final String DOES_NOT_EXIST = "DoesNotExist";

    public LabelSelectorRequirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = values == null ? List.of() : List.copyOf(values);
    }
}
