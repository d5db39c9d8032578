package io.corral.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.api.validation.InvalidObjectException;
import io.corral.store.HazelcastStore;
import io.corral.store.ObjectKey;
import io.corral.store.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Allocation on a real two-member Hazelcast store on loopback. */
class ServiceAllocatorIT {
    static final List<HazelcastInstance> members = new ArrayList<>();
    static final List<HazelcastStore> stores = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        StoreConfig config = StoreConfig.builder()
                .clusterName("corral-alloc-" + UUID.randomUUID())
                .port(base)
                .members(IntStream.range(base, base + 3).mapToObj(p -> "127.0.0.1:" + p).toList())
                .partitionCount(23)
                .maxNoHeartbeatSeconds(5)
                .writeTimeout(Duration.ofSeconds(30))
                .build();
        members.add(Hazelcast.newHazelcastInstance(config.toHazelcastConfig()));
        members.add(Hazelcast.newHazelcastInstance(config.toHazelcastConfig()));
        for (HazelcastInstance m : members) {
            stores.add(HazelcastStore.create(m, config, new ObjectMapper(), new SimpleMeterRegistry()));
        }
    }

    @AfterAll
    static void stopCluster() {
        stores.forEach(HazelcastStore::close);
        members.forEach(m -> m.getLifecycleService().terminate());
    }

    /** Each test starts without allocation records, so it may pick its own ranges. */
    @AfterEach
    void dropRecords() {
        for (String record : List.of(ServiceAllocator.SERVICE_IPS, ServiceAllocator.NODE_PORTS)) {
            ObjectKey key = ObjectKey.clusterScoped(ServiceAllocator.RANGE_ALLOCATIONS, record);
            if (stores.get(0).find(key).isPresent()) {
                stores.get(0).delete(key, null);
            }
        }
    }

    private static ServiceAllocator allocator(int member, ServiceAllocatorConfig config) {
        return new ServiceAllocator(stores.get(member), config);
    }

    private static Service service(String name, String type, String clusterIP, Integer... nodePorts) {
        List<ServicePort> ports = new ArrayList<>();
        for (int i = 0; i < nodePorts.length; i++) {
            ports.add(new ServicePort("p" + i, "TCP", null, 80 + i, null, nodePorts[i]));
        }
        return Service.builder().metadata(ObjectMeta.of("default", name))
                .spec(ServiceSpec.builder().type(type).clusterIP(clusterIP).ports(ports).selector(java.util.Map.of("app", name)).build())
                .build();
    }

    private static void releaseAll(ServiceAllocator a, List<Service> services) {
        services.forEach(a::release);
    }

    @Test
    @DisplayName("two members allocating at once hand out no IP or node port twice, and release frees them")
    void concurrentAllocationFromTwoMembers() throws Exception {
        // A /26 has 62 usable addresses: 2 x 25 allocations collide often on random picks.
        ServiceAllocatorConfig config = new ServiceAllocatorConfig("10.97.0.0/26", 30000, 30099);
        ServiceAllocator a0 = allocator(0, config);
        ServiceAllocator a1 = allocator(1, config);
        int perMember = 25;
        ConcurrentLinkedQueue<Service> allocated = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(4);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            ServiceAllocator a = w % 2 == 0 ? a0 : a1;
            int worker = w;
            workers.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perMember / 2 + (worker < 2 ? perMember % 2 : 0); i++) {
                    allocated.add(a.allocate(service("s" + worker + "-" + i, "NodePort", null, (Integer) null)));
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();

        List<String> ips = allocated.stream().map(s -> s.spec().clusterIP()).toList();
        List<Integer> ports = allocated.stream().map(s -> s.spec().ports().get(0).nodePort()).toList();
        assertThat(ips).hasSize(allocated.size()).doesNotHaveDuplicates().allMatch(ip -> ip.startsWith("10.97.0."));
        assertThat(ports).doesNotHaveDuplicates().allMatch(p -> p >= 30000 && p <= 30099);
        assertThat(a1.allocatedClusterIPs()).containsExactlyInAnyOrderElementsOf(ips);
        assertThat(a0.allocatedNodePorts()).containsExactlyInAnyOrderElementsOf(ports);

        releaseAll(a0, new ArrayList<>(allocated));
        assertThat(a1.allocatedClusterIPs()).isEmpty();
        assertThat(a1.allocatedNodePorts()).isEmpty();
    }

    @Test
    @DisplayName("a requested IP or node port that is taken is refused, naming the field, and reserves nothing")
    void requestedValues() {
        ServiceAllocatorConfig config = new ServiceAllocatorConfig("10.98.0.0/24", 31000, 31099);
        ServiceAllocator a0 = allocator(0, config);
        ServiceAllocator a1 = allocator(1, config);
        Service first = a0.allocate(service("first", "NodePort", "10.98.0.10", 31005, null));
        assertThat(first.spec().clusterIP()).isEqualTo("10.98.0.10");
        assertThat(first.spec().clusterIPs()).containsExactly("10.98.0.10");
        assertThat(first.spec().ports().get(0).nodePort()).isEqualTo(31005);
        assertThat(first.spec().ports().get(1).nodePort()).isBetween(31000, 31099).isNotEqualTo(31005);

        assertThatThrownBy(() -> a1.allocate(service("second", "ClusterIP", "10.98.0.10")))
                .isInstanceOfSatisfying(InvalidObjectException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).field()).hasToString("spec.clusterIP");
                    assertThat(e.getMessage()).contains("already allocated");
                });
        assertThatThrownBy(() -> a1.allocate(service("third", "NodePort", null, 31005)))
                .isInstanceOfSatisfying(InvalidObjectException.class, e -> {
                    assertThat(e.errors().get(0).field()).hasToString("spec.ports[0].nodePort");
                    assertThat(e.getMessage()).contains("already allocated");
                });
        // the IP picked for "third" before its node port failed was given back
        assertThat(a1.allocatedClusterIPs()).containsExactly("10.98.0.10");

        assertThatThrownBy(() -> a1.allocate(service("out", "ClusterIP", "10.99.0.1")))
                .isInstanceOfSatisfying(InvalidObjectException.class, e ->
                        assertThat(e.errors().get(0).field()).hasToString("spec.clusterIP"));
        assertThatThrownBy(() -> a1.allocate(service("net", "ClusterIP", "10.98.0.0")))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("not in the valid range");
        assertThatThrownBy(() -> a1.allocate(service("bad", "ClusterIP", "10.98.0")))
                .isInstanceOf(InvalidObjectException.class).hasMessageContaining("spec.clusterIP");
        assertThatThrownBy(() -> a1.allocate(service("far", "NodePort", null, null, 80)))
                .isInstanceOfSatisfying(InvalidObjectException.class, e ->
                        assertThat(e.errors().get(0).field()).hasToString("spec.ports[1].nodePort"));

        a1.release(first);
        a1.release(first); // idempotent
        Service again = a0.allocate(service("again", "NodePort", "10.98.0.10", 31005));
        assertThat(again.spec().clusterIP()).isEqualTo("10.98.0.10");
        a0.release(again);
        assertThat(a0.allocatedClusterIPs()).isEmpty();
        assertThat(a0.allocatedNodePorts()).isEmpty();
    }

    @Test
    @DisplayName("headless and ExternalName services get no IP; ClusterIP services no node port; a full range is an InternalError")
    void kindsAndExhaustion() {
        ServiceAllocatorConfig config = new ServiceAllocatorConfig("10.100.0.0/30", 32000, 32001);
        ServiceAllocator a = allocator(0, config);
        Service headless = a.allocate(service("h", "ClusterIP", "None", (Integer) null));
        assertThat(headless.spec().clusterIP()).isEqualTo("None");
        assertThat(headless.spec().ports().get(0).nodePort()).isNull();
        Service external = service("e", "ExternalName", null);
        assertThat(a.allocate(external)).isEqualTo(external);

        // a /30 has two usable addresses
        Set<String> got = new HashSet<>();
        Service one = a.allocate(service("one", "ClusterIP", null, (Integer) null));
        Service two = a.allocate(service("two", "ClusterIP", null));
        got.add(one.spec().clusterIP());
        got.add(two.spec().clusterIP());
        assertThat(got).containsExactlyInAnyOrder("10.100.0.1", "10.100.0.2");
        assertThat(one.spec().ports().get(0).nodePort()).isNull();
        assertThatThrownBy(() -> a.allocate(service("three", "ClusterIP", null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo(StatusReason.INTERNAL_ERROR))
                .hasMessageContaining("full");
        a.release(one);
        Service four = a.allocate(service("four", "ClusterIP", null));
        assertThat(four.spec().clusterIP()).isEqualTo(one.spec().clusterIP());
        a.release(two);
        a.release(four);
    }

    @Test
    @DisplayName("a member configured with another range than the cluster's is refused")
    void rangeMismatch() {
        allocator(0, new ServiceAllocatorConfig("10.101.0.0/24", 30000, 32767)).allocate(service("x", "ClusterIP", null));
        assertThatThrownBy(() -> allocator(1, new ServiceAllocatorConfig("10.102.0.0/24", 30000, 32767)).allocate(service("y", "ClusterIP", null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo(StatusReason.INTERNAL_ERROR))
                .hasMessageContaining("10.101.0.0/24");
    }

    @Test
    @DisplayName("updates keep the cluster IP, allocate and free node ports with the type and ports, and refuse a new cluster IP")
    void updates() {
        ServiceAllocator a = allocator(0, new ServiceAllocatorConfig("10.103.0.0/24", 30000, 30009));
        Service created = a.allocate(service("u", "ClusterIP", null, (Integer) null));
        String ip = created.spec().clusterIP();

        Service asNodePort = a.update(created, service("u", "NodePort", null, null, null));
        assertThat(asNodePort.spec().clusterIP()).isEqualTo(ip);
        List<Integer> nodePorts = asNodePort.spec().ports().stream().map(ServicePort::nodePort).toList();
        assertThat(nodePorts).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(a.allocatedNodePorts()).containsExactlyInAnyOrderElementsOf(nodePorts);

        // same ports without node ports: the old ones are kept; one port fewer: its node port is freed
        Service again = a.update(asNodePort, service("u", "NodePort", ip, (Integer) null));
        assertThat(again.spec().ports().get(0).nodePort()).isEqualTo(nodePorts.get(0));
        assertThat(a.allocatedNodePorts()).containsExactly(nodePorts.get(0));

        assertThatThrownBy(() -> a.update(again, service("u", "NodePort", "10.103.0.99", (Integer) null)))
                .isInstanceOfSatisfying(InvalidObjectException.class, e -> {
                    assertThat(e.errors().get(0).field()).hasToString("spec.clusterIP");
                    assertThat(e.getMessage()).contains("immutable");
                });

        Service back = a.update(again, service("u", "ClusterIP", null, (Integer) null));
        assertThat(back.spec().clusterIP()).isEqualTo(ip);
        assertThat(a.allocatedNodePorts()).isEmpty();

        Service external = a.update(back, service("u", "ExternalName", null));
        assertThat(a.allocatedClusterIPs()).isEmpty();
        Service fromExternal = a.update(external, service("u", "ClusterIP", null));
        assertThat(a.allocatedClusterIPs()).containsExactly(fromExternal.spec().clusterIP());
        a.release(fromExternal);
    }
}
