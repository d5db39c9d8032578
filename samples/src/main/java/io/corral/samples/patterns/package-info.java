/**
 * The design patterns of chapter 1, each as the pod a user would write: sidecar, ambassador and adapter
 * (several containers of one pod sharing its localhost and volumes), and leader election composed from pods and a
 * {@code Lease}. Each class builds its pods from a YAML manifest; the tests run them on real nodes.
 */
package io.corral.samples.patterns;
