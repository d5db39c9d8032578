/** DaemonSet controller. */
package io.corral.controller.daemonset;
