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
package dev.parley.speech.cloud;

/**
 * One part of a fake speech model's scripted response, the same for every provider's fake: words
 * spoken for a while, or a function call.
 */
public sealed interface FakeReply {
  /** The model says {@code text}, as {@code millis} of audio. */
  record Say(String text, int millis) implements FakeReply {}

  /** The model calls a function. */
  record Call(String callId, String name, String argumentsJson) implements FakeReply {}
}
