package io.corral.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * A write proposal, applied to the state by the partition thread of the primary and then, as its
 * own backup processor, of every backup. Everything random (uid, timestamp, generated name) is
 * chosen by the proposer, so application is deterministic. Re-applying the same {@code requestId}
 * returns the first outcome (a retried write takes effect once).
 */
final class Propose implements EntryProcessor<String, StoreState, WriteResult>, IdentifiedDataSerializable {
    static final int CREATE = 1;
    static final int UPDATE = 2;
    static final int DELETE = 3;

    private String requestId;
    private int op;
    private String key;
    private long expectedRevision;
    private String expectedUid;
    private String uid;
    private String created;
    private long specHash;
    private byte[] body;
    private int historySize;

    Propose() {
    }

    Propose(String requestId, int op, String key, long expectedRevision, String expectedUid, String uid,
            String created, long specHash, byte[] body, int historySize) {
        this.requestId = requestId;
        this.op = op;
        this.key = key;
        this.expectedRevision = expectedRevision;
        this.expectedUid = expectedUid;
        this.uid = uid;
        this.created = created;
        this.specHash = specHash;
        this.body = body;
        this.historySize = historySize;
    }

    @Override
    public WriteResult process(Map.Entry<String, StoreState> entry) {
        StoreState state = entry.getValue();
        if (state == null) {
            state = new StoreState();
        }
        long before = state.revision();
        WriteResult result = state.apply(this);
        if (state.revision() != before || entry.getValue() == null) {
            entry.setValue(state);
        }
        return result;
    }

    String requestId() { return requestId; }
    int op() { return op; }
    String key() { return key; }
    long expectedRevision() { return expectedRevision; }
    String expectedUid() { return expectedUid; }
    String uid() { return uid; }
    String created() { return created; }
    long specHash() { return specHash; }
    byte[] body() { return body; }
    int historySize() { return historySize; }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.PROPOSE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(requestId);
        out.writeInt(op);
        out.writeString(key);
        out.writeLong(expectedRevision);
        out.writeString(expectedUid);
        out.writeString(uid);
        out.writeString(created);
        out.writeLong(specHash);
        out.writeByteArray(body);
        out.writeInt(historySize);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        requestId = in.readString();
        op = in.readInt();
        key = in.readString();
        expectedRevision = in.readLong();
        expectedUid = in.readString();
        uid = in.readString();
        created = in.readString();
        specHash = in.readLong();
        body = in.readByteArray();
        historySize = in.readInt();
    }
}
