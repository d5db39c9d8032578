/** StatefulSet controller. */
package io.corral.controller.statefulset;
