/**
 * Spring Boot auto-configuration for Parley: {@link dev.parley.spring.ParleyAutoConfiguration}
 * builds an embedded {@link dev.parley.embed.Parley} from {@code parley.*} properties ({@link
 * dev.parley.spring.ParleyProperties}) and the agent the application context offers ({@link
 * dev.parley.spring.AgentBeans}), serves its endpoints on a side port as a lifecycle bean that
 * drains calls on shutdown ({@link dev.parley.spring.ParleyServerLifecycle}), records its meters in
 * the application's {@code MeterRegistry}, and reports to Actuator's health endpoint.
 */
@NullMarked
package dev.parley.spring;

import org.jspecify.annotations.NullMarked;
