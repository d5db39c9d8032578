package io.corral.nodehost;

import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.util.function.Supplier;

/** Retries a read-modify-write on {@code CONFLICT}: another writer won the race, so read again. */
final class Conflicts {
    private static final int ATTEMPTS = 5;

    private Conflicts() {
    }

    static <T> T retry(Supplier<T> attempt) {
        ApiException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return attempt.get();
            } catch (ApiException e) {
                if (e.reason() != StatusReason.CONFLICT) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }
}
