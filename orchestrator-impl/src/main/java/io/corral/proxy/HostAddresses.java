package io.corral.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
            public String toString() {
                return "HostAddresses.linux(" + device + ")";
            }
        };
    }

    private static void run(List<String> command, boolean absentIsFine) {
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
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }
}
