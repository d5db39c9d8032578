package io.corral.api.validation;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The path to a field of an object, printed the Kubernetes way:
 * {@code metadata.labels["app"]}, {@code spec.containers[1].image}.
 * Immutable; each step returns a new path.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FieldPath {
    private final FieldPath parent;
    private final String segment;

    private FieldPath(FieldPath parent, String segment) {
        this.parent = parent;
        this.segment = segment;
    }

    /** A path starting at a top-level field such as {@code metadata} or {@code spec}. */
    public static FieldPath root(String name) {
        return new FieldPath(null, Objects.requireNonNull(name, "name"));
    }

    /** The path of a named child field: {@code spec} then {@code containers}. */
    public FieldPath child(String name) {
        return new FieldPath(this, "." + Objects.requireNonNull(name, "name"));
    }

    /** The path of a list element: {@code containers[1]}. */
    public FieldPath index(int i) {
        return new FieldPath(this, "[" + i + "]");
    }

    /** The path of a map entry: {@code labels["app"]}. */
    public FieldPath key(String key) {
        return new FieldPath(this, "[\"" + key + "\"]");
    }

    @Override
    public String toString() {
        return parent == null ? segment : parent + segment;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
