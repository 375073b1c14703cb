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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes small stand-ins for Smart Turn: ONNX models with its input, {@code input_features} float32
 * {@code [batch, 80, 800]}, and one float per batch item out, computed as {@code sigmoid(mean of
 * all features)}. They let the tests run the real ONNX Runtime path without the real weights.
 *
 * <p>ONNX files are protobuf {@code ModelProto} messages and the onnxruntime jar carries no
 * builder, so this encodes the few messages needed by hand (field numbers from {@code onnx.proto}:
 * IR version 7, default-domain opset 13, in which ReduceMean takes its axes as an attribute).
 */
final class TinyOnnxModel {
  /** How the stand-in ends, to exercise how the detector reads its output. */
  enum Ending {
    /** ReduceMean → Flatten → Sigmoid: the probability comes straight out of a Sigmoid. */
    SIGMOID,
    /** ReduceMean → Sigmoid → Flatten: a reshape after the Sigmoid, as PyTorch exports often do. */
    SIGMOID_THEN_RESHAPE,
    /** ReduceMean → Flatten: no Sigmoid, the output is a logit the detector must squash. */
    LOGIT
  }

  private static final int FLOAT = 1;
  private static final int ATTRIBUTE_INT = 2;
  private static final int ATTRIBUTE_INTS = 7;

  private TinyOnnxModel() {}

  /** A stand-in whose output is named {@code outputName}. */
  static byte[] build(String outputName, Ending ending) {
    return build("input_features", outputName, ending);
  }

  static byte[] build(String inputName, String outputName, Ending ending) {
    Proto graph = new Proto().string(2, "tiny_smart_turn");
    Proto reduceMean =
        node("ReduceMean", inputName, "mean")
            .message(5, intsAttribute("axes", 1, 2))
            .message(5, intAttribute("keepdims", 1));
    graph.message(1, reduceMean);
    switch (ending) {
      case SIGMOID -> {
        graph.message(1, node("Flatten", "mean", "flat").message(5, intAttribute("axis", 1)));
        graph.message(1, node("Sigmoid", "flat", outputName));
      }
      case SIGMOID_THEN_RESHAPE -> {
        graph.message(1, node("Sigmoid", "mean", "probability"));
        graph.message(
            1, node("Flatten", "probability", outputName).message(5, intAttribute("axis", 1)));
      }
      case LOGIT ->
          graph.message(1, node("Flatten", "mean", outputName).message(5, intAttribute("axis", 1)));
    }
    graph.message(11, floatTensor(inputName, 80, 800));
    graph.message(12, floatTensor(outputName, 1));
    return new Proto()
        .varint(1, 7) // ir_version
        .string(2, "parley-tests") // producer_name
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13)) // opset_import
        .bytes();
  }

  private static Proto node(String opType, String input, String output) {
    return new Proto().string(1, input).string(2, output).string(3, output).string(4, opType);
  }

  private static Proto intAttribute(String name, long value) {
    return new Proto().string(1, name).varint(3, value).varint(20, ATTRIBUTE_INT);
  }

  private static Proto intsAttribute(String name, long... values) {
    Proto attribute = new Proto().string(1, name);
    for (long value : values) {
      attribute.varint(8, value);
    }
    return attribute.varint(20, ATTRIBUTE_INTS);
  }

  /** A ValueInfoProto for a float tensor of shape {@code [batch, dims...]}. */
  private static Proto floatTensor(String name, long... dims) {
    Proto shape = new Proto().message(1, new Proto().string(2, "batch"));
    for (long dim : dims) {
      shape.message(1, new Proto().varint(1, dim));
    }
    Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }

  /** A protobuf message being written: varint and length-delimited fields only. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      rawVarint((long) field << 3);
      rawVarint(value);
      return this;
    }

    Proto string(int field, String value) {
      return lengthDelimited(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto message) {
      return lengthDelimited(field, message.bytes());
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private Proto lengthDelimited(int field, byte[] bytes) {
      rawVarint(((long) field << 3) | 2);
      rawVarint(bytes.length);
      out.writeBytes(bytes);
      return this;
    }

    private void rawVarint(long value) {
      long v = value;
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
