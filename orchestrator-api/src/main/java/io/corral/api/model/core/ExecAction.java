package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Runs a command in the container; exit status 0 is success.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ExecAction(List<String> command) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public ExecAction {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
