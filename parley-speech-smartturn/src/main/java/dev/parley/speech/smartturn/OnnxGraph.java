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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads just enough of an ONNX model file (a protobuf {@code ModelProto}) to tell whether a graph
 * output is a probability, that is whether it comes out of a {@code Sigmoid}.
 *
 * <p>ONNX Runtime's Java API shows an output's name and shape but not the operator that makes it,
 * and the name does not help: Smart Turn v3 exports its sigmoid probability under the name {@code
 * logits}. So this walks back from the output through operators that only move or reshape values
 * ({@code Reshape}, {@code Squeeze}, {@code Cast}, …) to the first one that computes, and reports
 * {@link Kind#PROBABILITY} if that is a {@code Sigmoid}, {@link Kind#LOGIT} if it is anything else,
 * and {@link Kind#UNKNOWN} if the file cannot be read that far. Initializers (the weights) are
 * skipped by their length, never decoded. Stateless.
 */
final class OnnxGraph {
  /** What a graph output holds. */
  enum Kind {
    /** Produced by a {@code Sigmoid}: already in [0, 1]. */
    PROBABILITY,
    /** Produced by some other computation: a real number to pass through a sigmoid. */
    LOGIT,
    /** The graph could not be followed back to the operator that produces the output. */
    UNKNOWN
  }

  /** Operators that copy, reshape, select or (de)quantize values without changing their meaning. */
  private static final Set<String> PASS_THROUGH =
      Set.of(
          "Identity",
          "Reshape",
          "Squeeze",
          "Unsqueeze",
          "Flatten",
          "Transpose",
          "Cast",
          "Slice",
          "Gather",
          "QuantizeLinear",
          "DequantizeLinear");

  private static final int MAX_STEPS = 64;

  // Field numbers from onnx.proto.
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_NODE = 1;
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_OP_TYPE = 4;

  private OnnxGraph() {}

  /** Classifies the graph output named {@code outputName} of the serialised model {@code model}. */
  static Kind classify(byte[] model, String outputName) {
    Map<String, Node> producers;
    try {
      producers = producers(model);
    } catch (IllegalArgumentException e) {
      return Kind.UNKNOWN;
    }
    String value = outputName;
    for (int step = 0; step < MAX_STEPS; step++) {
      Node node = producers.get(value);
      if (node == null) {
        return Kind.UNKNOWN;
      }
      if (node.opType.equals("Sigmoid")) {
        return Kind.PROBABILITY;
      }
      if (!PASS_THROUGH.contains(node.opType) || node.firstInput == null) {
        return Kind.LOGIT;
      }
      value = node.firstInput;
    }
    return Kind.UNKNOWN;
  }

  private record Node(String opType, @Nullable String firstInput) {}

  /** Maps each value name of the main graph to the node that produces it. */
  private static Map<String, Node> producers(byte[] model) {
    Map<String, Node> producers = new HashMap<>();
    Reader modelReader = new Reader(model, 0, model.length);
    while (modelReader.more()) {
      int tag = modelReader.tag();
      if (tag >>> 3 == MODEL_GRAPH && (tag & 7) == Reader.LEN) {
        Reader graph = modelReader.message();
        while (graph.more()) {
          int graphTag = graph.tag();
          if (graphTag >>> 3 == GRAPH_NODE && (graphTag & 7) == Reader.LEN) {
            readNode(graph.message(), producers);
          } else {
            graph.skip(graphTag & 7);
          }
        }
      } else {
        modelReader.skip(tag & 7);
      }
    }
    return producers;
  }

  private static void readNode(Reader node, Map<String, Node> producers) {
    String opType = "";
    String firstInput = null;
    List<String> outputs = new ArrayList<>(1);
    while (node.more()) {
      int tag = node.tag();
      int field = tag >>> 3;
      if ((tag & 7) != Reader.LEN) {
        node.skip(tag & 7);
      } else if (field == NODE_INPUT) {
        String input = node.string();
        if (firstInput == null) {
          firstInput = input;
        }
      } else if (field == NODE_OUTPUT) {
        outputs.add(node.string());
      } else if (field == NODE_OP_TYPE) {
        opType = node.string();
      } else {
        node.skip(Reader.LEN);
      }
    }
    Node parsed = new Node(opType, firstInput);
    for (String output : outputs) {
      producers.put(output, parsed);
    }
  }

  /** A cursor over protobuf wire format; throws IllegalArgumentException on malformed input. */
  private static final class Reader {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    private final byte[] bytes;
    private int position;
    private final int end;

    Reader(byte[] bytes, int position, int end) {
      this.bytes = bytes;
      this.position = position;
      this.end = end;
    }

    boolean more() {
      return position < end;
    }

    int tag() {
      long tag = varint();
      if (tag <= 0 || tag > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("bad protobuf tag " + tag);
      }
      return (int) tag;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte b = bytes[position++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private int length() {
      long length = varint();
      if (length < 0 || length > end - position) {
        throw new IllegalArgumentException("length " + length + " runs past the message");
      }
      return (int) length;
    }

    Reader message() {
      int length = length();
      Reader nested = new Reader(bytes, position, position + length);
      position += length;
      return nested;
    }

    String string() {
      int length = length();
      String value = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return value;
    }

    void skip(int wireType) {
      switch (wireType) {
        case VARINT -> varint();
        case I64 -> advance(8);
        case LEN -> advance(length());
        case I32 -> advance(4);
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
      }
    }

    private void advance(int count) {
      if (count > end - position) {
        throw new IllegalArgumentException("field runs past the message");
      }
      position += count;
    }
  }
}
