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
package dev.parley.speech.smartturn;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.TurnSnapshot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * Smart Turn v3 on ONNX Runtime: the probability that the user has finished their turn, judged from
 * the sound of the last 8 seconds (intonation, rhythm, trailing fillers), not from the words.
 *
 * <p>Thread-safe and meant to be shared by every session of the process: one ONNX session, loaded
 * once, with one intra-op and one inter-op thread so that a judgement costs one core on the calling
 * thread and never fans out to a pool; ONNX Runtime allows concurrent {@code run} calls on it. The
 * per-call state, a {@link WhisperFeatures} extractor and the input tensor over a direct buffer, is
 * kept in a pool: a call takes one (or makes one, the first time so many calls overlap) and gives
 * it back, so the pool holds as many as the peak number of concurrent calls. Close the detector
 * once no call is running; it owns the native session and the pooled tensors.
 *
 * <pre>
 *   TurnSnapshot.audio ──▶ last 8 s, left-padded ──▶ WhisperFeatures [80 × 800]
 *        ──▶ input_features float32 [1, 80, 800] ──▶ ONNX ──▶ first output, one float ──▶ p
 * </pre>
 *
 * <p>The model's first output is taken whatever its name (v3 calls it {@code logits}) as long as it
 * is a float tensor of one value per batch item. Smart Turn v3 applies the sigmoid inside the
 * graph, so the value is already a probability; because the name says otherwise, the loader reads
 * the graph itself (see {@link OnnxGraph}) and, should a model's output not come out of a {@code
 * Sigmoid}, treats it as a logit and applies the sigmoid here. When the graph cannot be followed it
 * trusts v3's documented behaviour (a probability). The answer is clamped to [0, 1]; a NaN is a
 * {@link ProviderException.Kind#FATAL} failure.
 */
public final class SmartTurnDetector implements TurnDetector, AutoCloseable {
  /** The name in logs and timelines. */
  public static final String NAME = "smart-turn-v3";

  /** The model's input: the Whisper features. */
  public static final String INPUT_NAME = "input_features";

  private static final long[] INPUT_SHAPE = {1, WhisperFeatures.MEL_BANDS, WhisperFeatures.FRAMES};

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String outputName;
  private final Set<String> requestedOutputs;
  private final OnnxGraph.Kind outputKind;
  private final String description;
  private final ConcurrentLinkedQueue<Scratch> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private SmartTurnDetector(
      OrtEnvironment environment,
      OrtSession session,
      String outputName,
      OnnxGraph.Kind outputKind,
      SmartTurnModel model) {
    this.environment = environment;
    this.session = session;
    this.outputName = outputName;
    this.requestedOutputs = Set.of(outputName);
    this.outputKind = outputKind;
    this.description =
        "SmartTurnDetector[" + model + ", output " + outputName + " as " + outputKind + "]";
  }

  /**
   * Loads the model installed in the Parley models directory.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE} when the model is
   *     missing, corrupt or cannot be loaded; the message says how to install it
   */
  public static SmartTurnDetector load() {
    return load(SmartTurnModel.installed());
  }

  /**
   * Loads the installed model if there is one: empty when the file is absent, so that the runtime
   * can fall back to its other turn cues (and say so once).
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE} when the file is
   *     there but corrupt, unreadable or not loadable: a broken install is reported, not hidden
   */
  public static Optional<SmartTurnDetector> loadIfInstalled() {
    return loadIfInstalled(SmartTurnModel.modelsDirectory());
  }

  static Optional<SmartTurnDetector> loadIfInstalled(Path modelsDirectory) {
    Path file = modelsDirectory.resolve(SmartTurnModel.FILE_NAME);
    if (Files.notExists(file)) {
      return Optional.empty();
    }
    return Optional.of(load(SmartTurnModel.at(file)));
  }

  /**
   * Builds the detector from a model.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE} when ONNX Runtime
   *     cannot load the model or its signature is not Smart Turn v3's ({@code input_features}
   *     float32 {@code [batch, 80, 800]} in, one float per batch item out)
   */
  public static SmartTurnDetector load(SmartTurnModel model) {
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
          "ONNX Runtime cannot load the Smart Turn model from " + model.file() + ": " + e,
          e);
    }
    try {
      String outputName = checkSignature(session, model);
      OnnxGraph.Kind kind = OnnxGraph.classify(model.bytes(), outputName);
      return new SmartTurnDetector(environment, session, outputName, kind, model);
    } catch (RuntimeException e) {
      closeQuietly(session, e);
      throw e;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns the probability in [0, 1] that the turn in {@code turn.audio()} is complete. Only the
   * audio is used; the model does not read words.
   *
   * @throws InterruptedException if the thread was interrupted before inference started (a running
   *     inference is not interrupted; it takes tens of milliseconds)
   * @throws ProviderException of kind {@link ProviderException.Kind#FATAL} if inference fails or
   *     gives no number
   * @throws IllegalStateException if the detector is closed
   */
  @Override
  public float completionProbability(TurnSnapshot turn) throws InterruptedException {
    if (closed) {
      throw new IllegalStateException("Smart Turn detector is closed");
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Scratch scratch = idle.poll();
    if (scratch == null) {
      scratch = new Scratch();
    }
    try {
      short[] audio = turn.audio();
      scratch.features.compute(audio, 0, audio.length, scratch.values);
      scratch.input.put(0, scratch.values);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      return probability(run(scratch));
    } finally {
      release(scratch);
    }
  }

  /** Which kind of number the model's output was found to be. */
  OnnxGraph.Kind outputKind() {
    return outputKind;
  }

  /** The name of the model output read. */
  String outputName() {
    return outputName;
  }

  private float run(Scratch scratch) {
    try (OrtSession.Result result = session.run(scratch.inputs, requestedOutputs)) {
      OnnxValue value = result.get(0);
      if (!(value instanceof OnnxTensor tensor)) {
        throw new ProviderException(
            ProviderException.Kind.FATAL,
            "Smart Turn output " + outputName + " is not a tensor: " + value.getInfo());
      }
      FloatBuffer output = tensor.getFloatBuffer();
      if (output == null || !output.hasRemaining()) {
        throw new ProviderException(
            ProviderException.Kind.FATAL, "Smart Turn output " + outputName + " is empty");
      }
      return output.get(0);
    } catch (OrtException e) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "Smart Turn inference failed: " + e.getMessage(), e);
    }
  }

  private float probability(float raw) {
    if (Float.isNaN(raw)) {
      throw new ProviderException(ProviderException.Kind.FATAL, "Smart Turn answered NaN");
    }
    double p = outputKind == OnnxGraph.Kind.LOGIT ? 1.0 / (1.0 + Math.exp(-raw)) : raw;
    return (float) Math.min(1.0, Math.max(0.0, p));
  }

  private void release(Scratch scratch) {
    idle.offer(scratch);
    // A call that overlapped close() must not leave its tensor behind.
    if (closed) {
      drain();
    }
  }

  /** Releases the ONNX session and the pooled tensors. No call may be running or start after. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    drain();
    try {
      session.close();
    } catch (OrtException e) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "closing the Smart Turn session failed", e);
    }
  }

  private void drain() {
    Scratch scratch;
    while ((scratch = idle.poll()) != null) {
      scratch.close();
    }
  }

  /** Checks the model's signature and returns the name of the output to read. */
  private static String checkSignature(OrtSession session, SmartTurnModel model) {
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      NodeInfo output = outputs.isEmpty() ? null : outputs.values().iterator().next();
      boolean matches =
          inputs.size() == 1
              && isFeatureInput(inputs.get(INPUT_NAME))
              && output != null
              && isOneFloatPerItem(output);
      if (!matches || output == null) {
        throw new ProviderException(
            ProviderException.Kind.UNAVAILABLE,
            "the model at "
                + model.file()
                + " does not have the Smart Turn v3 signature (input_features float32 [batch, 80,"
                + " 800] -> one float per batch item); found inputs "
                + inputs.values()
                + " and outputs "
                + outputs.values());
      }
      return output.getName();
    } catch (OrtException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "cannot read the signature of the model at " + model.file(),
          e);
    }
  }

  private static boolean isFeatureInput(@Nullable NodeInfo node) {
    if (node == null
        || !(node.getInfo() instanceof TensorInfo info)
        || info.type != OnnxJavaType.FLOAT) {
      return false;
    }
    long[] shape = info.getShape();
    return shape.length == 3
        && (shape[0] == 1 || shape[0] < 0)
        && (shape[1] == WhisperFeatures.MEL_BANDS || shape[1] < 0)
        && (shape[2] == WhisperFeatures.FRAMES || shape[2] < 0);
  }

  /** A float tensor whose dimensions, the free batch dimension counted as 1, multiply to 1. */
  private static boolean isOneFloatPerItem(NodeInfo node) {
    if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
      return false;
    }
    long[] shape = info.getShape();
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] != 1 && !(i == 0 && shape[i] < 0)) {
        return false;
      }
    }
    return true;
  }

  private static void closeQuietly(AutoCloseable resource, Throwable primary) {
    try {
      resource.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return description;
  }

  /** One call's working memory: features, their float copy and the input tensor over it. */
  private final class Scratch implements AutoCloseable {
    final WhisperFeatures features = new WhisperFeatures();
    final float[] values = new float[WhisperFeatures.SIZE];
    final FloatBuffer input =
        ByteBuffer.allocateDirect(WhisperFeatures.SIZE * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    final OnnxTensor tensor;
    final Map<String, OnnxTensor> inputs;

    Scratch() {
      try {
        tensor = OnnxTensor.createTensor(environment, input, INPUT_SHAPE);
      } catch (OrtException e) {
        throw new ProviderException(
            ProviderException.Kind.FATAL, "cannot allocate the Smart Turn input tensor", e);
      }
      inputs = Map.of(INPUT_NAME, tensor);
    }

    @Override
    public void close() {
      tensor.close();
    }
  }
}
