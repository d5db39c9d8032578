package io.corral.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of committed history after a revision. {@code expired} when that revision is compacted;
 * {@code committed}/{@code compacted} are the state's counters when the batch was read.
 */
final class HistoryPage implements IdentifiedDataSerializable {
    private boolean expired;
    private long revision;
    private long committed;
    private long compacted;
    private List<LogEntry> entries;

    HistoryPage() {
    }

    HistoryPage(boolean expired, long revision, long committed, long compacted, List<LogEntry> entries) {
        this.expired = expired;
        this.revision = revision;
        this.committed = committed;
        this.compacted = compacted;
        this.entries = entries;
    }

    boolean expired() { return expired; }
    /** The last assigned revision, committed or not. */
    long revision() { return revision; }
    long committed() { return committed; }
    long compacted() { return compacted; }
    List<LogEntry> entries() { return entries; }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.HISTORY_PAGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(expired);
        out.writeLong(revision);
        out.writeLong(committed);
        out.writeLong(compacted);
        out.writeInt(entries.size());
        for (LogEntry e : entries) {
            e.write(out);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        expired = in.readBoolean();
        revision = in.readLong();
        committed = in.readLong();
        compacted = in.readLong();
        int n = in.readInt();
        entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(LogEntry.read(in));
        }
    }
}
