package io.corral.runtime.spi;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The resolver configuration written into a pod's {@code /etc/resolv.conf}.
 *
 * @param nameservers name server IPs; immutable
 * @param searches    search domains; immutable
 * @param options     resolver options such as {@code ndots:5}; immutable
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DnsConfig(List<String> nameservers, List<String> searches, List<String> options) {
    /** No configuration: the runtime's default applies. */
    public static final DnsConfig DEFAULT = new DnsConfig(List.of(), List.of(), List.of());

    public DnsConfig {
        nameservers = Checks.list(nameservers, "dnsConfig.nameservers");
        searches = Checks.list(searches, "dnsConfig.searches");
        options = Checks.list(options, "dnsConfig.options");
    }
}
