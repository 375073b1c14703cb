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
package dev.parley.core.frame;

import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.CallAction;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import java.util.List;

/** A message to the session loop. See the package documentation for the three families. */
public sealed interface Frame {

  /** Input from the user's side; never dropped by an interruption. */
  sealed interface Input extends Frame {}

  /** Part of one agent reply; dropped once the reply is stale. */
  sealed interface Response extends Frame {
    /** The reply this frame belongs to. */
    long responseId();
  }

  /**
   * Something that happened in the world on behalf of a reply: a tool call started or ended. It
   * names its reply, but a stale id never drops it, because the effect happened either way: a side
   * effect that finishes after its reply was interrupted is still recorded, once.
   */
  sealed interface Fact extends Response {}

  /**
   * A change to the session itself; never dropped. Handled in arrival order like every frame: the
   * inbox is one queue, so a control frame waits behind at most an inbox of frames that each take
   * microseconds, and stays ordered after what was posted before it.
   */
  sealed interface Control extends Frame {}

  /**
   * A frame of the caller's audio, 16 kHz mono PCM16, arriving on a live call.
   *
   * <p>Not a record, because the live session pools these so that a frame of audio allocates
   * nothing: a frame is valid until the loop has handled it, and only the pool that owns it
   * restamps it for the next frame (the inbox hand-off orders the writes before the loop's reads).
   */
  final class UserAudio implements Input {
    private final short[] samples;
    private long arrivedNanos;

    public UserAudio(short[] samples, long arrivedNanos) {
      this.samples = samples;
      this.arrivedNanos = arrivedNanos;
    }

    /** The samples, all of them audio. */
    public short[] samples() {
      return samples;
    }

    /** When the transport handed it over, on the session's clock (for the frame delay metric). */
    public long arrivedNanos() {
      return arrivedNanos;
    }

    /** Reuses this frame for audio that arrived at {@code arrivedNanos}; for its pool only. */
    public void restamp(long arrivedNanos) {
      this.arrivedNanos = arrivedNanos;
    }
  }

  /** The caller pressed a telephone key ({@code 0-9}, {@code *}, {@code #}, {@code A-D}). */
  record Dtmf(char digit) implements Input {}

  /**
   * The transport confirms that the caller has heard the agent's audio played up to {@code
   * upToNanos} (the {@code atNanos} given to the audio output, plus the frame's length), as a
   * telephony {@code mark} echo says. Once a session gets one, heard text follows these
   * confirmations instead of what the loop sent.
   */
  record PlaybackHeard(long upToNanos) implements Input {}

  /** An interim transcript from the recogniser. */
  record TranscriptPartial(String text) implements Input {}

  /** The final words of an utterance from the recogniser. */
  record TranscriptFinal(List<SpeechRecognizer.Word> words) implements Input {}

  /**
   * A streaming recogniser's own end-of-turn confidence (Deepgram Flux, AssemblyAI), evidence the
   * turn policy weighs with its own.
   */
  record RecognizerEndOfTurn(double probability) implements Input {}

  /**
   * A turn detector's judgement of the turn that was current when it was asked.
   *
   * @param turnEpoch identifies the silence the judgement is about; stale ones are ignored
   */
  record TurnJudgement(long turnEpoch, double probability) implements Input {}

  /** Text the agent streamed. */
  record AgentText(long responseId, String delta) implements Response {}

  /**
   * The agent said what the user's answer to this reply is likely to be: a slot declared in the
   * recogniser's options, or {@code ""} for nothing in particular.
   */
  record AgentExpects(long responseId, String slot) implements Response {}

  /** The agent finished its reply (or failed, reported separately). */
  record AgentDone(long responseId) implements Response {}

  /**
   * The agent failed mid-reply (its stream broke, its model is down): the session ends what was
   * said at a sentence boundary and apologises. A response frame, so a cancelled reply's failure
   * falls to the stale-id guard.
   *
   * @param kind what the failure means: a transient one is worth asking again
   */
  record AgentFailed(long responseId, ProviderException.Kind kind, String message)
      implements Response {}

  /** The agent started a tool call. */
  record ToolStarted(
      long responseId, String id, String name, String argumentsJson, boolean speculative)
      implements Fact {}

  /** A tool call ended, with the arguments it ran with and its result or error as JSON. */
  record ToolEnded(
      long responseId,
      String id,
      String name,
      String argumentsJson,
      ToolStatus status,
      String resultJson)
      implements Fact {}

  /** The text that the synthesised audio that follows will speak. */
  record SpeechText(long responseId, String text) implements Response {}

  /** Synthesised audio, already 16 kHz mono PCM16. */
  record SpeechAudio(long responseId, short[] samples) implements Response {}

  /** The synthesiser has delivered all audio of the reply. */
  record SpeechDone(long responseId) implements Response {}

  /**
   * A component failed; the session reports it and carries on.
   *
   * @param kind what the failure means; {@code FATAL} for an exception that was not a provider's
   */
  record ComponentFailed(String component, ProviderException.Kind kind, String message)
      implements Control {
    /**
     * The failure {@code e} of {@code component}: a provider's says what happened in its message,
     * any other exception (a bug) by its type as well.
     */
    public static ComponentFailed of(String component, RuntimeException e) {
      String message =
          e instanceof ProviderException ? String.valueOf(e.getMessage()) : e.toString();
      return new ComponentFailed(component, ProviderException.kindOf(e), message);
    }
  }

  /** A backchannel the agent may say later, synthesised ahead, 16 kHz mono PCM16. */
  record BackchannelClip(String text, short[] samples) implements Control {}

  /**
   * A line the agent may say while a slow tool runs, synthesised ahead, 16 kHz mono PCM16.
   *
   * @param progress whether it is a progress line rather than the first acknowledgement
   */
  record MaskingClip(String text, short[] samples, boolean progress) implements Control {}

  /** The call is over (the caller hung up, or the server is draining). */
  record Hangup(String reason) implements Control {}

  /**
   * A call-control tool asks for {@code action} once the caller has heard reply {@code responseId};
   * dropped with the reply if the caller interrupts it.
   */
  record CallActionRequested(long responseId, CallAction action) implements Response {}

  /** The carrier has done {@code action}, or failed to: {@code failure} says why, else empty. */
  record CallActionDone(CallAction action, String failure) implements Control {}
}
