package io.corral.store;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Hazelcast's identified serialization for the store's processors, results and state: explicit
 * binary formats, no reflection and no Java serialization. Registered by {@link StoreConfig#applyTo}.
 */
final class StoreSerialization implements DataSerializableFactory {
    static final int FACTORY_ID = 0x636f7201;

    static final int STATE = 1;
    static final int PROPOSE = 2;
    static final int COMMIT = 3;
    static final int READ = 4;
    static final int LIST = 5;
    static final int HISTORY = 6;
    static final int WRITE_RESULT = 7;
    static final int LIST_PAGE = 8;
    static final int HISTORY_PAGE = 9;
    static final int READ_RESULT = 10;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case STATE -> new StoreState();
            case PROPOSE -> new Propose();
            case COMMIT -> new Commit();
            case READ -> new StoreProcessors.Read();
            case LIST -> new StoreProcessors.ListRange();
            case HISTORY -> new StoreProcessors.History();
            case WRITE_RESULT -> new WriteResult();
            case LIST_PAGE -> new ListPage();
            case HISTORY_PAGE -> new HistoryPage();
            case READ_RESULT -> new ReadResult();
            default -> throw new IllegalArgumentException("unknown store type id " + typeId);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreSerialization;
    }

    @Override
    public int hashCode() {
        return FACTORY_ID;
    }
}
