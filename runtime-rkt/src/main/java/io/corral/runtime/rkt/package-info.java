/**
 * The rkt runtime, through the rkt command line.
 */
package io.corral.runtime.rkt;
