/**
 * Workload controllers, kube-controller-manager's loops: {@link io.corral.controller.ControllerManager}
 * runs {@link io.corral.controller.Controller}s on shared informers ({@link io.corral.controller.Informers}),
 * each with a rate-limited {@link io.corral.controller.WorkQueue}, {@link io.corral.controller.Expectations}
 * for its writes in flight, and {@link io.corral.controller.ControllerEvents} explaining what it did.
 * The controllers themselves live in one subpackage each.
 */
package io.corral.controller;
