/**
 * The main sample: an embedded three-member cluster runs a two-container pod on a real (Docker)
 * or simulated node, and shows its status, logs and an exec into it through another member's API.
 */
package io.corral.samples.pods;
