package io.corral.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/** Outcome of a read of one key: the committed revision it was served at, and the state or null. */
final class ReadResult implements IdentifiedDataSerializable {
    private long revision;
    private Version state;

    ReadResult() {
    }

    ReadResult(long revision, Version state) {
        this.revision = revision;
        this.state = state;
    }

    long revision() { return revision; }
    Version state() { return state; }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.READ_RESULT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(revision);
        Version.writeNullable(out, state);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        revision = in.readLong();
        state = Version.readNullable(in);
    }
}
