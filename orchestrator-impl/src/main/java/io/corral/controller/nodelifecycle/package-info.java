/**
 * The node lifecycle controller: marks nodes whose heartbeat lease expired as {@code Unknown},
 * taints them unreachable and evicts their pods after the pods' toleration.
 */
package io.corral.controller.nodelifecycle;
