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
