package io.corral.runtime.spi;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * Which log lines {@link ContainerRuntime#getContainerLogs} writes.
 *
 * @param tailLines  the number of last lines, or -1 for all
 * @param since      only lines logged at or after this instant; null for all
 * @param timestamps whether each line is prefixed with its RFC 3339 timestamp and a space
 * @param follow     whether to keep streaming until the container exits or the thread is interrupted
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LogOptions(long tailLines, Instant since, boolean timestamps, boolean follow) {
    /** All lines, no timestamps, no follow. */
    public static final LogOptions ALL = new LogOptions(-1, null, false, false);

    public LogOptions {
        if (tailLines < -1) {
            throw ContainerRuntimeException.invalidArgument("logOptions.tailLines", "must be -1 (all) or >= 0, was " + tailLines);
        }
    }

    public LogOptions withTailLines(long lines) {
        return new LogOptions(lines, since, timestamps, follow);
    }

    public LogOptions withSince(Instant instant) {
        return new LogOptions(tailLines, instant, timestamps, follow);
    }

    public LogOptions withTimestamps(boolean on) {
        return new LogOptions(tailLines, since, on, follow);
    }

    public LogOptions withFollow(boolean on) {
        return new LogOptions(tailLines, since, timestamps, on);
    }
}
