/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
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
