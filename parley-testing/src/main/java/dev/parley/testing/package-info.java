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
