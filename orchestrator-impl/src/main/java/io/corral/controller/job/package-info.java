/** Job controller. */
package io.corral.controller.job;
