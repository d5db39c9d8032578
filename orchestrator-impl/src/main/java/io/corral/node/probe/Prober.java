package io.corral.node.probe;

import io.corral.api.model.core.Probe;
import org.apiguardian.api.API;

/**
 * Runs one probe once. Implementations MUST be thread-safe and MUST return within about the probe's
 * timeout; a probe that cannot be run (no handler, unreachable container) is a failure, not an exception.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Prober {

    /**
     * @param probe  the probe; non-null
     * @param target the container; non-null
     */
    ProbeOutcome probe(Probe probe, ProbeTarget target);
}
