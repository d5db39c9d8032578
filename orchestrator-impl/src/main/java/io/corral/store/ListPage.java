package io.corral.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A batch of a range read: keys and states at one revision, and where to continue (null at the end). */
final class ListPage implements IdentifiedDataSerializable {
    static final int OK = 0;
    static final int EXPIRED = 1;

    private int code;
    private long revision;
    private List<String> keys;
    private List<Version> states;
    private String continueAfter;

    ListPage() {
    }

    ListPage(int code, long revision, List<String> keys, List<Version> states, String continueAfter) {
        this.code = code;
        this.revision = revision;
        this.keys = keys;
        this.states = states;
        this.continueAfter = continueAfter;
    }

    int code() { return code; }
    long revision() { return revision; }
    List<String> keys() { return keys; }
    List<Version> states() { return states; }
    String continueAfter() { return continueAfter; }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.LIST_PAGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(code);
        out.writeLong(revision);
        out.writeInt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.writeString(keys.get(i));
            states.get(i).write(out);
        }
        out.writeString(continueAfter);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        code = in.readInt();
        revision = in.readLong();
        int n = in.readInt();
        keys = new ArrayList<>(n);
        states = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(in.readString());
            states.add(Version.read(in));
        }
        continueAfter = in.readString();
    }
}
