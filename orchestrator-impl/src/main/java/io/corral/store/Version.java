package io.corral.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/**
 * One stored state of one object. The body is the object's JSON without the four fields the store
 * owns ({@code uid}, {@code creationTimestamp}, {@code resourceVersion}, {@code generation}); they are
 * kept beside it and put back on read, so that the state machine never parses JSON.
 *
 * @param revision  the revision that wrote this state
 * @param generation metadata.generation
 * @param specHash  hash of everything but metadata and status, to decide generation bumps
 * @param uid       metadata.uid
 * @param created   metadata.creationTimestamp
 * @param body      JSON bytes, or null for a tombstone (the object was deleted at {@code revision})
 */
record Version(long revision, long generation, long specHash, String uid, String created, byte[] body) {

    boolean isTombstone() {
        return body == null;
    }

    void write(ObjectDataOutput out) throws IOException {
        out.writeLong(revision);
        out.writeLong(generation);
        out.writeLong(specHash);
        out.writeString(uid);
        out.writeString(created);
        out.writeByteArray(body);
    }

    static Version read(ObjectDataInput in) throws IOException {
        return new Version(in.readLong(), in.readLong(), in.readLong(), in.readString(), in.readString(), in.readByteArray());
    }

    static void writeNullable(ObjectDataOutput out, Version v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            v.write(out);
        }
    }

    static Version readNullable(ObjectDataInput in) throws IOException {
        return in.readBoolean() ? read(in) : null;
    }
}
