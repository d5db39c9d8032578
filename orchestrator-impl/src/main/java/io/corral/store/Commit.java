package io.corral.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Advances the commit index. Sent by a writer only after its proposal's backups were confirmed;
 * since one partition's backups are applied in order, that confirms every earlier revision too.
 * With {@code revision <= 0} it is a barrier: it commits nothing new itself, but its own
 * confirmed backup proves every revision applied before it is on the backups, and it returns
 * that revision so the caller can commit it next.
 */
final class Commit implements EntryProcessor<String, StoreState, Long>, IdentifiedDataSerializable {
    private long revision;

    Commit() {
    }

    Commit(long revision) {
        this.revision = revision;
    }

    @Override
    public Long process(Map.Entry<String, StoreState> entry) {
        StoreState state = entry.getValue();
        if (state == null) {
            return 0L;
        }
        if (revision > 0) {
            state.commit(revision);
        }
        entry.setValue(state);
        return revision > 0 ? state.committed() : state.revision();
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.COMMIT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(revision);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        revision = in.readLong();
    }
}
