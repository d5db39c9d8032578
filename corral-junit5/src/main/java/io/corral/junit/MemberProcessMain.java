package io.corral.junit;

import io.corral.member.CorralMember;
import io.corral.runtime.simulated.SimulatedRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point of a {@link CorralMemberProcess}: one member in a JVM of its own, started with the
 * same settings as the in-process members of its {@link CorralTestCluster}. Not an API: its arguments
 * ({@code key=value}) are whatever {@link CorralMemberProcess} passes.
 *
 * <p>Prints {@value #READY} followed by its API URL once it serves, and closes gracefully when its
 * standard input ends (the parent closed it, or died).
 */
public final class MemberProcessMain {
    static final String READY = "CORRAL-MEMBER-READY ";

    private MemberProcessMain() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        ClusterSpec spec = ClusterSpec.builder()
                .members(Integer.parseInt(a.get("members")))
                .controllers(Boolean.parseBoolean(a.get("controllers")))
                .nodeCapacity(Long.parseLong(a.get("cpuMillis")), Long.parseLong(a.get("memoryBytes")), Integer.parseInt(a.get("pods")))
                .nodeGracePeriod(Duration.ofMillis(Long.parseLong(a.get("graceMillis"))))
                .leaderElection(Duration.ofMillis(Long.parseLong(a.get("leaseMillis"))),
                        Duration.ofMillis(Long.parseLong(a.get("renewMillis"))), Duration.ofMillis(Long.parseLong(a.get("retryMillis"))))
                .build();
        List<String> join = Arrays.asList(a.get("join").split(","));
        CorralTestCluster.Member hz = CorralTestCluster.startHazelcast(spec, a.get("cluster"), Integer.parseInt(a.get("port")), join);
        Map<String, SimulatedRuntime> nodes = new LinkedHashMap<>();
        for (String node : a.getOrDefault("nodes", "").split(",")) {
            if (!node.isBlank()) {
                nodes.put(node, SimulatedRuntime.builder().nodeName(node).cpuMillis(spec.nodeCpuMillis())
                        .memoryBytes(spec.nodeMemoryBytes()).pods(spec.nodePods()).clock(Clock.systemUTC()).build());
            }
        }
        CorralMember member = CorralTestCluster.startCorral(spec, hz, nodes);
        System.out.println(READY + member.apiUrl());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // the parent never writes; end of input means "stop"
        }
        try {
            member.close();
        } finally {
            hz.hazelcast().getLifecycleService().shutdown();
            nodes.values().forEach(SimulatedRuntime::close);
        }
        System.exit(0);
    }
}
