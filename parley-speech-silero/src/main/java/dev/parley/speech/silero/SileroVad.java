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
package dev.parley.speech.silero;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.VoiceActivityDetector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Silero VAD v6 on ONNX Runtime: one ONNX session shared by every session of the process, and a
 * {@link Stream} per session that carries the model's recurrent state from window to window.
 *
 * <p>Windows from concurrent streams run together. The engine has a lane per core but one; a stream
 * that asks while every lane is running waits, and the next lane to come free takes every window
 * waiting then (at most {@value #MAX_BATCH}) as one batch. Alone a window costs about 120 µs; in a
 * batch of 16 or more about 65 µs each, so a server with hundreds of calls spends about half the
 * CPU on VAD that one run per window would, and no window waits longer than a run before its own.
 * No thread or timer is added: whichever caller finds a lane free runs the batch on its own thread
 * (one intra-op and one inter-op thread, full graph optimisation), then hands each stream its
 * result. A lone caller, as in an offline run, always runs a batch of one, so its results do not
 * depend on timing. Thread-safe; close the engine after its streams, since it owns the native
 * session and the batch tensors.
 *
 * <p>The model's inputs and outputs for a batch of {@code B} windows (names, types and ranks are
 * checked on load; the model declares the batch and sample dimensions as free):
 *
 * <pre>
 *   input   float32 [B, 64 + 512]   64 samples of context from each stream's previous window, then its window
 *   state   float32 [2, B, 128]     each stream's recurrent state, zero at its start
 *   sr      int64   []              16000
 *   output  float32 [B, 1]          speech probability of each window
 *   stateN  float32 [2, B, 128]     the next states
 * </pre>
 *
 * <p>The batch tensors lie over direct buffers, which ONNX Runtime uses in place, one set of tensor
 * views per batch size, built once; a run copies each stream's window and state in and the next
 * state and probability out. What is left on the Java heap per run is the binding's own bookkeeping
 * inside {@code OrtSession.run} (about 540 bytes on ONNX Runtime 1.29, now shared by the windows of
 * a batch), which its API gives no way to reuse.
 */
public final class SileroVad implements VoiceActivityDetector, AutoCloseable {
  /** The sample rate the detector expects. */
  public static final int SAMPLE_RATE_HZ = 16_000;

  /** Samples per window at 16 kHz, as the model was trained. */
  public static final int WINDOW_SAMPLES = 512;

  /**
   * The most windows one run takes: past 32 the cost per window no longer falls (measured here: 120
   * µs alone, 67 µs in 16, 66 µs in 32, 64 µs in 64), and a bigger batch only makes its callers
   * wait longer.
   */
  public static final int MAX_BATCH = 32;

  /** Samples of the previous window that v5 and later models expect in front of each window. */
  static final int CONTEXT_SAMPLES = 64;

  private static final int ROW = CONTEXT_SAMPLES + WINDOW_SAMPLES;
  private static final int STATE_WIDTH = 128;
  private static final int STATE_FLOATS = 2 * STATE_WIDTH;
  private static final float PCM16_SCALE = 1f / 32768f;

  private final OrtEnvironment environment;
  private final OrtSession session;

  // Windows waiting for a run, and the lanes free to run one; guarded by lock.
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<SileroStream> waiting = new ArrayDeque<>();
  private final ArrayDeque<Lane> idle = new ArrayDeque<>();
  private final List<Lane> lanes = new ArrayList<>();
  private long runs;
  private long windows;

  private SileroVad(OrtEnvironment environment, OrtSession session) {
    this.environment = environment;
    this.session = session;
    // A lane per core but one: a run holds its caller's carrier thread in native code, and with a
    // lane on every core the session loops waiting to queue their windows (and the transports)
    // would find no carrier free until a run ended, so batches would never form.
    for (int i = 0; i < Math.max(1, Runtime.getRuntime().availableProcessors() - 1); i++) {
      lanes.add(new Lane());
    }
    idle.addAll(lanes);
  }

  /**
   * Loads the model installed in the Parley models directory.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE} when the model is
   *     missing, corrupt or cannot be loaded; the message says how to install it
   */
  public static SileroVad load() {
    return load(SileroModel.installed());
  }

  /**
   * Builds the detector from a verified model.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE} when ONNX Runtime
   *     cannot load the model or its signature is not that of Silero VAD v5/v6
   */
  public static SileroVad load(SileroModel model) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = environment.createSession(model.bytes(), options);
    } catch (OrtException | UnsatisfiedLinkError e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "ONNX Runtime cannot load the Silero VAD model from " + model.file() + ": " + e,
          e);
    }
    try {
      checkSignature(session, model);
    } catch (RuntimeException e) {
      closeQuietly(session, e);
      throw e;
    }
    return new SileroVad(environment, session);
  }

  @Override
  public String name() {
    return "silero";
  }

  @Override
  public int windowSamples() {
    return WINDOW_SAMPLES;
  }

  /** Opens a stream with zero state and context. */
  @Override
  public Stream open() {
    return new SileroStream();
  }

  /** Windows scored per model run since the engine was loaded: 1 alone, more under load. */
  public double windowsPerRun() {
    lock.lock();
    try {
      return runs == 0 ? 0 : (double) windows / runs;
    } finally {
      lock.unlock();
    }
  }

  /** Releases the ONNX session. Streams must not be used afterwards. */
  @Override
  public void close() {
    for (Lane lane : lanes) {
      lane.close();
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "closing the Silero VAD session failed", e);
    }
  }

  private static void checkSignature(OrtSession session, SileroModel model) {
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      boolean matches =
          inputs.size() == 3
              && isTensorOf(inputs.get("input"), OnnxJavaType.FLOAT, 2)
              && isTensorOf(inputs.get("state"), OnnxJavaType.FLOAT, 3)
              && isTensorOf(inputs.get("sr"), OnnxJavaType.INT64, 0)
              && isTensorOf(outputs.get("output"), OnnxJavaType.FLOAT, 2)
              && isTensorOf(outputs.get("stateN"), OnnxJavaType.FLOAT, 3);
      if (!matches) {
        throw new ProviderException(
            ProviderException.Kind.UNAVAILABLE,
            "the model at "
                + model.file()
                + " does not have the Silero VAD v5/v6 signature"
                + " (input, state, sr -> output, stateN); found inputs "
                + inputs.values()
                + " and outputs "
                + outputs.values());
      }
    } catch (OrtException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "cannot read the signature of the model at " + model.file(),
          e);
    }
  }

  private static boolean isTensorOf(@Nullable NodeInfo node, OnnxJavaType type, int rank) {
    return node != null
        && node.getInfo() instanceof TensorInfo info
        && info.type == type
        && info.getShape().length == rank;
  }

  private static void closeQuietly(AutoCloseable resource, Throwable primary) {
    try {
      resource.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }

  private static FloatBuffer directFloats(int count) {
    return ByteBuffer.allocateDirect(count * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /**
   * Buffers and tensor views for one batch at a time: the thread that takes the lane from {@code
   * idle} is the only one to touch it until it gives it back.
   */
  private final class Lane {
    final SileroStream[] members = new SileroStream[MAX_BATCH];
    private final FloatBuffer input = directFloats(MAX_BATCH * ROW);
    private final FloatBuffer state = directFloats(MAX_BATCH * STATE_FLOATS);
    private final FloatBuffer probability = directFloats(MAX_BATCH);
    private final FloatBuffer nextState = directFloats(MAX_BATCH * STATE_FLOATS);
    private final @Nullable Shape[] shapes = new Shape[MAX_BATCH + 1];
    private @Nullable OnnxTensor sampleRate;

    /** Scores the first {@code count} members; a failure is handed to each of them. */
    void run(int count) {
      try {
        Shape shape = shape(count);
        for (int i = 0; i < count; i++) {
          SileroStream member = members[i];
          input.put(i * ROW, member.window);
          state.put(i * STATE_WIDTH, member.state, 0, STATE_WIDTH);
          state.put((count + i) * STATE_WIDTH, member.state, STATE_WIDTH, STATE_WIDTH);
        }
        // Both outputs are pinned to the lane's buffers, so the result owns nothing to free.
        session.run(shape.inputs, shape.outputs).close();
        for (int i = 0; i < count; i++) {
          SileroStream member = members[i];
          member.probability = probability.get(i);
          nextState.get(i * STATE_WIDTH, member.state, 0, STATE_WIDTH);
          nextState.get((count + i) * STATE_WIDTH, member.state, STATE_WIDTH, STATE_WIDTH);
        }
      } catch (OrtException | RuntimeException e) {
        ProviderException failure =
            e instanceof ProviderException p
                ? p
                : new ProviderException(
                    ProviderException.Kind.FATAL,
                    "Silero VAD inference failed: " + e.getMessage(),
                    e);
        for (int i = 0; i < count; i++) {
          members[i].failure = failure;
        }
      }
    }

    /** The tensors of a batch of {@code count}, over the first rows of the lane's buffers. */
    private Shape shape(int count) throws OrtException {
      Shape shape = shapes[count];
      if (shape == null) {
        OnnxTensor sr = sampleRate;
        if (sr == null) {
          LongBuffer rate =
              ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
          rate.put(0, SAMPLE_RATE_HZ);
          sr = OnnxTensor.createTensor(environment, rate, new long[0]);
          sampleRate = sr;
        }
        long[] stateShape = {2, count, STATE_WIDTH};
        shape =
            new Shape(
                OnnxTensor.createTensor(
                    environment, input.slice(0, count * ROW), new long[] {count, ROW}),
                OnnxTensor.createTensor(
                    environment, state.slice(0, count * STATE_FLOATS), stateShape),
                sr,
                OnnxTensor.createTensor(
                    environment, probability.slice(0, count), new long[] {count, 1}),
                OnnxTensor.createTensor(
                    environment, nextState.slice(0, count * STATE_FLOATS), stateShape));
        shapes[count] = shape;
      }
      return shape;
    }

    void close() {
      for (Shape shape : shapes) {
        if (shape != null) {
          for (OnnxTensor tensor : shape.owned) {
            tensor.close();
          }
        }
      }
      OnnxTensor sr = sampleRate;
      if (sr != null) {
        sr.close();
      }
    }
  }

  /**
   * The tensor views of one batch size and the name maps {@code run} takes. HashMaps rather than
   * Map.of: OrtSession.run iterates the entry sets on every run, and a HashMap's entries are its
   * nodes, where Map.of makes a new entry object at each step.
   */
  private static final class Shape {
    final OnnxTensor[] owned;
    final Map<String, OnnxTensor> inputs = new HashMap<>(4);
    final Map<String, OnnxTensor> outputs = new HashMap<>(4);

    Shape(
        OnnxTensor input,
        OnnxTensor state,
        OnnxTensor sampleRate,
        OnnxTensor probability,
        OnnxTensor nextState) {
      owned = new OnnxTensor[] {input, state, probability, nextState};
      inputs.put("input", input);
      inputs.put("state", state);
      inputs.put("sr", sampleRate);
      outputs.put("output", probability);
      outputs.put("stateN", nextState);
    }
  }

  /** One session's recurrent state and context. Confined to one thread. */
  private final class SileroStream implements Stream {
    // [0, 64) holds the previous window's last 64 samples, [64, 576) the current window.
    final float[] window = new float[ROW];
    final float[] state = new float[STATE_FLOATS];
    // Written by the thread that ran this stream's batch, read after the lock hands them over.
    float probability;
    @Nullable ProviderException failure;
    boolean pending;
    // Signalled when this window's batch has run, or when it is first in line for a free lane.
    final Condition woken = lock.newCondition();
    private boolean closed;

    /**
     * Scores the window, in the next batch. Waits, uninterruptibly, for at most the run in progress
     * and its own: a few milliseconds.
     */
    @Override
    public float speechProbability(short[] samples, int offset) {
      if (closed) {
        throw new IllegalStateException("Silero VAD stream is closed");
      }
      Objects.checkFromIndexSize(offset, WINDOW_SAMPLES, samples.length);
      for (int i = 0; i < WINDOW_SAMPLES; i++) {
        window[CONTEXT_SAMPLES + i] = samples[offset + i] * PCM16_SCALE;
      }
      failure = null;
      pending = true;
      lock.lock();
      try {
        waiting.add(this);
        while (pending) {
          // Nothing waiting means this window is in a batch running on another lane.
          Lane lane = waiting.isEmpty() ? null : idle.poll();
          if (lane == null) {
            woken.awaitUninterruptibly();
            continue;
          }
          int count = 0;
          while (count < MAX_BATCH && !waiting.isEmpty()) {
            lane.members[count++] = waiting.remove();
          }
          runs++;
          windows += count;
          lock.unlock();
          try {
            lane.run(count);
          } finally {
            lock.lock();
            // Wake only whom the run concerns: its members, and the first window still waiting,
            // which takes the lane for the next batch. Waking every waiter at every run made
            // dozens of loops recheck and park again for each batch.
            for (int i = 0; i < count; i++) {
              SileroStream member = lane.members[i];
              member.pending = false;
              if (member != this) {
                member.woken.signal();
              }
            }
            idle.push(lane);
            SileroStream next = waiting.peek();
            if (next != null) {
              next.woken.signal();
            }
          }
        }
      } finally {
        lock.unlock();
      }
      ProviderException failed = failure;
      if (failed != null) {
        throw failed;
      }
      System.arraycopy(window, WINDOW_SAMPLES, window, 0, CONTEXT_SAMPLES);
      return probability;
    }

    @Override
    public void reset() {
      Arrays.fill(state, 0f);
      Arrays.fill(window, 0, CONTEXT_SAMPLES, 0f);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
