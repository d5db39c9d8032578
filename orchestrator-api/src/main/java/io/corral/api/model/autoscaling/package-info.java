/**
 * The autoscaling/v1 kinds: HorizontalPodAutoscaler.
 */
package io.corral.api.model.autoscaling;
