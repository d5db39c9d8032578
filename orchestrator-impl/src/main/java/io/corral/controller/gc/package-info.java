/** Garbage collector (owner references, Background/Foreground/Orphan deletion). */
package io.corral.controller.gc;
