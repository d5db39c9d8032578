package io.corral.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The state machine alone: deterministic, de-duplicating, compacting, and serializable. */
class StoreStateTest {
    private static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Propose create(String id, String key, String body, int history) {
        return new Propose(id, Propose.CREATE, key, 0, null, "uid-" + key, "2026-01-01T00:00:00Z", 1, body(body), history);
    }

    private static Propose update(String id, String key, long expected, long specHash, String body, int history) {
        return new Propose(id, Propose.UPDATE, key, expected, null, null, null, specHash, body(body), history);
    }

    @Test
    @DisplayName("a proposal applied twice (a retried write) takes effect once and returns the first outcome")
    void deduplicates() {
        StoreState state = new StoreState();
        Propose p = create("r1", "/pods/ns/a", "{}", 100);
        WriteResult first = state.apply(p);
        WriteResult again = state.apply(p);
        assertThat(first.code()).isEqualTo(WriteResult.OK);
        assertThat(again.code()).isEqualTo(WriteResult.OK);
        assertThat(again.revision()).isEqualTo(first.revision());
        assertThat(state.revision()).isEqualTo(1);
        assertThat(state.apply(create("r2", "/pods/ns/a", "{}", 100)).code()).isEqualTo(WriteResult.ALREADY_EXISTS);
    }

    @Test
    @DisplayName("two replicas applying the same proposals reach the same state; generation follows the spec hash")
    void deterministic() {
        StoreState a = new StoreState();
        StoreState b = new StoreState();
        List<Propose> ps = List.of(create("1", "/pods/ns/a", "{\"v\":1}", 100),
                update("2", "/pods/ns/a", 1, 1, "{\"v\":2}", 100),
                update("3", "/pods/ns/a", 2, 7, "{\"v\":3}", 100),
                update("4", "/pods/ns/a", 2, 8, "{\"v\":4}", 100));
        for (Propose p : ps) {
            a.apply(p);
            b.apply(p);
        }
        a.commit(10);
        b.commit(10);
        assertThat(a.read("/pods/ns/a", a.committed())).usingRecursiveComparison().isEqualTo(b.read("/pods/ns/a", b.committed()));
        Version v = a.read("/pods/ns/a", 3);
        assertThat(v.generation()).isEqualTo(2);
        assertThat(a.read("/pods/ns/a", 2).generation()).isEqualTo(1);
        assertThat(a.revision()).as("the stale update #4 conflicted").isEqualTo(3);
        assertThat(a.committed()).isEqualTo(3);
    }

    @Test
    @DisplayName("only committed history is served; reads at a revision see the version visible then")
    void committedOnly() {
        StoreState s = new StoreState();
        s.apply(create("1", "/pods/ns/a", "{}", 100));
        s.apply(update("2", "/pods/ns/a", 0, 1, "{\"x\":1}", 100));
        assertThat(s.historyAfter(0, 10)).isEmpty();
        s.commit(1);
        assertThat(s.historyAfter(0, 10)).extracting(LogEntry::revision).containsExactly(1L);
        s.commit(2);
        assertThat(s.historyAfter(1, 10)).extracting(LogEntry::type).containsExactly(WatchEventType.MODIFIED);
        assertThat(new String(s.read("/pods/ns/a", 1).body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    @DisplayName("compaction keeps the version visible at the compaction point and drops deleted keys")
    void compaction() {
        StoreState s = new StoreState();
        s.apply(create("1", "/pods/ns/a", "{\"a\":1}", 3));
        s.apply(create("2", "/pods/ns/b", "{}", 3));
        s.apply(new Propose("3", Propose.DELETE, "/pods/ns/b", 0, null, null, null, 0, null, 3));
        s.apply(create("4", "/pods/ns/c", "{}", 3));
        s.apply(create("5", "/pods/ns/d", "{}", 3));
        s.commit(5);
        assertThat(s.compacted()).isEqualTo(2);
        assertThat(s.read("/pods/ns/a", 2)).isNotNull();
        assertThat(s.read("/pods/ns/b", 2)).as("b at revision 2").isNotNull();
        assertThat(s.read("/pods/ns/b", 3)).isNull();
        s.apply(create("6", "/pods/ns/e", "{}", 3));
        s.commit(6);
        assertThat(s.objectKeys()).as("b's tombstone is gone").isEqualTo(4);
        ListPage all = s.list("/pods/ns/", null, 6, 100);
        assertThat(all.keys()).containsExactly("/pods/ns/a", "/pods/ns/c", "/pods/ns/d", "/pods/ns/e");
        ListPage page = s.list("/pods/ns/", null, 6, 2);
        assertThat(page.keys()).hasSize(2);
        assertThat(page.continueAfter()).isEqualTo("/pods/ns/c");
        assertThat(s.apply(create("1", "/pods/ns/zz", "{}", 3)).revision()).as("id 1 forgotten with its history").isEqualTo(7);
    }

    @Test
    @DisplayName("the state survives Hazelcast serialization (migration) unchanged")
    void serializationRoundTrip() {
        SerializationService ss = new DefaultSerializationServiceBuilder()
                .addDataSerializableFactory(StoreSerialization.FACTORY_ID, new StoreSerialization()).build();
        StoreState s = new StoreState();
        s.apply(create("1", "/pods/ns/a", "{\"a\":1}", 100));
        s.apply(update("2", "/pods/ns/a", 1, 5, "{\"a\":2}", 100));
        s.apply(new Propose("3", Propose.DELETE, "/pods/ns/a", 0, null, null, null, 0, null, 100));
        s.commit(2);
        Data data = ss.toData(s);
        StoreState copy = ss.toObject(data);
        assertThat(copy.revision()).isEqualTo(3);
        assertThat(copy.committed()).isEqualTo(2);
        assertThat(copy.read("/pods/ns/a", 2)).usingRecursiveComparison().isEqualTo(s.read("/pods/ns/a", 2));
        assertThat(copy.apply(update("2", "/pods/ns/a", 1, 5, "{\"a\":2}", 100)).revision()).as("dedupe table restored").isEqualTo(2);
        copy.commit(3);
        assertThat(copy.historyAfter(0, 10)).extracting(LogEntry::type)
                .containsExactly(WatchEventType.ADDED, WatchEventType.MODIFIED, WatchEventType.DELETED);
    }
}
