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
