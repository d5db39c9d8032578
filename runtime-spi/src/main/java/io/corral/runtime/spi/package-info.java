/**
 * The container runtime SPI, mirroring kubelet's runtime interface in Java idiom.
 */
package io.corral.runtime.spi;
