/**
 * Shared informers: local caches kept up to date by list and watch, with change handlers and an
 * indexed lister view ({@link io.corral.api.client.informer.SharedInformer},
 * {@link io.corral.api.client.informer.Indexer}); they work over any client implementation.
 */
package io.corral.api.client.informer;
