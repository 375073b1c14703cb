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
package dev.parley.agent.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes a GGUF v3 file holding a complete llama-architecture model with tiny dimensions and seeded
 * random float32 weights, which the real llama.cpp loads and runs: the tests cover the native path
 * (load, tokenise, chat template, grammar, prompt cache, decode) without a real model. What such a
 * model says is noise, so the tests check structure, never words.
 *
 * <p>The tokenizer is a SentencePiece ("llama") vocabulary: {@code <unk>}, {@code <s>}, {@code
 * </s>}, the ChatML markers {@code <|im_start|>} and {@code <|im_end|>} as control tokens (the end
 * marker is the end-of-generation token), all 256 byte tokens {@code <0x00>}..{@code <0xFF>} for
 * byte fallback, every printable ASCII character, and a few words. The file carries a ChatML chat
 * template, as most instruction-tuned GGUF files carry theirs.
 *
 * <p>Layout (GGUF v3, little-endian): magic {@code GGUF}, version 3, tensor count (u64), metadata
 * count (u64), metadata as (key, value type, value), tensor infos as (name, rank, dimensions
 * innermost first, ggml type, offset into the data), padding to the 32-byte alignment, data.
 */
final class TinyLlamaModel {
  static final int EMBEDDING = 64;
  static final int LAYERS = 2;
  static final int HEADS = 4;
  static final int KV_HEADS = 2;
  static final int FEED_FORWARD = 128;
  static final int CONTEXT = 4096;
  static final int ALIGNMENT = 32;

  static final int UNKNOWN_ID = 0;
  static final int BOS_ID = 1;
  static final int EOS_ID = 2;
  static final int IM_START_ID = 3;
  static final int IM_END_ID = 4;

  static final String CHATML_TEMPLATE =
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'"
          + " + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
          + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

  private static final String[] WORDS = {
    "the",
    "a",
    "to",
    "you",
    "I",
    "is",
    "it",
    "and",
    "of",
    "in",
    "for",
    "on",
    "that",
    "your",
    "can",
    "flight",
    "Paris",
    "Rome",
    "Oslo",
    "book",
    "seat",
    "tomorrow",
    "morning",
    "yes",
    "no",
    "sure",
    "ticket",
    "help",
    "want",
    "what",
    "when",
    "where",
    "travel",
    "desk",
    "one",
    "two",
    "three",
    "tool",
    "arguments",
    "city",
    "passengers",
    "hello",
    "thanks",
    "please",
    "time",
    "day",
    "here",
  };

  private static final int TYPE_UINT32 = 4;
  private static final int TYPE_INT32 = 5;
  private static final int TYPE_FLOAT32 = 6;
  private static final int TYPE_BOOL = 7;
  private static final int TYPE_STRING = 8;
  private static final int TYPE_ARRAY = 9;
  private static final int GGML_F32 = 0;

  private static final int TOKEN_NORMAL = 1;
  private static final int TOKEN_UNKNOWN = 2;
  private static final int TOKEN_CONTROL = 3;
  private static final int TOKEN_BYTE = 6;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Random random;
  private final boolean chatTemplate;

  private TinyLlamaModel(long seed, boolean chatTemplate) {
    this.random = new Random(seed);
    this.chatTemplate = chatTemplate;
  }

  /** The bytes of a complete model with a chat template, weights drawn from {@code seed}. */
  static byte[] bytes(long seed) {
    return new TinyLlamaModel(seed, true).write();
  }

  /** A complete model without a chat template: llama.cpp falls back to ChatML. */
  static byte[] bytesWithoutTemplate(long seed) {
    return new TinyLlamaModel(seed, false).write();
  }

  static Path write(Path file) throws IOException {
    return Files.write(file, bytes(7));
  }

  /** The vocabulary, in id order. */
  static List<String> tokens() {
    List<String> tokens = new ArrayList<>();
    tokens.add("<unk>");
    tokens.add("<s>");
    tokens.add("</s>");
    tokens.add("<|im_start|>");
    tokens.add("<|im_end|>");
    for (int b = 0; b < 256; b++) {
      tokens.add(String.format(Locale.ROOT, "<0x%02X>", b));
    }
    tokens.add("\u2581");
    for (char c = '!'; c <= '~'; c++) {
      tokens.add(String.valueOf(c));
    }
    tokens.add("\u2581\u2581");
    for (String word : WORDS) {
      tokens.add("\u2581" + word);
      if (word.length() > 1) {
        tokens.add(word);
      }
    }
    return tokens;
  }

  private byte[] write() {
    List<String> tokens = tokens();
    int vocabulary = tokens.size();

    Map<String, Runnable> metadata = new LinkedHashMap<>();
    metadata.put("general.architecture", () -> string("llama"));
    metadata.put("general.name", () -> string("parley-tiny-llama"));
    metadata.put("general.alignment", () -> meta32(ALIGNMENT));
    metadata.put("general.file_type", () -> meta32(0));
    metadata.put("llama.context_length", () -> meta32(CONTEXT));
    metadata.put("llama.embedding_length", () -> meta32(EMBEDDING));
    metadata.put("llama.block_count", () -> meta32(LAYERS));
    metadata.put("llama.feed_forward_length", () -> meta32(FEED_FORWARD));
    metadata.put("llama.attention.head_count", () -> meta32(HEADS));
    metadata.put("llama.attention.head_count_kv", () -> meta32(KV_HEADS));
    metadata.put("llama.rope.dimension_count", () -> meta32(EMBEDDING / HEADS));
    metadata.put("llama.rope.freq_base", () -> float32(10_000f));
    metadata.put("llama.attention.layer_norm_rms_epsilon", () -> float32(1e-5f));
    metadata.put("tokenizer.ggml.model", () -> string("llama"));
    metadata.put(
        "tokenizer.ggml.tokens",
        () -> {
          uint32(TYPE_ARRAY);
          uint32(TYPE_STRING);
          uint64(tokens.size());
          for (String token : tokens) {
            stringValue(token);
          }
        });
    metadata.put(
        "tokenizer.ggml.scores",
        () -> {
          uint32(TYPE_ARRAY);
          uint32(TYPE_FLOAT32);
          uint64(tokens.size());
          for (int i = 0; i < tokens.size(); i++) {
            // SentencePiece merges the pair with the highest score first: prefer longer pieces.
            floatValue(i < 261 ? 0f : -1000f + tokens.get(i).length() * 10f - i * 0.001f);
          }
        });
    metadata.put(
        "tokenizer.ggml.token_type",
        () -> {
          uint32(TYPE_ARRAY);
          uint32(TYPE_INT32);
          uint64(tokens.size());
          for (int i = 0; i < tokens.size(); i++) {
            int type =
                i == UNKNOWN_ID
                    ? TOKEN_UNKNOWN
                    : i <= IM_END_ID ? TOKEN_CONTROL : i < 261 ? TOKEN_BYTE : TOKEN_NORMAL;
            intValue(type);
          }
        });
    metadata.put("tokenizer.ggml.bos_token_id", () -> meta32(BOS_ID));
    metadata.put("tokenizer.ggml.eos_token_id", () -> meta32(IM_END_ID));
    metadata.put("tokenizer.ggml.unknown_token_id", () -> meta32(UNKNOWN_ID));
    metadata.put("tokenizer.ggml.add_bos_token", () -> bool(true));
    metadata.put("tokenizer.ggml.add_eos_token", () -> bool(false));
    if (chatTemplate) {
      metadata.put("tokenizer.chat_template", () -> string(CHATML_TEMPLATE));
    }

    int headDim = EMBEDDING / HEADS;
    int kvWidth = headDim * KV_HEADS;
    List<Tensor> tensors = new ArrayList<>();
    tensors.add(new Tensor("token_embd.weight", EMBEDDING, vocabulary));
    tensors.add(new Tensor("output_norm.weight", EMBEDDING));
    tensors.add(new Tensor("output.weight", EMBEDDING, vocabulary));
    for (int layer = 0; layer < LAYERS; layer++) {
      String blk = "blk." + layer + ".";
      tensors.add(new Tensor(blk + "attn_norm.weight", EMBEDDING));
      tensors.add(new Tensor(blk + "attn_q.weight", EMBEDDING, EMBEDDING));
      tensors.add(new Tensor(blk + "attn_k.weight", EMBEDDING, kvWidth));
      tensors.add(new Tensor(blk + "attn_v.weight", EMBEDDING, kvWidth));
      tensors.add(new Tensor(blk + "attn_output.weight", EMBEDDING, EMBEDDING));
      tensors.add(new Tensor(blk + "ffn_norm.weight", EMBEDDING));
      tensors.add(new Tensor(blk + "ffn_gate.weight", EMBEDDING, FEED_FORWARD));
      tensors.add(new Tensor(blk + "ffn_up.weight", EMBEDDING, FEED_FORWARD));
      tensors.add(new Tensor(blk + "ffn_down.weight", FEED_FORWARD, EMBEDDING));
    }

    out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
    uint32(3);
    uint64(tensors.size());
    uint64(metadata.size());
    for (Map.Entry<String, Runnable> entry : metadata.entrySet()) {
      stringValue(entry.getKey());
      entry.getValue().run();
    }
    long offset = 0;
    for (Tensor tensor : tensors) {
      stringValue(tensor.name);
      uint32(tensor.dims.length);
      for (long dim : tensor.dims) {
        uint64(dim);
      }
      uint32(GGML_F32);
      uint64(offset);
      offset = align(offset + tensor.bytes());
    }
    pad();
    for (Tensor tensor : tensors) {
      boolean norm = tensor.dims.length == 1;
      ByteBuffer data = ByteBuffer.allocate(tensor.bytes()).order(ByteOrder.LITTLE_ENDIAN);
      for (long i = 0; i < tensor.elements(); i++) {
        data.putFloat(norm ? 1f : (float) (random.nextGaussian() * 0.5));
      }
      out.writeBytes(data.array());
      pad();
    }
    return out.toByteArray();
  }

  private record Tensor(String name, long... dims) {
    long elements() {
      long n = 1;
      for (long dim : dims) {
        n *= dim;
      }
      return n;
    }

    int bytes() {
      return Math.toIntExact(elements() * 4);
    }
  }

  private static long align(long offset) {
    return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  private void pad() {
    while (out.size() % ALIGNMENT != 0) {
      out.write(0);
    }
  }

  private void string(String value) {
    uint32(TYPE_STRING);
    stringValue(value);
  }

  private void uint32(int value) {
    little(4, value);
  }

  private void meta32(int value) {
    uint32(TYPE_UINT32);
    uint32(value);
  }

  private void float32(float value) {
    uint32(TYPE_FLOAT32);
    floatValue(value);
  }

  private void bool(boolean value) {
    uint32(TYPE_BOOL);
    out.write(value ? 1 : 0);
  }

  private void intValue(int value) {
    little(4, value);
  }

  private void floatValue(float value) {
    little(4, Float.floatToIntBits(value));
  }

  private void stringValue(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    uint64(bytes.length);
    out.writeBytes(bytes);
  }

  private void uint64(long value) {
    little(8, value);
  }

  private void little(int bytes, long value) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (value >>> (8 * i)) & 0xFF);
    }
  }
}
