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
 * JMH benchmarks of Parley. Run from the repository root with JDK 25: {@code ./mvnw -q -pl
 * parley-benchmarks -am package -DskipTests && . bin/java-home.sh && java
 * --enable-native-access=ALL-UNNAMED -jar parley-benchmarks/target/benchmarks.jar
 * 'Silero|Flite|Sphinx|Audio' -prof gc -prof dev.parley.benchmarks.CpuTimeProfiler}. Numbers belong
 * in the README with the command that produced them.
 */
@NullMarked
package dev.parley.benchmarks;

import org.jspecify.annotations.NullMarked;
