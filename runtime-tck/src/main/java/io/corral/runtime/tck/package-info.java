/**
 * The conformance kit of the container runtime SPI. A runtime's conformance test is a subclass of
 * {@link io.corral.runtime.tck.ContainerRuntimeConformanceKit} with one factory method:
 *
 * <pre>{@code
 * class MyRuntimeConformanceIT extends ContainerRuntimeConformanceKit {
 *     @Override
 *     protected ContainerRuntime createRuntime() {
 *         return new MyRuntime(...);
 *     }
 *     // optional: testImage(), removableImage(), cleanUp(runtime), awaitTimeout()
 * }
 * }</pre>
 *
 * Add {@code io.corral:runtime-tck} with test scope. Tests of capabilities the runtime does not
 * declare are skipped, not failed.
 */
package io.corral.runtime.tck;
