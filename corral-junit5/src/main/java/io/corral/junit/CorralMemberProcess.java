package io.corral.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a {@link CorralTestCluster} in a JVM of its own, for the faults one JVM cannot fake:
 * {@link #pause()} freezes the whole process ({@code SIGSTOP}: a stop-the-world GC pause, a frozen VM),
 * {@link #resume()} lets it go on ({@code SIGCONT}), {@link #kill()} ends it at once ({@code SIGKILL}).
 * While paused it answers nothing: no Hazelcast heartbeats, no API, no node heartbeats; the rest of the
 * cluster sees what it would see in production (Hazelcast removes the member after its failure
 * detection timeout, 5 s in test clusters; until then, operations on partitions it owns wait).
 *
 * <p>The process runs the same member as the cluster's own ({@code startHazelcast}/{@code startCorral}
 * with the cluster's spec), with its own simulated nodes named {@code <process>-node-<i>}, on the test's
 * class path. Signals need a POSIX {@code kill} command (Linux, macOS). The process is closed with its
 * cluster, and ends by itself if the test JVM dies (its standard input closes).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CorralMemberProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CorralMemberProcess.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** What the process is doing, as far as this handle knows. */
    public enum State { RUNNING, PAUSED, KILLED, CLOSED }

    private final String name;
    private final Process process;
    private final URI apiUrl;
    private final List<String> nodeNames;
    /** Kills the process if the test JVM exits without closing it (a paused one would never end by itself). */
    private final Thread reaper;
    private State state = State.RUNNING;

    private CorralMemberProcess(String name, Process process, URI apiUrl, List<String> nodeNames) {
        this.name = name;
        this.process = process;
        this.apiUrl = apiUrl;
        this.nodeNames = List.copyOf(nodeNames);
        this.reaper = new Thread(process::destroyForcibly, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts a member process that joins {@code cluster}, with {@code simulatedNodes} nodes of the
     * cluster's capacity, and waits until it serves and its nodes are Ready (the spec's start timeout).
     *
     * @throws IllegalStateException when it does not come up in time (its output is in the log)
     */
    public static CorralMemberProcess join(CorralTestCluster cluster, int simulatedNodes) {
        Objects.requireNonNull(cluster, "cluster");
        if (simulatedNodes < 0) {
            throw new IllegalArgumentException("simulatedNodes: must not be negative, was " + simulatedNodes);
        }
        ClusterSpec spec = cluster.spec();
        String name = "proc" + COUNTER.incrementAndGet();
        int port = CorralTestCluster.freePorts(1).get(0);
        List<String> join = new ArrayList<>(cluster.joinAddresses());
        join.add("127.0.0.1:" + port);
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < simulatedNodes; i++) {
            nodes.add(name + "-node-" + i);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                MemberProcessMain.class.getName(),
                "cluster=" + cluster.clusterName(), "port=" + port, "join=" + String.join(",", join),
                "members=" + spec.members(), "controllers=" + spec.controllers(),
                "cpuMillis=" + spec.nodeCpuMillis(), "memoryBytes=" + spec.nodeMemoryBytes(), "pods=" + spec.nodePods(),
                "graceMillis=" + spec.nodeGracePeriod().toMillis(), "leaseMillis=" + spec.leaseDuration().toMillis(),
                "renewMillis=" + spec.renewDeadline().toMillis(), "retryMillis=" + spec.retryPeriod().toMillis(),
                "nodes=" + String.join(",", nodes)));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a member process: " + e.getMessage(), e);
        }
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread output = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith(MemberProcessMain.READY)) {
                        ready.complete(URI.create(line.substring(MemberProcessMain.READY.length()).trim()));
                    } else {
                        LOG.info("[{}] {}", name, line);
                    }
                }
            } catch (IOException e) {
                LOG.debug("[{}] output ended: {}", name, e.toString());
            }
            ready.completeExceptionally(new IllegalStateException("member process " + name + " ended with "
                    + (process.isAlive() ? "its output closed" : "exit code " + process.exitValue()) + " before it served"));
        }, cluster.clusterName() + "-" + name + "-output");
        output.setDaemon(true);
        output.start();
        CorralMemberProcess handle;
        try {
            URI url = ready.get(spec.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            handle = new CorralMemberProcess(name, process, url, nodes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("member process " + name + " did not serve within " + spec.startTimeout(),
                    e instanceof ExecutionException ? e.getCause() : e);
        }
        cluster.adopt(handle);
        if (!nodes.isEmpty()) {
            long deadline = System.nanoTime() + spec.startTimeout().toNanos();
            while (!nodes.stream().allMatch(n -> cluster.client().nodes().get(n).map(CorralTestCluster::isNodeReady).orElse(false))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the nodes of " + name + " were not Ready within " + spec.startTimeout());
                }
                sleep(Duration.ofMillis(50));
            }
        }
        LOG.info("member process {} (pid {}) joined {} at {}", name, process.pid(), cluster.clusterName(), handle.apiUrl);
        return handle;
    }

    /** The HTTP API URL of this member. */
    public URI apiUrl() {
        return apiUrl;
    }

    /** The names of its simulated nodes. */
    public List<String> nodeNames() {
        return nodeNames;
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    /** What the process is doing. */
    public synchronized State state() {
        return state;
    }

    /** Freezes the process ({@code SIGSTOP}). Idempotent. */
    public synchronized void pause() {
        requireAlive();
        if (state == State.RUNNING) {
            signal("STOP");
            state = State.PAUSED;
            LOG.info("paused member process {} (pid {})", name, pid());
        }
    }

    /** Lets a paused process go on ({@code SIGCONT}). Idempotent. */
    public synchronized void resume() {
        requireAlive();
        if (state == State.PAUSED) {
            signal("CONT");
            state = State.RUNNING;
            LOG.info("resumed member process {} (pid {})", name, pid());
        }
    }

    /** Ends the process at once ({@code SIGKILL}), as a crash. Idempotent. */
    public synchronized void kill() {
        if (state == State.KILLED || state == State.CLOSED) {
            return;
        }
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
        state = State.KILLED;
        removeReaper();
        LOG.info("killed member process {}", name);
    }

    /** Stops the member gracefully (resuming it first if paused); kills it after 20 s. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.KILLED || state == State.CLOSED) {
            state = State.CLOSED;
            removeReaper();
            return;
        }
        if (state == State.PAUSED) {
            signal("CONT");
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("closing the input of {} failed", name, e);
        }
        if (!waitFor(Duration.ofSeconds(20))) {
            LOG.warn("member process {} did not stop within 20 s; killing it", name);
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
        state = State.CLOSED;
        removeReaper();
    }

    private void removeReaper() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway, harmlessly
        }
    }

    private void requireAlive() {
        if (state == State.KILLED || state == State.CLOSED || !process.isAlive()) {
            throw new IllegalStateException("member process " + name + " is " + (process.isAlive() ? state : "gone"));
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + out.trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " (a POSIX kill command is needed): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "CorralMemberProcess[" + name + ", pid " + process.pid() + ", " + state() + ", " + apiUrl + "]";
    }
}
