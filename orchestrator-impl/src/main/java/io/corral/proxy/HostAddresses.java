package io.corral.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * Adds and removes the cluster IPs a node owns (decision 0003, option C), so that the proxy can
 * bind {@code clusterIP:port} and containers reach it through their default gateway.
 *
 * <p>Contract: MUST be thread-safe; {@link #add} MUST be idempotent and leave the address usable
 * for {@code bind} when it returns; {@link #remove} MUST be idempotent (removing an absent address
 * succeeds). Both may block (they change host configuration); neither is called on an event loop.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface HostAddresses {

    /** Makes {@code ip} a local address of this host. */
    void add(String ip);

    /** Stops {@code ip} being a local address of this host. */
    void remove(String ip);

    /**
     * The IPv4 addresses currently on the device these addresses are managed on, so that those left
     * behind by a crashed node can be found and removed. The default: none known.
     */
    default List<String> list() {
        return List.of();
    }

    /** Does nothing: the addresses are managed outside Corral (or not needed). */
    static HostAddresses none() {
        return new HostAddresses() {
            @Override
            public void add(String ip) {
            }

            @Override
            public void remove(String ip) {
            }
        };
    }

    /**
     * Linux: {@code ip -4 addr replace <ip>/32 dev <device>} and {@code ip -4 addr del}. Needs
     * {@code CAP_NET_ADMIN} and iproute2. {@code device} is a dummy interface created for the purpose
     * (e.g. {@code corral0}) or {@code lo}.
     */
    static HostAddresses linux(String device) {
        Objects.requireNonNull(device, "device");
        return new HostAddresses() {
            @Override
            public void add(String ip) {
                run(List.of("ip", "-4", "addr", "replace", ip + "/32", "dev", device), false);
            }

            @Override
            public void remove(String ip) {
                run(List.of("ip", "-4", "addr", "del", ip + "/32", "dev", device), true);
            }

            @Override
            public List<String> list() {
                // one line per address: "1: lo    inet 127.0.0.1/8 scope host lo ..."
                List<String> found = new ArrayList<>();
                for (String line : run(List.of("ip", "-4", "-o", "addr", "show", "dev", device), false).split("\n")) {
                    String[] words = line.trim().split("\\s+");
                    for (int i = 0; i + 1 < words.length; i++) {
                        if (words[i].equals("inet")) {
                            String address = words[i + 1];
                            found.add(address.contains("/") ? address.substring(0, address.indexOf('/')) : address);
                        }
                    }
                }
                return found;
            }

            @Override
            public String toString() {
                return "HostAddresses.linux(" + device + ")";
            }
        };
    }

    /** Runs {@code command}; returns its output, or fails naming it (and hinting at CAP_NET_ADMIN when denied). */
    private static String run(List<String> command, boolean absentIsFine) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (var in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 s");
            }
            if (p.exitValue() != 0 && !(absentIsFine && output.contains("Cannot assign requested address"))) {
                String hint = output.contains("Operation not permitted")
                        ? " (adding cluster IPs to the host needs CAP_NET_ADMIN: run as root or grant the capability to the JVM)" : "";
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output + hint);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }
}
