/**
 * The batch/v1 kinds: Job.
 */
package io.corral.api.model.batch;
