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
package dev.parley.benchmarks;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.parley.core.tool.ToolSchema;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checking one typical tool call's arguments against its schema, as the tool runtime does before
 * every call: Parley's hand-written subset ({@link ToolSchema}) against networknt's
 * json-schema-validator (draft 2020-12), valid and invalid arguments, the schema compiled once.
 * Also what compiling a schema costs, which happens once per tool per call. Run with {@code -prof
 * gc} for the bytes allocated per check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ToolSchemaBenchmark {
  static final String SCHEMA =
      """
      {"type":"object","properties":{
        "from":{"type":"string","description":"departure city","minLength":2},
        "to":{"type":"string","description":"arrival city","minLength":2},
        "date":{"type":"string","pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}$"},
        "passengers":{"type":"integer","minimum":1,"maximum":9},
        "cabin":{"type":"string","enum":["economy","business","first"]}},
       "required":["from","to","date","passengers"],"additionalProperties":false}""";

  static final String VALID =
      "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"2026-10-07\",\"passengers\":2,"
          + "\"cabin\":\"economy\"}";
  static final String INVALID =
      "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"October 7\",\"passengers\":0,"
          + "\"seat\":\"12A\"}";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private final ToolSchema handWritten = ToolSchema.compile("search_flights", SCHEMA);
  private final Schema library = REGISTRY.getSchema(SCHEMA);

  @Benchmark
  public List<String> handWrittenValid() {
    return handWritten.violations(VALID);
  }

  @Benchmark
  public List<String> handWrittenInvalid() {
    return handWritten.violations(INVALID);
  }

  @Benchmark
  public Object libraryValid() {
    return library.validate(VALID, InputFormat.JSON);
  }

  @Benchmark
  public Object libraryInvalid() {
    return library.validate(INVALID, InputFormat.JSON);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object handWrittenCompile() {
    return ToolSchema.compile("search_flights", SCHEMA);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object libraryCompile() {
    return REGISTRY.getSchema(SCHEMA);
  }
}
