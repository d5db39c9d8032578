package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * An address of the node.
 *
 * @param type    the kind of address; non-null
 * @param address the host name or IP; non-blank
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeAddress(Type type, String address) {
    /** Kinds of node address, as Kubernetes' {@code NodeAddressType}. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public enum Type { HOSTNAME, INTERNAL_IP, EXTERNAL_IP, INTERNAL_DNS, EXTERNAL_DNS }

    public NodeAddress {
        Checks.notNull(type, "nodeAddress.type");
        Checks.notBlank(address, "nodeAddress.address");
    }
}
