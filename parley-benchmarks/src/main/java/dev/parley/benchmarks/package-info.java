/**
 * JMH benchmarks of Parley. Run from the repository root: {@code ./mvnw -q -pl parley-benchmarks
 * -am package -DskipTests && java --enable-native-access=ALL-UNNAMED -jar
 * parley-benchmarks/target/benchmarks.jar}. Numbers belong in the README with the command that
 * produced them.
 */
@NullMarked
package dev.parley.benchmarks;

import org.jspecify.annotations.NullMarked;
