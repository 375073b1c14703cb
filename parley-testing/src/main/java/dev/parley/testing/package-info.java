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
 * The test harness for Parley and for teams testing their agents with it: an {@link
 * dev.parley.testing.EmbeddedSession} that runs the session loop on the test thread against a
 * manual clock, {@link dev.parley.testing.ScriptedAudio} that synthesises a user's turns with
 * time-aligned words, fakes for each provider (named as fakes), and a readable {@link
 * dev.parley.testing.Timeline} with AssertJ assertions. A 30-second call runs in milliseconds and
 * gives the same timeline every run.
 */
@NullMarked
package dev.parley.testing;

import org.jspecify.annotations.NullMarked;
