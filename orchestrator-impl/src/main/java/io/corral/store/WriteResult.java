package io.corral.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/** Outcome of a {@link Propose}: a code, the revision, the stored state, and the commit index. */
final class WriteResult implements IdentifiedDataSerializable {
    static final int OK = 0;
    static final int ALREADY_EXISTS = 1;
    static final int NOT_FOUND = 2;
    static final int CONFLICT = 3;

    private int code;
    /**
     * OK: the write's revision; CONFLICT/ALREADY_EXISTS: the stored object's revision. On CONFLICT of an
     * update, {@code state} is the latest state, possibly not committed yet: usable only as the base of
     * another conditional write, never to be shown.
     */
    private long revision;
    private Version state;
    private long committed;

    WriteResult() {
    }

    WriteResult(int code, long revision, Version state, long committed) {
        this.code = code;
        this.revision = revision;
        this.state = state;
        this.committed = committed;
    }

    int code() { return code; }
    long revision() { return revision; }
    Version state() { return state; }
    long committed() { return committed; }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.WRITE_RESULT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(code);
        out.writeLong(revision);
        Version.writeNullable(out, state);
        out.writeLong(committed);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        code = in.readInt();
        revision = in.readLong();
        state = Version.readNullable(in);
        committed = in.readLong();
    }
}
