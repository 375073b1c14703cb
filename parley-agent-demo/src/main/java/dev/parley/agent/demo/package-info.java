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
