package io.corral.store;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The read-only processors: run on the primary's partition thread, see only committed revisions. */
final class StoreProcessors {
    private StoreProcessors() {
    }

    /** Reads one key at the commit index. */
    static final class Read implements EntryProcessor<String, StoreState, ReadResult>, ReadOnly,
            IdentifiedDataSerializable {
        private String key;

        Read() {
        }

        Read(String key) {
            this.key = key;
        }

        @Override
        public ReadResult process(Map.Entry<String, StoreState> entry) {
            StoreState state = entry.getValue();
            if (state == null) {
                return new ReadResult(0, null);
            }
            return new ReadResult(state.committed(), state.read(key, state.committed()));
        }

        @Override
        public EntryProcessor<String, StoreState, ReadResult> getBackupProcessor() {
            return null;
        }

        @Override
        public int getFactoryId() {
            return StoreSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return StoreSerialization.READ;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(key);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            key = in.readString();
        }
    }

    /** Reads a key range at a revision (0: the commit index). */
    static final class ListRange implements EntryProcessor<String, StoreState, ListPage>, ReadOnly,
            IdentifiedDataSerializable {
        private String prefix;
        private String afterKey;
        private long atRevision;
        private int max;

        ListRange() {
        }

        ListRange(String prefix, String afterKey, long atRevision, int max) {
            this.prefix = prefix;
            this.afterKey = afterKey;
            this.atRevision = atRevision;
            this.max = max;
        }

        @Override
        public ListPage process(Map.Entry<String, StoreState> entry) {
            StoreState state = entry.getValue();
            if (state == null) {
                return new ListPage(ListPage.OK, 0, List.of(), List.of(), null);
            }
            long at = atRevision <= 0 ? state.committed() : atRevision;
            if (at < state.compacted() || at > state.committed()) {
                return new ListPage(ListPage.EXPIRED, at, List.of(), List.of(), null);
            }
            return state.list(prefix, afterKey, at, max);
        }

        @Override
        public EntryProcessor<String, StoreState, ListPage> getBackupProcessor() {
            return null;
        }

        @Override
        public int getFactoryId() {
            return StoreSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return StoreSerialization.LIST;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(prefix);
            out.writeString(afterKey);
            out.writeLong(atRevision);
            out.writeInt(max);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            prefix = in.readString();
            afterKey = in.readString();
            atRevision = in.readLong();
            max = in.readInt();
        }
    }

    /** Reads committed history after a revision. */
    static final class History implements EntryProcessor<String, StoreState, HistoryPage>, ReadOnly,
            IdentifiedDataSerializable {
        private long afterRevision;
        private int max;

        History() {
        }

        History(long afterRevision, int max) {
            this.afterRevision = afterRevision;
            this.max = max;
        }

        @Override
        public HistoryPage process(Map.Entry<String, StoreState> entry) {
            StoreState state = entry.getValue();
            if (state == null) {
                return new HistoryPage(afterRevision > 0, 0, 0, 0, List.of());
            }
            if (afterRevision < state.compacted()) {
                return new HistoryPage(true, state.revision(), state.committed(), state.compacted(), List.of());
            }
            return new HistoryPage(false, state.revision(), state.committed(), state.compacted(), state.historyAfter(afterRevision, max));
        }

        @Override
        public EntryProcessor<String, StoreState, HistoryPage> getBackupProcessor() {
            return null;
        }

        @Override
        public int getFactoryId() {
            return StoreSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return StoreSerialization.HISTORY;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(afterRevision);
            out.writeInt(max);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            afterRevision = in.readLong();
            max = in.readInt();
        }
    }
}
