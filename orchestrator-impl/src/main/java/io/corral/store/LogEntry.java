package io.corral.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/**
 * One committed change in the history.
 *
 * @param revision  the change's revision
 * @param key       the object's storage key
 * @param type      ADDED, MODIFIED or DELETED
 * @param state     the new state; for DELETED the last state, with this revision
 * @param previous  the state before, null for ADDED
 * @param requestId the id of the proposal that made it, for de-duplicating retried writes
 */
record LogEntry(long revision, String key, WatchEventType type, Version state, Version previous, String requestId) {

    void write(ObjectDataOutput out) throws IOException {
        out.writeLong(revision);
        out.writeString(key);
        out.writeByte(type.ordinal());
        state.write(out);
        Version.writeNullable(out, previous);
        out.writeString(requestId);
    }

    static LogEntry read(ObjectDataInput in) throws IOException {
        return new LogEntry(in.readLong(), in.readString(), WatchEventType.values()[in.readByte()],
                Version.read(in), Version.readNullable(in), in.readString());
    }
}
