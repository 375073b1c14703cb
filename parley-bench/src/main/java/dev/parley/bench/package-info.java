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
