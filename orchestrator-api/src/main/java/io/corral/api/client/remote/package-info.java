/**
 * The client over HTTP, with the JDK's {@link java.net.http.HttpClient} only:
 * {@link io.corral.api.client.remote.RemoteCorralClient}. Everything HTTP stays in this package.
 */
package io.corral.api.client.remote;
