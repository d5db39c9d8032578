package io.corral.api.client;

import org.apiguardian.api.API;

/** What happens to an object's dependents (objects whose owner it is) when it is deleted. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum PropagationPolicy {
    /** Dependents are left alone; their owner reference is removed. */
    ORPHAN("Orphan"),
    /** The object goes at once; the garbage collector deletes dependents afterwards. */
    BACKGROUND("Background"),
    /** The object stays (with a {@code foregroundDeletion} finalizer) until its blocking dependents are gone. */
    FOREGROUND("Foreground");

    private final String wireName;

    PropagationPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The policy as spelled on the wire, e.g. {@code Background}. */
    public String wireName() {
        return wireName;
    }
}
