package io.corral.api.client;

import io.corral.api.model.meta.KubernetesObject;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * Operations on one object, named in a {@link ResourceClient} view. Immutable and thread-safe.
 * The conventions of {@link ResourceClient} apply: {@link #get} is empty for an absent object,
 * {@link #delete} returns false for one, every other call throws {@code NOT_FOUND}.
 *
 * @param <T> the kind's Java type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface NamedResource<T extends KubernetesObject<T>> {
    /** The object's name. */
    String name();

    /** The object's namespace; null for a cluster-scoped kind. */
    String namespace();

    /** The object, or empty when there is none. */
    Optional<T> get();

    /** The object; {@code NOT_FOUND} when there is none. */
    T require();

    /** Patches the object; returns the result. */
    T patch(PatchType type, String body);

    /** Patches the object's status subresource; returns the result. */
    T patchStatus(PatchType type, String body);

    /** Get, change, update, retried on {@code CONFLICT}; see {@link ResourceClient#edit}. */
    T edit(UnaryOperator<T> change);

    /** Deletes the object; false when there was none; see {@link ResourceClient#delete(String, DeleteOptions)}. */
    boolean delete(DeleteOptions options);

    /** Deletes the object with the server's defaults; false when there was none. */
    default boolean delete() {
        return delete(DeleteOptions.DEFAULTS);
    }

    /** Watches this one object (a {@code metadata.name} field selector) after {@code fromVersion}. */
    Watch watch(String fromVersion, WatchHandler<T> handler);
}
