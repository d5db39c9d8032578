/**
 * Resource quantities ({@code 500m}, {@code 128Mi}) as exact decimal values.
 */
package io.corral.api.quantity;
