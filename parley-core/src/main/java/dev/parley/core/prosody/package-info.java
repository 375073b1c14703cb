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
 * Prosody of the user's speech: a {@link dev.parley.core.prosody.PitchTracker} estimating the
 * fundamental frequency of each 20 ms frame (YIN), and a per-session {@link
 * dev.parley.core.prosody.ProsodyTracker} that turns frames, the VAD's decisions and turn
 * boundaries into a {@link dev.parley.core.prosody.UserAffect} per turn: pitch level and range and
 * loudness against the speaker's own running baseline, speaking rate from syllable nuclei,
 * hesitation from pauses inside the turn, the slope of the final pitch movement, and a coarse,
 * documented affect label that agents receive as context and turn-taking can consult. The trackers
 * are confined to the session loop and allocate nothing per frame; the summaries are immutable
 * values safe to hand to any thread.
 */
@NullMarked
package dev.parley.core.prosody;

import org.jspecify.annotations.NullMarked;
