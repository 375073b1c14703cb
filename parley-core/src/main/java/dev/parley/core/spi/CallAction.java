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
package dev.parley.core.spi;

/**
 * What a call-control tool asks of the session: done through the call's {@link CallControl} once
 * the caller has heard the reply that asked for it, and dropped if the caller interrupts that
 * reply.
 */
public sealed interface CallAction {
  /** End the call. */
  record HangUp() implements CallAction {}

  /**
   * Hand the call to another number or SIP address.
   *
   * @param target an E.164 number ({@code +14155550100}) or a SIP URI ({@code
   *     sip:desk@example.com})
   */
  record Transfer(String target) implements CallAction {}
}
