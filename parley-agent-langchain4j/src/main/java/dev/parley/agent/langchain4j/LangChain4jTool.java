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
package dev.parley.agent.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolException;
import dev.parley.core.tool.ToolSpec;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A LangChain4j tool (a {@link ToolSpecification} and the {@link ToolExecutor} that runs it) as a
 * Parley {@link Tool}, so the session's tool runtime checks its arguments against the schema
 * LangChain4j derived, runs it with its time limit and applies its {@link ToolEffect}. Immutable
 * and thread-safe if the executor is (a {@code @Tool} object's methods are called concurrently by
 * parallel calls and by every session).
 *
 * <p>A method's exception is a failure the model hears about ({@link ToolException} with its
 * message); an {@link InterruptedException} thrown by the method is the call's cancellation. Tools
 * are shared by every session, so a {@code @ToolMemoryId} parameter receives no memory id.
 */
final class LangChain4jTool implements Tool {
  private final ToolSpec spec;
  private final ToolExecutor executor;

  LangChain4jTool(
      ToolSpecification specification, ToolExecutor executor, ToolEffect effect, Duration timeout) {
    this.spec =
        new ToolSpec(
            specification.name(),
            specification.description() == null ? "" : specification.description(),
            Json.parametersSchema(specification),
            effect,
            timeout);
    this.executor = executor;
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public String invoke(String argumentsJson, ToolContext context) throws Exception {
    ToolExecutionRequest request =
        ToolExecutionRequest.builder()
            .id(context.callId())
            .name(spec.name())
            .arguments(argumentsJson)
            .build();
    ToolExecutionResult result;
    try {
      result = executor.executeWithContext(request, InvocationContext.builder().build());
    } catch (ToolArgumentsException e) {
      throw new ToolException("bad arguments for " + spec.name() + ": " + message(e), e);
    } catch (ToolExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new ToolException(message(cause != null ? cause : e), e);
    }
    String text = result.resultText() == null ? "" : result.resultText();
    if (result.isError()) {
      throw new ToolException(text.isEmpty() ? spec.name() + " failed" : text);
    }
    return Json.result(text);
  }

  private static String message(@Nullable Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  @Override
  public String toString() {
    return "LangChain4jTool[" + spec.name() + ", " + spec.effect() + "]";
  }
}
