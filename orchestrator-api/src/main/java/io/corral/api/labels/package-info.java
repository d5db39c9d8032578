/**
 * Label and field selectors.
 * <ul>
 *   <li>{@link io.corral.api.labels.LabelSelector} and {@link io.corral.api.labels.LabelSelectorRequirement}:
 *       the structured selector of specs ({@code matchLabels}, {@code matchExpressions}).</li>
 *   <li>{@link io.corral.api.labels.Selector}: a parsed label selector, with Kubernetes' string
 *       grammar ({@code app=web,tier in (a,b),!canary}), matching and canonical printing; converts
 *       from and to the structured form.</li>
 *   <li>{@link io.corral.api.labels.FieldSelector}: a parsed field selector
 *       ({@code metadata.name=foo,status.phase!=Running}).</li>
 *   <li>{@link io.corral.api.labels.SelectorParseException}: the 400 Bad Request for either,
 *       with the position of the mistake.</li>
 * </ul>
 * Every type here is immutable and thread-safe.
 */
package io.corral.api.labels;
