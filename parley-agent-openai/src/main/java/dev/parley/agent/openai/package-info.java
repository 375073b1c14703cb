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
 * An agent adapter for servers that speak OpenAI's Chat Completions API with streaming: OpenAI,
 * Groq, Ollama, vLLM and the llama.cpp server. {@link
 * dev.parley.agent.openai.OpenAiCompatibleAgent} maps Parley's conversation to chat messages (what
 * the caller heard, how they sounded, which tools ran), streams the model's words into the spoken
 * reply as they arrive, and hands the model's tool calls to the session, which runs them under
 * Parley's effect rules. Retries with backoff happen inside the adapter; once it gives up the
 * session hears a {@link dev.parley.core.spi.ProviderException} of the right kind.
 */
@NullMarked
package dev.parley.agent.openai;

import org.jspecify.annotations.NullMarked;
