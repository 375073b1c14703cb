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
