package io.corral.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The replicated state machine: every object with its recent versions (a small MVCC), the
 * history of changes, and the revision counters. It lives as the single value of the store's map,
 * so one partition owns it and its partition thread applies every proposal in one order, on the
 * primary and (through the same deterministic processor) on every backup.
 *
 * <p>Not thread-safe: only touched from the owning partition thread (and by serialization for
 * migration/replication, which Hazelcast runs on that thread too).
 *
 * <p>Revisions: {@code revision} is the last assigned; {@code committed} the highest revision whose
 * backups are confirmed (readers only see up to it); {@code compacted} the highest revision no longer
 * in the history.
 */
final class StoreState implements IdentifiedDataSerializable {
    private long revision;
    private long committed;
    private long compacted;
    private final TreeMap<String, List<Version>> objects = new TreeMap<>();
    private final ArrayDeque<LogEntry> history = new ArrayDeque<>();
    private final Map<String, LogEntry> byRequest = new HashMap<>();

    long revision() {
        return revision;
    }

    long committed() {
        return committed;
    }

    long compacted() {
        return compacted;
    }

    int objectKeys() {
        return objects.size();
    }

    /** Applies a proposal; deterministic, so the backups reach the same state. */
    WriteResult apply(Propose p) {
        LogEntry done = byRequest.get(p.requestId());
        if (done != null) {
            return new WriteResult(WriteResult.OK, done.revision(), done.state(), committed);
        }
        List<Version> versions = objects.get(p.key());
        Version latest = versions == null ? null : versions.get(versions.size() - 1);
        boolean exists = latest != null && !latest.isTombstone();
        Version next;
        WatchEventType type;
        long rev = revision + 1;
        switch (p.op()) {
            case Propose.CREATE -> {
                if (exists) {
                    return new WriteResult(WriteResult.ALREADY_EXISTS, latest.revision(), null, committed);
                }
                next = new Version(rev, 1, p.specHash(), p.uid(), p.created(), p.body());
                type = WatchEventType.ADDED;
            }
            case Propose.UPDATE -> {
                if (!exists) {
                    return new WriteResult(WriteResult.NOT_FOUND, 0, null, committed);
                }
                if (failsPreconditions(p, latest)) {
                    return new WriteResult(WriteResult.CONFLICT, latest.revision(), latest, committed);
                }
                long generation = latest.specHash() == p.specHash() ? latest.generation() : latest.generation() + 1;
                next = new Version(rev, generation, p.specHash(), latest.uid(), latest.created(), p.body());
                type = WatchEventType.MODIFIED;
            }
            case Propose.DELETE -> {
                if (!exists) {
                    return new WriteResult(WriteResult.NOT_FOUND, 0, null, committed);
                }
                if (failsPreconditions(p, latest)) {
                    return new WriteResult(WriteResult.CONFLICT, latest.revision(), null, committed);
                }
                next = new Version(rev, latest.generation(), latest.specHash(), latest.uid(), latest.created(), null);
                type = WatchEventType.DELETED;
            }
            default -> throw new IllegalArgumentException("unknown op " + p.op());
        }
        revision = rev;
        if (versions == null) {
            versions = new ArrayList<>(2);
            objects.put(p.key(), versions);
        }
        versions.add(next);
        Version eventState = type == WatchEventType.DELETED
                ? new Version(rev, latest.generation(), latest.specHash(), latest.uid(), latest.created(), latest.body())
                : next;
        LogEntry entry = new LogEntry(rev, p.key(), type, eventState, exists ? latest : null, p.requestId());
        history.addLast(entry);
        byRequest.put(p.requestId(), entry);
        compact(p.historySize());
        return new WriteResult(WriteResult.OK, rev, eventState, committed);
    }

    private static boolean failsPreconditions(Propose p, Version latest) {
        return (p.expectedRevision() > 0 && p.expectedRevision() != latest.revision())
                || (p.expectedUid() != null && !p.expectedUid().equals(latest.uid()));
    }

    private void compact(int historySize) {
        while (history.size() > historySize) {
            LogEntry old = history.removeFirst();
            byRequest.remove(old.requestId());
            compacted = old.revision();
            List<Version> versions = objects.get(old.key());
            if (versions == null) {
                continue;
            }
            // keep every version after the compacted revision, plus the one visible at it
            int keepFrom = 0;
            for (int i = 0; i < versions.size(); i++) {
                if (versions.get(i).revision() <= compacted) {
                    keepFrom = i;
                }
            }
            if (keepFrom > 0) {
                versions.subList(0, keepFrom).clear();
            }
            Version first = versions.get(0);
            if (first.revision() <= compacted && first.isTombstone()) {
                versions.remove(0);
            }
            if (versions.isEmpty()) {
                objects.remove(old.key());
            }
        }
    }

    /** Marks every revision up to {@code rev} as confirmed on the backups. */
    void commit(long rev) {
        committed = Math.max(committed, Math.min(rev, revision));
    }

    /** The state of a key visible at a revision, or null when absent (or a tombstone). */
    Version read(String key, long atRevision) {
        List<Version> versions = objects.get(key);
        if (versions == null) {
            return null;
        }
        for (int i = versions.size() - 1; i >= 0; i--) {
            Version v = versions.get(i);
            if (v.revision() <= atRevision) {
                return v.isTombstone() ? null : v;
            }
        }
        return null;
    }

    /**
     * Up to {@code max} live objects with keys in {@code [prefix, prefix+'\uffff')} after
     * {@code afterKey}, as of {@code atRevision}.
     */
    ListPage list(String prefix, String afterKey, long atRevision, int max) {
        NavigableMap<String, List<Version>> range = objects.subMap(prefix, true, prefix + '\uffff', false);
        if (afterKey != null) {
            range = range.tailMap(afterKey, false);
        }
        List<String> keys = new ArrayList<>();
        List<Version> states = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (String key : range.keySet()) {
            if (keys.size() >= max) {
                more = true;
                break;
            }
            last = key;
            Version v = read(key, atRevision);
            if (v != null) {
                keys.add(key);
                states.add(v);
            }
        }
        return new ListPage(ListPage.OK, atRevision, keys, states, more ? last : null);
    }

    /** Committed history entries after {@code afterRevision}, at most {@code max}. */
    List<LogEntry> historyAfter(long afterRevision, int max) {
        List<LogEntry> out = new ArrayList<>();
        if (history.isEmpty() || afterRevision >= committed) {
            return out;
        }
        long first = history.peekFirst().revision();
        // revisions are dense in the history, so the start index is computable
        long skip = Math.max(0, afterRevision + 1 - first);
        var it = history.iterator();
        for (long i = 0; i < skip && it.hasNext(); i++) {
            it.next();
        }
        while (it.hasNext() && out.size() < max) {
            LogEntry e = it.next();
            if (e.revision() > committed) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public int getFactoryId() {
        return StoreSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return StoreSerialization.STATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(revision);
        out.writeLong(committed);
        out.writeLong(compacted);
        out.writeInt(objects.size());
        for (Map.Entry<String, List<Version>> e : objects.entrySet()) {
            out.writeString(e.getKey());
            out.writeInt(e.getValue().size());
            for (Version v : e.getValue()) {
                v.write(out);
            }
        }
        out.writeInt(history.size());
        for (LogEntry e : history) {
            e.write(out);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        revision = in.readLong();
        committed = in.readLong();
        compacted = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = in.readString();
            int m = in.readInt();
            List<Version> versions = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                versions.add(Version.read(in));
            }
            objects.put(key, versions);
        }
        int h = in.readInt();
        for (int i = 0; i < h; i++) {
            LogEntry e = LogEntry.read(in);
            history.addLast(e);
            byRequest.put(e.requestId(), e);
        }
    }
}
