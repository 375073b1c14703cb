/**
 * The service-provider interfaces a session is built from: voice activity detection, turn
 * detection, streaming speech recognition, streaming speech synthesis, and the agent.
 *
 * <p>Each provider is a shared, thread-safe engine whose {@code open} method returns a stream owned
 * by one session. The session never calls a blocking stream method on its loop thread: it runs them
 * on a worker that belongs to that component of that session, interrupts the worker to cancel, and
 * counts the work so an offline run on a virtual clock knows when every component has caught up.
 * Blocking methods declare {@link java.lang.InterruptedException} and nothing else checked; a
 * provider failure is a {@link dev.parley.core.spi.ProviderException} carrying its {@link
 * dev.parley.core.spi.ProviderException.Kind kind}.
 */
@NullMarked
package dev.parley.core.spi;

import org.jspecify.annotations.NullMarked;
