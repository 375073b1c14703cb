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
 * The full-duplex benchmark behind {@code parley bench}: scenario files written from the user's
 * side ({@link ScenarioParser}), a simulated user who speaks them with the embedded voice and
 * reacts to the agent ({@link SimulatedUser}), a whole call per scenario on the virtual clock
 * through the same session runtime as {@code parley converse} ({@link ScenarioRunner}), the metrics
 * of Full-Duplex-Bench v1 and v3 per suite ({@link SuiteScore}), and {@code metrics.json} with an
 * HTML report ({@link Bench}, {@link BenchReport}).
 */
@NullMarked
package dev.parley.bench;

import org.jspecify.annotations.NullMarked;
