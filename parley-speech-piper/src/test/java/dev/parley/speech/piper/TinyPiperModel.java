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
package dev.parley.speech.piper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes stand-ins for a Piper voice: an ONNX model with Piper's inputs ({@code input} int64 [1,
 * N], {@code input_lengths} int64 [1], {@code scales} float [3]) whose {@code output} float [1, 1,
 * 200·N] is the ids as floats, the sequence repeated 200 times, and a small config with a
 * hand-written phoneme map. They let the tests run the real ONNX Runtime path without a real voice;
 * the "audio" is a staircase, not speech.
 *
 * <p>ONNX files are protobuf {@code ModelProto} messages and the onnxruntime jar carries no
 * builder, so the few messages needed are encoded by hand (field numbers from {@code onnx.proto};
 * IR version 7, opset 11, in which Unsqueeze takes its axes as an attribute).
 */
final class TinyPiperModel {
  static final int SAMPLES_PER_ID = 200;
  static final int SAMPLE_RATE = 22_050;

  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  /** A config in Piper's format with a map covering the phonemes of "hello world". */
  static final String CONFIG =
      """
      {
        "audio": {"sample_rate": 22050, "quality": "medium"},
        "espeak": {"voice": "en-us"},
        "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
        "phoneme_type": "espeak",
        "num_speakers": 1,
        "phoneme_id_map": {
          "_": [0], "^": [1], "$": [2], " ": [3], ",": [8], ".": [10], "?": [13],
          "d": [17], "h": [20], "l": [24], "o": [27], "w": [35], "ə": [59], "ɜ": [62],
          "ʊ": [100], "ː": [122], "ˈ": [120], "ˌ": [121], "ç": [15], "̧": [141]
        }
      }
      """;

  private TinyPiperModel() {}

  /** Writes {@code name.onnx} and {@code name.onnx.json} into {@code directory}. */
  static Path write(Path directory, String name) throws IOException {
    Path model = directory.resolve(name + ".onnx");
    Files.write(model, model("input"));
    Files.writeString(PiperVoice.configOf(model), CONFIG);
    return model;
  }

  /** The stand-in model, with its first input named {@code inputName}. */
  static byte[] model(String inputName) {
    Proto repeats = new Proto().varint(1, 3).varint(2, INT64);
    for (long value : new long[] {1, 1, SAMPLES_PER_ID}) {
      repeats.varint(7, value);
    }
    Proto graph =
        new Proto()
            .string(2, "tiny_piper")
            .message(1, node("Cast", inputName, "x").message(5, intAttribute("to", FLOAT)))
            .message(1, node("Unsqueeze", "x", "y").message(5, intsAttribute("axes", 1)))
            .message(
                1,
                new Proto()
                    .string(2, "repeats")
                    .string(3, "repeats")
                    .string(4, "Constant")
                    .message(5, new Proto().string(1, "value").message(5, repeats).varint(20, 4)))
            .message(
                1,
                new Proto()
                    .string(1, "y")
                    .string(1, "repeats")
                    .string(2, "output")
                    .string(3, "output")
                    .string(4, "Tile"))
            .message(11, tensor(inputName, INT64, "1", "phonemes"))
            .message(11, tensor("input_lengths", INT64, "1"))
            .message(11, tensor("scales", FLOAT, "3"))
            .message(12, tensor("output", FLOAT, "1", "1", "time"));
    return new Proto()
        .varint(1, 7)
        .string(2, "parley-tests")
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 11))
        .bytes();
  }

  private static Proto node(String opType, String input, String output) {
    return new Proto().string(1, input).string(2, output).string(3, output).string(4, opType);
  }

  private static Proto intAttribute(String name, long value) {
    return new Proto().string(1, name).varint(3, value).varint(20, 2);
  }

  private static Proto intsAttribute(String name, long... values) {
    Proto attribute = new Proto().string(1, name);
    for (long value : values) {
      attribute.varint(8, value);
    }
    return attribute.varint(20, 7);
  }

  /** A ValueInfoProto; a dimension is a number or a symbolic name. */
  private static Proto tensor(String name, int type, String... dims) {
    Proto shape = new Proto();
    for (String dim : dims) {
      shape.message(
          1,
          dim.chars().allMatch(Character::isDigit)
              ? new Proto().varint(1, Long.parseLong(dim))
              : new Proto().string(2, dim));
    }
    Proto tensorType = new Proto().varint(1, type).message(2, shape);
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
