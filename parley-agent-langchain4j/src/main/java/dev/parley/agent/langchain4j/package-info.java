/**
 * An agent adapter for LangChain4j. {@link dev.parley.agent.langchain4j.LangChain4jAgent} wraps a
 * {@code StreamingChatModel} and its tools ({@code @Tool} objects or {@code ToolSpecification}s
 * with executors): it maps Parley's conversation to LangChain4j chat messages (what the caller
 * heard, how they sounded, which tools ran), streams the model's words into the spoken reply, and
 * hands the model's tool calls to the session, which runs the LangChain4j tools under Parley's
 * effect rules. {@link dev.parley.agent.langchain4j.AiServiceAgent} wraps an existing AI Service,
 * which keeps its own memory and runs its own tools.
 */
@NullMarked
package dev.parley.agent.langchain4j;

import org.jspecify.annotations.NullMarked;
