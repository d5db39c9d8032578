/**
 * Samples for each kind of user.
 */
package io.corral.samples;
