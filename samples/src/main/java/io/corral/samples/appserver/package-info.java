/**
 * The application server's sample: a Vert.x Web service that embeds a Corral member and turns each
 * request into a batch Job, answering with what the Job's container computed.
 */
package io.corral.samples.appserver;
