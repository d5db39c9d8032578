package io.corral.runtime.rkt;

import io.corral.runtime.spi.ContainerRuntimeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code rkt version}: {@code rkt Version: 1.30.0}, {@code appc Version: 0.8.11}, ...
 *
 * @param rkt  rkt's version, e.g. {@code 1.30.0}
 * @param appc the appc spec version it speaks, e.g. {@code 0.8.11}
 */
record RktVersion(String rkt, String appc) {
    /** The oldest rkt this runtime drives: the last release. */
    static final String MINIMUM = "1.30.0";
    private static final Pattern RKT = Pattern.compile("(?m)^rkt Version:\\s*v?(\\S+)\\s*$");
    private static final Pattern APPC = Pattern.compile("(?m)^appc Version:\\s*v?(\\S+)\\s*$");

    static RktVersion parse(RktCli.Result result) {
        Matcher rkt = RKT.matcher(result.stdout());
        Matcher appc = APPC.matcher(result.stdout());
        if (!rkt.find() || !appc.find()) {
            throw RktJson.unexpected(result, "expected \"rkt Version: x.y.z\" and \"appc Version: x.y.z\" lines");
        }
        RktVersion version = new RktVersion(rkt.group(1), appc.group(1));
        try {
            numbers(version.rkt());
        } catch (NumberFormatException e) {
            throw RktJson.unexpected(result, "rkt version \"" + version.rkt() + "\" is not x.y.z");
        }
        return version;
    }

    /** Whether this rkt is at least {@link #MINIMUM}. */
    boolean isSupported() {
        return compare(rkt, MINIMUM) >= 0;
    }

    static int compare(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        String core = version.split("[-+]", 2)[0];
        String[] parts = core.split("\\.");
        if (parts.length < 2 || parts.length > 3) {
            throw new NumberFormatException(version);
        }
        int[] n = new int[3];
        for (int i = 0; i < parts.length; i++) {
            n[i] = Integer.parseInt(parts[i]);
        }
        return n;
    }

    ContainerRuntimeException tooOld(String binary) {
        return new ContainerRuntimeException(ContainerRuntimeException.Reason.RUNTIME_UNAVAILABLE,
                "rkt " + rkt + " at " + binary + " is too old; rkt " + MINIMUM + " or newer is required");
    }
}
