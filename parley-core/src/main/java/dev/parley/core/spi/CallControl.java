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
 * What the carrier of one call can do to it beyond carrying audio: hang it up, or hand it to
 * another number. Given to the session by the transport; the session runs these on a worker thread,
 * only once the caller has heard the reply that asked for them (see {@link
 * dev.parley.core.tool.CallTools}). Implementations for Twilio and Telnyx call the carrier's REST
 * API; sockets that end with their connection need nothing beyond {@link #none()}.
 */
public interface CallControl {
  /**
   * Ends the call at the carrier. The session's own end closes the media connection afterwards, so
   * a transport whose connection is the call does nothing here.
   *
   * @throws ProviderException if the carrier refused or could not be reached; the session ends the
   *     media connection anyway
   * @throws InterruptedException if the session is closing
   */
  void hangUp() throws InterruptedException;

  /**
   * Hands the call to {@code target} (a phone number in E.164, or a SIP URI); on success the
   * carrier moves the caller away and the media stream ends.
   *
   * @throws ProviderException of kind {@code REJECTED} if this transport cannot transfer, or the
   *     carrier refused; the call goes on with the agent
   * @throws InterruptedException if the session is closing
   */
  void transfer(String target) throws InterruptedException;

  /**
   * Control for a call that is nothing but its connection (a browser, AudioSocket, an offline run):
   * hanging up is closing the connection, which the session's end does, and it cannot transfer.
   */
  static CallControl none() {
    return new CallControl() {
      @Override
      public void hangUp() {}

      @Override
      public void transfer(String target) {
        throw new ProviderException(
            ProviderException.Kind.REJECTED, "this call's transport cannot transfer calls");
      }
    };
  }
}
