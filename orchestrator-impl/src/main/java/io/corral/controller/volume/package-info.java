/** PersistentVolume binder and the default host-directory provisioner. */
package io.corral.controller.volume;
