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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Silero VAD v6 on ONNX Runtime: one ONNX session shared by every session of the process, and a
 * {@link Stream} per session that carries the model's recurrent state from window to window.
 *
 * <p>The engine is thread-safe: ONNX Runtime allows concurrent {@code run} calls on one session,
 * and all mutable state lives in the streams. The session runs each window on the calling thread
 * (one intra-op and one inter-op thread, full graph optimisation), so a window costs the loop a
 * fixed, small amount of CPU and never hands work to a thread pool. Close the engine after its
 * streams; it owns the native session.
 *
 * <p>The model's inputs and outputs, as a stream feeds them (names, types and ranks are checked on
 * load; the model declares the batch and sample dimensions as free):
 *
 * <pre>
 *   input   float32 [1, 64 + 512]   64 samples of context from the previous window, then the window
 *   state   float32 [2, 1, 128]     recurrent state, zero at the start
 *   sr      int64   []              16000
 *   output  float32 [1, 1]          speech probability of the window
 *   stateN  float32 [2, 1, 128]     the next state
 * </pre>
 *
 * <p>Each stream preallocates its five tensors over direct buffers, which ONNX Runtime uses in
 * place: the stream writes a window into the input buffer, runs with both outputs pinned to its own
 * buffers, and copies {@code stateN} and the last 64 samples back for the next window. What is left
 * on the Java heap per window is the binding's own bookkeeping inside {@code OrtSession.run} (name
 * and handle arrays, the {@code Result} and its collections), which its API gives no way to reuse:
 * about 540 bytes a window on ONNX Runtime 1.29, against 2.4 KB when ONNX Runtime allocates the
 * outputs and 16 KB when tensors are built from Java arrays each window. Getting to zero would mean
 * calling the C API directly through the FFM API.
 */
public final class SileroVad implements VoiceActivityDetector, AutoCloseable {
  /** The sample rate the detector expects. */
  public static final int SAMPLE_RATE_HZ = 16_000;

  /** Samples per window at 16 kHz, as the model was trained. */
  public static final int WINDOW_SAMPLES = 512;

  /** Samples of the previous window that v5 and later models expect in front of each window. */
  static final int CONTEXT_SAMPLES = 64;

  private static final long[] INPUT_SHAPE = {1, CONTEXT_SAMPLES + WINDOW_SAMPLES};
  private static final long[] STATE_SHAPE = {2, 1, 128};
  private static final int STATE_FLOATS = 2 * 128;
  private static final long[] OUTPUT_SHAPE = {1, 1};
  private static final long[] SCALAR_SHAPE = {};
  private static final float PCM16_SCALE = 1f / 32768f;

  private final OrtEnvironment environment;
  private final OrtSession session;

  private SileroVad(OrtEnvironment environment, OrtSession session) {
    this.environment = environment;
    this.session = session;
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

  /**
   * Opens a stream with zero state and context.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#FATAL} when ONNX Runtime cannot
   *     allocate the stream's tensors
   */
  @Override
  public Stream open() {
    return new SileroStream();
  }

  /** Releases the ONNX session. Streams must not be used afterwards. */
  @Override
  public void close() {
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

  /** One session's recurrent state, context and tensors. Confined to one thread. */
  private final class SileroStream implements Stream {
    // [0, 64) holds the previous window's last 64 samples, [64, 576) the current window.
    private final FloatBuffer input = directFloats(CONTEXT_SAMPLES + WINDOW_SAMPLES);
    private final FloatBuffer state = directFloats(STATE_FLOATS);
    private final FloatBuffer nextState = directFloats(STATE_FLOATS);
    private final FloatBuffer probability = directFloats(1);
    private final OnnxTensor inputTensor;
    private final OnnxTensor stateTensor;
    private final OnnxTensor sampleRateTensor;
    private final OnnxTensor probabilityTensor;
    private final OnnxTensor nextStateTensor;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;
    private boolean closed;

    SileroStream() {
      LongBuffer sampleRate =
          ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
      sampleRate.put(0, SAMPLE_RATE_HZ);
      OnnxTensor[] created = new OnnxTensor[5];
      try {
        created[0] = OnnxTensor.createTensor(environment, input, INPUT_SHAPE);
        created[1] = OnnxTensor.createTensor(environment, state, STATE_SHAPE);
        created[2] = OnnxTensor.createTensor(environment, sampleRate, SCALAR_SHAPE);
        created[3] = OnnxTensor.createTensor(environment, probability, OUTPUT_SHAPE);
        created[4] = OnnxTensor.createTensor(environment, nextState, STATE_SHAPE);
      } catch (OrtException e) {
        for (OnnxTensor tensor : created) {
          if (tensor != null) {
            tensor.close();
          }
        }
        throw new ProviderException(
            ProviderException.Kind.FATAL, "cannot allocate Silero VAD tensors", e);
      }
      inputTensor = created[0];
      stateTensor = created[1];
      sampleRateTensor = created[2];
      probabilityTensor = created[3];
      nextStateTensor = created[4];
      // HashMaps rather than Map.of: OrtSession.run iterates the entry sets on every window, and a
      // HashMap's entries are its nodes, where Map.of makes a new entry object at each step.
      inputs = new HashMap<>(4);
      inputs.put("input", inputTensor);
      inputs.put("state", stateTensor);
      inputs.put("sr", sampleRateTensor);
      outputs = new HashMap<>(4);
      outputs.put("output", probabilityTensor);
      outputs.put("stateN", nextStateTensor);
    }

    @Override
    public float speechProbability(short[] samples, int offset) {
      if (closed) {
        throw new IllegalStateException("Silero VAD stream is closed");
      }
      Objects.checkFromIndexSize(offset, WINDOW_SAMPLES, samples.length);
      for (int i = 0; i < WINDOW_SAMPLES; i++) {
        input.put(CONTEXT_SAMPLES + i, samples[offset + i] * PCM16_SCALE);
      }
      OrtSession.Result result;
      try {
        result = session.run(inputs, outputs);
      } catch (OrtException e) {
        throw new ProviderException(
            ProviderException.Kind.FATAL, "Silero VAD inference failed: " + e.getMessage(), e);
      }
      // Both outputs are pinned to this stream's buffers, so the result owns nothing to free.
      result.close();
      state.put(0, nextState, 0, STATE_FLOATS);
      input.put(0, input, WINDOW_SAMPLES, CONTEXT_SAMPLES);
      return probability.get(0);
    }

    @Override
    public void reset() {
      for (int i = 0; i < STATE_FLOATS; i++) {
        state.put(i, 0f);
      }
      for (int i = 0; i < CONTEXT_SAMPLES; i++) {
        input.put(i, 0f);
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      inputTensor.close();
      stateTensor.close();
      sampleRateTensor.close();
      probabilityTensor.close();
      nextStateTensor.close();
    }
  }
}
