package io.corral.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Create/get latency and throughput through the store on 3 members, beside a ConcurrentHashMap
 * baseline doing the same metadata work in one process. Run from the module directory with the
 * test classpath: {@code java -cp ... io.corral.store.StoreBenchmark [opsPerRun]}.
 */
public final class StoreBenchmark {
    interface Ops {
        ObjectNode create(String name);

        ObjectNode get(String name);
    }

    /** The baseline: the same operations on one JVM's ConcurrentHashMap. */
    static final class MapOps implements Ops {
        private final ConcurrentHashMap<String, ObjectNode> map = new ConcurrentHashMap<>();
        private final AtomicLong revision = new AtomicLong();

        @Override
        public ObjectNode create(String name) {
            ObjectNode o = object(name);
            ObjectNode meta = o.withObjectProperty("metadata");
            meta.put("uid", UUID.randomUUID().toString());
            meta.put("creationTimestamp", Instant.now().toString());
            meta.put("generation", 1);
            synchronized (this) {
                meta.put("resourceVersion", Long.toString(revision.incrementAndGet()));
                if (map.putIfAbsent(name, o) != null) {
                    throw ApiException.alreadyExists("things", name);
                }
            }
            return o.deepCopy();
        }

        @Override
        public ObjectNode get(String name) {
            ObjectNode o = map.get(name);
            if (o == null) {
                throw ApiException.notFound("things", name);
            }
            return o.deepCopy();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static ObjectNode object(String name) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("apiVersion", "v1").put("kind", "Pod");
        o.putObject("metadata").put("name", name).putObject("labels").put("app", "bench");
        ObjectNode container = o.putObject("spec").putArray("containers").addObject();
        container.put("name", "main").put("image", "registry.example/app:1.0");
        container.putArray("args").add("--port=8080").add("--verbose");
        return o;
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        try (StoreCluster cluster = StoreCluster.start(3, b -> b)) {
            ResourceType type = ResourceType.core("pods");
            AtomicInteger run = new AtomicInteger();
            Ops store = new Ops() {
                @Override
                public ObjectNode create(String name) {
                    return cluster.store(Math.floorMod(name.hashCode(), 3)).create(type, "bench", object(name));
                }

                @Override
                public ObjectNode get(String name) {
                    return cluster.store(Math.floorMod(name.hashCode() + 1, 3)).get(ObjectKey.of(type, "bench", name));
                }
            };
            // warm up both
            measure("warmup", store, 1, 1_000, "w" + run.incrementAndGet());
            measure("warmup", new MapOps(), 1, 1_000, "w" + run.incrementAndGet());
            System.out.printf("%-10s %-8s %7s %10s %10s %12s%n", "impl", "op", "threads", "median_us", "p99_us", "ops_per_s");
            for (int threads : new int[] {1, 8}) {
                MapOps baseline = new MapOps();
                String prefix = "r" + run.incrementAndGet();
                print("hazelcast", threads, measure("create", store, threads, ops, prefix), measure("get", store, threads, ops, prefix));
                print("chm", threads, measure("create", baseline, threads, ops, prefix), measure("get", baseline, threads, ops, prefix));
            }
        }
    }

    record Result(String op, long[] nanos, long wallNanos) {
    }

    private static void print(String impl, int threads, Result create, Result get) {
        for (Result r : List.of(create, get)) {
            long[] sorted = r.nanos().clone();
            Arrays.sort(sorted);
            System.out.printf("%-10s %-8s %7d %10.1f %10.1f %12.0f%n", impl, r.op(), threads,
                    sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3,
                    sorted.length / (r.wallNanos() / 1e9));
        }
    }

    private static Result measure(String op, Ops ops, int threads, int count, String prefix) throws InterruptedException {
        long[] nanos = new long[count];
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers.add(new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String name = prefix + "-" + i;
                    long s = System.nanoTime();
                    if (op.equals("get")) {
                        ops.get(name);
                    } else {
                        ops.create(name);
                    }
                    nanos[i] = System.nanoTime() - s;
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        return new Result(op, nanos, System.nanoTime() - start);
    }
}
