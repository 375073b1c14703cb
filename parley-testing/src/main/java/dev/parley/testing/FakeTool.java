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
package dev.parley.testing;

import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolException;
import dev.parley.core.tool.ToolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A fake tool for tests: takes a fixed time of session time ({@link ToolContext#await}), then
 * answers from a function of its arguments, fails, throws, or returns malformed JSON, as the test
 * says. Records every invocation and compensation. Immutable builders; thread-safe records.
 */
public final class FakeTool implements Tool {
  /** What a call does after its latency. */
  public enum Behaviour {
    ANSWER,
    TOOL_FAILURE,
    THROW,
    MALFORMED
  }

  private static final String ANY_OBJECT = "{\"type\":\"object\"}";

  private final ToolSpec spec;
  private final Duration latency;
  private final Function<String, String> answer;
  private final Behaviour behaviour;
  private final boolean compensable;
  private final List<String> invocations = Collections.synchronizedList(new ArrayList<>());
  private final List<String> started = Collections.synchronizedList(new ArrayList<>());
  private final List<String> compensations = Collections.synchronizedList(new ArrayList<>());

  private FakeTool(
      ToolSpec spec,
      Duration latency,
      Function<String, String> answer,
      Behaviour behaviour,
      boolean compensable) {
    this.spec = spec;
    this.latency = latency;
    this.answer = answer;
    this.behaviour = behaviour;
    this.compensable = compensable;
  }

  /** A tool of {@code effect} that takes {@code latency} and answers {@code {"ok":true}}. */
  public static FakeTool of(String name, ToolEffect effect, Duration latency) {
    return new FakeTool(
        new ToolSpec(name, "A fake " + name + ".", ANY_OBJECT, effect, Duration.ofSeconds(10)),
        latency,
        args -> "{\"ok\":true}",
        Behaviour.ANSWER,
        false);
  }

  /** A read-only tool that takes {@code latency}. */
  public static FakeTool readOnly(String name, Duration latency) {
    return of(name, ToolEffect.READ_ONLY, latency);
  }

  /** A side-effecting tool that takes {@code latency}, compensable. */
  public static FakeTool sideEffecting(String name, Duration latency) {
    return of(name, ToolEffect.SIDE_EFFECTING, latency).compensable(true);
  }

  /** This tool answering {@code answer.apply(argumentsJson)}. */
  public FakeTool answering(Function<String, String> answer) {
    return new FakeTool(spec, latency, answer, Behaviour.ANSWER, compensable);
  }

  /** This tool ending each call with {@code behaviour}. */
  public FakeTool behaving(Behaviour behaviour) {
    return new FakeTool(spec, latency, answer, behaviour, compensable);
  }

  /** This tool with the argument schema {@code schemaJson}. */
  public FakeTool schema(String schemaJson) {
    return new FakeTool(
        new ToolSpec(spec.name(), spec.description(), schemaJson, spec.effect(), spec.timeout()),
        latency,
        answer,
        behaviour,
        compensable);
  }

  /** This tool with time limit {@code timeout}. */
  public FakeTool timeout(Duration timeout) {
    return new FakeTool(
        new ToolSpec(
            spec.name(), spec.description(), spec.parametersSchema(), spec.effect(), timeout),
        latency,
        answer,
        behaviour,
        compensable);
  }

  /** This tool with or without a compensation. */
  public FakeTool compensable(boolean compensable) {
    return new FakeTool(spec, latency, answer, behaviour, compensable);
  }

  /** The arguments of every call that ran to the end of its latency, in order. */
  public List<String> invocations() {
    synchronized (invocations) {
      return List.copyOf(invocations);
    }
  }

  /** The arguments of every call that started, finished or not. */
  public List<String> started() {
    synchronized (started) {
      return List.copyOf(started);
    }
  }

  /** The arguments of every compensated call, in order. */
  public List<String> compensations() {
    synchronized (compensations) {
      return List.copyOf(compensations);
    }
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  @Override
  public String invoke(String argumentsJson, ToolContext context) throws Exception {
    started.add(argumentsJson);
    context.await(latency);
    invocations.add(argumentsJson);
    return switch (behaviour) {
      case ANSWER -> answer.apply(argumentsJson);
      case TOOL_FAILURE -> throw new ToolException("no flights on that date");
      case THROW -> throw new IllegalStateException("database connection reset");
      case MALFORMED -> "{\"flights\": [";
    };
  }

  @Override
  public boolean compensable() {
    return compensable;
  }

  @Override
  public String compensate(String argumentsJson, String resultJson, ToolContext context)
      throws Exception {
    if (!compensable) {
      return Tool.super.compensate(argumentsJson, resultJson, context);
    }
    context.await(latency);
    compensations.add(argumentsJson);
    return "{\"undone\":true}";
  }
}
