package io.corral.api.model.coordination;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * A lease: who holds it and for how long. Times keep microseconds (MicroTime).
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LeaseSpec(
        String holderIdentity,
        Integer leaseDurationSeconds,
        Instant acquireTime,
        Instant renewTime,
        Integer leaseTransitions) {
}
