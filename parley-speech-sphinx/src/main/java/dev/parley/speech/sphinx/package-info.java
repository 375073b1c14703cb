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
 * Speech recognition with the system's PocketSphinx, bound through the FFM API (no JNI): a shared
 * {@link dev.parley.speech.sphinx.SphinxRecognizer} engine that opens one native decoder per
 * session stream, phrase hints as an interpolated language model, and {@link
 * dev.parley.speech.sphinx.WordErrorRate} for scoring transcripts against references.
 */
@NullMarked
package dev.parley.speech.sphinx;

import org.jspecify.annotations.NullMarked;
