/**
 * The built-in scheduler plugins, each a {@link io.corral.scheduler.FilterPlugin} and/or
 * {@link io.corral.scheduler.ScorePlugin} with Kubernetes' own failure reasons:
 * {@link io.corral.scheduler.plugins.NodeConditions}, {@link io.corral.scheduler.plugins.TaintToleration},
 * {@link io.corral.scheduler.plugins.NodeAffinity}, {@link io.corral.scheduler.plugins.NodePorts},
 * {@link io.corral.scheduler.plugins.NodeResourcesFit}, {@link io.corral.scheduler.plugins.VolumeNodeAffinity},
 * {@link io.corral.scheduler.plugins.InterPodAffinity} and {@link io.corral.scheduler.plugins.OwnerSpread}.
 * {@link io.corral.scheduler.plugins.DefaultPlugins} assembles them into a profile. Plugins are
 * stateless apart from their configuration and safe to share between schedulers.
 */
package io.corral.scheduler.plugins;
