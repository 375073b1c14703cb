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
