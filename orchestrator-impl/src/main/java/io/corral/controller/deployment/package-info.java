/** Deployment controller (rollouts through ReplicaSets). */
package io.corral.controller.deployment;
