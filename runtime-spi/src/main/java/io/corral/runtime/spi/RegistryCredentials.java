package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * Credentials for an image registry. {@link #toString()} never shows the secret parts.
 *
 * @param registry      the registry host, e.g. {@code registry.example.com:5000}; non-blank
 * @param username      the user name; nullable with an identity token
 * @param password      the password; nullable
 * @param identityToken an OAuth identity token; nullable
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RegistryCredentials(String registry, String username, String password, String identityToken) {
    public RegistryCredentials {
        Checks.notBlank(registry, "registryCredentials.registry");
    }

    @Override
    public String toString() {
        return "RegistryCredentials[registry=" + registry + ", username=" + username + "]";
    }
}
