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
package dev.parley.spring;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;
import dev.parley.agent.langchain4j.AiServiceAgent;
import dev.parley.agent.langchain4j.LangChain4jAgent;
import dev.parley.core.spi.Agent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the agent in an application context, as a LangChain4j Spring Boot user would expect: a
 * LangChain4j AI Service bean named in {@code parley.agent.ai-service}, or else the context's one
 * {@link StreamingChatModel} with every bean that has {@code @Tool} methods as its tools. (A Parley
 * {@code Agent} bean, when there is one, is used as it is and this class is not asked.)
 */
final class AgentBeans {
  private AgentBeans() {}

  /**
   * The agent the context offers.
   *
   * @throws IllegalStateException saying what to define when the context offers none, or which
   *     beans compete when it offers several
   */
  static Agent resolve(ListableBeanFactory beans, ParleyProperties.AgentSource source) {
    String aiService = source.aiService();
    if (aiService != null && !aiService.isBlank()) {
      return aiService(aiService, beans.getBean(aiService));
    }
    String[] models =
        BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beans, StreamingChatModel.class);
    if (models.length == 0) {
      throw new IllegalStateException(
          "Parley needs an agent: define a dev.parley.core.spi.Agent bean, a LangChain4j"
              + " StreamingChatModel bean (its tools are the beans with @Tool methods), or name a"
              + " LangChain4j AI Service bean in parley.agent.ai-service");
    }
    if (models.length > 1) {
      throw new IllegalStateException(
          "Parley found "
              + models.length
              + " StreamingChatModel beans ("
              + String.join(", ", models)
              + "): define a dev.parley.core.spi.Agent bean that picks one");
    }
    LangChain4jAgent.Builder agent =
        LangChain4jAgent.builder(beans.getBean(models[0], StreamingChatModel.class))
            .tools(toolBeans(beans).toArray());
    String prompt = source.systemPrompt();
    if (prompt != null && !prompt.isBlank()) {
      agent.systemPrompt(prompt);
    }
    if (!source.readOnlyTools().isEmpty()) {
      agent.readOnly(source.readOnlyTools().toArray(String[]::new));
    }
    return agent.build();
  }

  /** Every bean whose class has a method annotated {@code @Tool}, in definition order. */
  static List<Object> toolBeans(ListableBeanFactory beans) {
    List<Object> tools = new ArrayList<>();
    for (String name : beans.getBeanDefinitionNames()) {
      Class<?> type = beans.getType(name, false);
      if (type != null && hasToolMethods(ClassUtils.getUserClass(type))) {
        tools.add(beans.getBean(name));
      }
    }
    return tools;
  }

  private static boolean hasToolMethods(Class<?> type) {
    for (Method m : type.getMethods()) {
      if (m.isAnnotationPresent(Tool.class)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An agent speaking through AI Service {@code service}: its one method taking the memory id and
   * the user's message (two {@code String}s; {@code @MemoryId} and {@code @UserMessage} say which
   * is which, else memory id first) and returning a {@link TokenStream} or a {@code String}.
   */
  static Agent aiService(String name, Object service) {
    Method method = chatMethod(name, service);
    boolean memoryFirst = memoryIdFirst(method);
    if (method.getReturnType() == TokenStream.class) {
      return AiServiceAgent.streaming(
              (memoryId, text) ->
                  (TokenStream)
                      Objects.requireNonNull(
                          invoke(method, service, memoryFirst, memoryId, text),
                          "the AI Service returned no TokenStream"))
          .name("langchain4j-ai-service:" + name)
          .build();
    }
    return AiServiceAgent.blocking(
            (memoryId, text) ->
                String.valueOf(invoke(method, service, memoryFirst, memoryId, text)))
        .name("langchain4j-ai-service:" + name)
        .build();
  }

  private static Method chatMethod(String name, Object service) {
    List<Method> candidates = new ArrayList<>();
    for (Class<?> type : ClassUtils.getAllInterfacesForClass(service.getClass())) {
      for (Method m : type.getMethods()) {
        if (!Modifier.isStatic(m.getModifiers())
            && !m.isDefault()
            && m.getParameterCount() == 2
            && m.getParameterTypes()[0] == String.class
            && m.getParameterTypes()[1] == String.class
            && (m.getReturnType() == TokenStream.class || m.getReturnType() == String.class)) {
          candidates.add(m);
        }
      }
    }
    if (candidates.size() != 1) {
      throw new IllegalStateException(
          "parley.agent.ai-service: bean '"
              + name
              + "' needs exactly one method (@MemoryId String id, @UserMessage String text)"
              + " returning TokenStream or String; it has "
              + candidates.size());
    }
    return candidates.getFirst();
  }

  private static boolean memoryIdFirst(Method method) {
    var annotations = method.getParameterAnnotations();
    return !(has(annotations[0], UserMessage.class) || has(annotations[1], MemoryId.class));
  }

  private static boolean has(java.lang.annotation.Annotation[] annotations, Class<?> type) {
    for (var a : annotations) {
      if (a.annotationType() == type) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable Object invoke(
      Method method, Object service, boolean memoryFirst, String memoryId, String text) {
    try {
      return memoryFirst
          ? method.invoke(service, memoryId, text)
          : method.invoke(service, text, memoryId);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(String.valueOf(cause), cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
