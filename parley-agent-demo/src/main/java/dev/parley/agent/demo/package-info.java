/**
 * A demo agent: {@link dev.parley.agent.demo.TravelDeskAgent}, an offline travel desk that
 * searches, books and checks flights through simulated tools. It exists to show Parley's agent
 * contract and tool rules without any model weights: slot filling is a small rule grammar over the
 * transcript (cities, dates, times, passenger counts, yes and no) that treats self-corrections as
 * revisions, the dialogue state is recomputed from the conversation on every turn, and the flight
 * data and tool latencies are generated deterministically. It is not a travel product.
 */
@NullMarked
package dev.parley.agent.demo;

import org.jspecify.annotations.NullMarked;
