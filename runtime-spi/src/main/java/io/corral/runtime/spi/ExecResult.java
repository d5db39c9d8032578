package io.corral.runtime.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * The result of a command run in a container.
 *
 * @param exitCode the command's exit code
 * @param stdout   what it wrote to standard output; copied on the way in and out
 * @param stderr   what it wrote to standard error; copied on the way in and out
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
    public ExecResult {
        stdout = stdout == null ? new byte[0] : stdout.clone();
        stderr = stderr == null ? new byte[0] : stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    /** Standard output decoded as UTF-8. */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Standard error decoded as UTF-8. */
    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecResult r && r.exitCode == exitCode && Arrays.equals(r.stdout, stdout)
                && Arrays.equals(r.stderr, stderr);
    }

    @Override
    public int hashCode() {
        return (exitCode * 31 + Arrays.hashCode(stdout)) * 31 + Arrays.hashCode(stderr);
    }

    @Override
    public String toString() {
        return "ExecResult[exitCode=" + exitCode + ", stdout=" + stdout.length + " bytes, stderr=" + stderr.length + " bytes]";
    }
}
