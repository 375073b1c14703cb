/**
 * Speech recognition with the system's PocketSphinx, bound through the FFM API (no JNI): a shared
 * {@link dev.parley.speech.sphinx.SphinxRecognizer} engine that opens one native decoder per
 * session stream, phrase hints as an interpolated language model, and {@link
 * dev.parley.speech.sphinx.WordErrorRate} for scoring transcripts against references.
 */
@NullMarked
package dev.parley.speech.sphinx;

import org.jspecify.annotations.NullMarked;
