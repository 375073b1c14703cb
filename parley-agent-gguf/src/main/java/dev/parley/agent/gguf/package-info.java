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
 * A local agent on a GGUF language model the user supplies, run in-process by llama.cpp through the
 * de.kherud:llama JNI binding. {@link dev.parley.agent.gguf.GgufFile} checks the file's structure
 * before native code reads it; {@link dev.parley.agent.gguf.GgufAgent} loads it once per process,
 * renders each conversation with the model's chat template, keeps the KV cache of the shared prefix
 * (the system prompt and the turns so far) warm so a turn evaluates only its new tokens, streams
 * tokens as they decode, and constrains the output with a GBNF grammar to either a spoken answer or
 * a JSON tool call that matches a tool's schema.
 */
@NullMarked
package dev.parley.agent.gguf;

import org.jspecify.annotations.NullMarked;
