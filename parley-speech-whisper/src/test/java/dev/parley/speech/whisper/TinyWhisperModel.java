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
package dev.parley.speech.whisper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes stand-ins for a Whisper model in whisper.cpp's ggml format: every tensor of the real
 * architecture with the English vocabulary size but a model width of 8 and the four layers of
 * {@code tiny}, and small random weights, stored as the published models are ({@code ftype} 1:
 * matrices in float16; biases, norms and positional embeddings in float32). About 1.5 MB, loaded
 * and run by the real whisper.cpp, so the tests cover the native path (load, decoder state, {@code
 * whisper_full}, segments) without a real model; what such a model "hears" is noise, so the tests
 * check shape and timing, never words.
 *
 * <p>The layout follows whisper.cpp's {@code whisper_model_load}: magic, eleven hyper-parameters,
 * mel filters, vocabulary, then tensors as (rank, name length, type, dimensions, name, data).
 */
final class TinyWhisperModel {
  static final int VOCABULARY = 51_864; // English-only models
  static final int GPT2_TOKENS = 50_256; // tokens written to the file; whisper.cpp adds the rest
  static final int STATE = 8;
  static final int HEADS = 2;
  static final int AUDIO_CONTEXT = 1500;
  static final int TEXT_CONTEXT = 448;
  static final int MELS = 80;

  /** whisper.cpp names its model type after the encoder depth and needs a known one: 4 is tiny. */
  static final int LAYERS = 4;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Random random = new Random(7);
  private int tensors;

  private TinyWhisperModel() {}

  /** The bytes of a complete stand-in model. */
  static byte[] bytes() {
    return new TinyWhisperModel().write(Integer.MAX_VALUE);
  }

  /** The header, filters and vocabulary followed by only the first {@code tensors} tensors. */
  static byte[] withTensors(int tensors) {
    return new TinyWhisperModel().write(tensors);
  }

  static Path write(Path file) throws IOException {
    return Files.write(file, bytes());
  }

  private byte[] write(int maxTensors) {
    ints(WhisperModelFile.MAGIC);
    ints(
        VOCABULARY,
        AUDIO_CONTEXT,
        STATE,
        HEADS,
        LAYERS,
        TEXT_CONTEXT,
        STATE,
        HEADS,
        LAYERS,
        MELS,
        1);
    ints(MELS, 201);
    floats(MELS * 201, 0.001f);
    ints(GPT2_TOKENS);
    for (int i = 0; i < GPT2_TOKENS; i++) {
      // 220 is GPT-2's " ", which whisper.cpp looks up by text to suppress a blank start.
      byte[] token = (i == 220 ? " " : " w" + i).getBytes(StandardCharsets.UTF_8);
      ints(token.length);
      out.writeBytes(token);
    }
    for (Tensor tensor : architecture()) {
      if (tensors == maxTensors) {
        break;
      }
      tensor(tensor);
    }
    return out.toByteArray();
  }

  private record Tensor(String name, float scale, int... shape) {}

  private static List<Tensor> architecture() {
    int s = STATE;
    List<Tensor> list = new ArrayList<>();
    list.add(new Tensor("encoder.positional_embedding", 0.02f, s, AUDIO_CONTEXT));
    list.add(new Tensor("encoder.conv1.weight", 0.05f, 3, MELS, s));
    list.add(new Tensor("encoder.conv1.bias", 0, 1, s));
    list.add(new Tensor("encoder.conv2.weight", 0.05f, 3, s, s));
    list.add(new Tensor("encoder.conv2.bias", 0, 1, s));
    list.add(new Tensor("encoder.ln_post.weight", -1, s));
    list.add(new Tensor("encoder.ln_post.bias", 0, s));
    for (int i = 0; i < LAYERS; i++) {
      block(list, "encoder.blocks." + i + ".", false);
    }
    list.add(new Tensor("decoder.positional_embedding", 0.02f, s, TEXT_CONTEXT));
    list.add(new Tensor("decoder.token_embedding.weight", 0.05f, s, VOCABULARY));
    list.add(new Tensor("decoder.ln.weight", -1, s));
    list.add(new Tensor("decoder.ln.bias", 0, s));
    for (int i = 0; i < LAYERS; i++) {
      block(list, "decoder.blocks." + i + ".", true);
    }
    return list;
  }

  private static void block(List<Tensor> list, String prefix, boolean cross) {
    int s = STATE;
    list.add(new Tensor(prefix + "mlp_ln.weight", -1, s));
    list.add(new Tensor(prefix + "mlp_ln.bias", 0, s));
    list.add(new Tensor(prefix + "mlp.0.weight", 0.05f, s, 4 * s));
    list.add(new Tensor(prefix + "mlp.0.bias", 0, 4 * s));
    list.add(new Tensor(prefix + "mlp.2.weight", 0.05f, 4 * s, s));
    list.add(new Tensor(prefix + "mlp.2.bias", 0, s));
    attention(list, prefix + "attn");
    if (cross) {
      attention(list, prefix + "cross_attn");
    }
  }

  private static void attention(List<Tensor> list, String prefix) {
    int s = STATE;
    list.add(new Tensor(prefix + "_ln.weight", -1, s));
    list.add(new Tensor(prefix + "_ln.bias", 0, s));
    list.add(new Tensor(prefix + ".query.weight", 0.05f, s, s));
    list.add(new Tensor(prefix + ".query.bias", 0, s));
    list.add(new Tensor(prefix + ".key.weight", 0.05f, s, s));
    list.add(new Tensor(prefix + ".value.weight", 0.05f, s, s));
    list.add(new Tensor(prefix + ".value.bias", 0, s));
    list.add(new Tensor(prefix + ".out.weight", 0.05f, s, s));
    list.add(new Tensor(prefix + ".out.bias", 0, s));
  }

  /**
   * Writes a tensor, float16 for a matrix and float32 otherwise (as whisper.cpp expects of an
   * {@code ftype} 1 model); scale -1 means all ones (layer-norm gains), 0 all zeros.
   */
  private void tensor(Tensor tensor) {
    byte[] name = tensor.name().getBytes(StandardCharsets.UTF_8);
    boolean half = tensor.name().endsWith(".weight") && tensor.shape().length >= 2;
    ints(tensor.shape().length, name.length, half ? 1 : 0);
    ints(tensor.shape());
    out.writeBytes(name);
    int elements = 1;
    for (int dimension : tensor.shape()) {
      elements *= dimension;
    }
    ByteBuffer data = ByteBuffer.allocate((half ? 2 : 4) * elements).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < elements; i++) {
      float value = tensor.scale() < 0 ? 1f : tensor.scale() * (2 * random.nextFloat() - 1);
      if (half) {
        data.putShort(Float.floatToFloat16(value));
      } else {
        data.putFloat(value);
      }
    }
    out.writeBytes(data.array());
    tensors++;
  }

  private void ints(int... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int value : values) {
      buffer.putInt(value);
    }
    out.writeBytes(buffer.array());
  }

  private void floats(int count, float value) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      buffer.putFloat(value);
    }
    out.writeBytes(buffer.array());
  }

  /** Writes a complete stand-in to {@code args[0]}, for trying it in a separate JVM. */
  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]));
  }
}
