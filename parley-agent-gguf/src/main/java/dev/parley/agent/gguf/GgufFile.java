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

import dev.parley.core.spi.ProviderException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A GGUF model file whose structure was checked before llama.cpp reads it: the magic, the version,
 * every metadata entry, every tensor description, and that the tensor data the header promises lies
 * inside the file. A missing, truncated or foreign file is refused here with one message naming the
 * file, so native code never sees it. Immutable and thread-safe.
 *
 * <p>The check reads the header only (metadata and tensor descriptions, a few megabytes for a large
 * vocabulary); it does not read the weights.
 */
public final class GgufFile {
  static final int MAGIC = 0x46554747; // "GGUF", little-endian

  /** Where to find models, for error messages. */
  static final String WHERE =
      "Any GGUF chat model works, for example Qwen2.5-0.5B-Instruct (qwen2.5-0.5b-instruct-q4_k_m.gguf)"
          + " from huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF";

  private static final long MAX_STRING_BYTES = 64L << 20;

  private final Path file;
  private final int version;
  private final long tensorCount;
  private final String architecture;
  private final @Nullable String chatTemplate;

  private GgufFile(
      Path file, int version, long tensorCount, String architecture, @Nullable String template) {
    this.file = file;
    this.version = version;
    this.tensorCount = tensorCount;
    this.architecture = architecture;
    this.chatTemplate = template;
  }

  /**
   * Checks {@code file}.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} naming the file and what is wrong: not
   *     found, not a GGUF file, an unsupported version, or cut short (with the size it should have)
   */
  public static GgufFile check(Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw bad(file, "does not exist. " + WHERE + ".");
    } catch (IOException e) {
      throw bad(file, "cannot be read: " + e.getMessage());
    }
    if (Files.isDirectory(file)) {
      throw bad(file, "is a directory, not a GGUF model file");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Reader reader = new Reader(in, size);
      int magic = reader.u32();
      if (magic != MAGIC) {
        throw bad(
            file,
            "is not a GGUF model file (it starts with "
                + hex(magic)
                + ", not \"GGUF\"). "
                + WHERE
                + ".");
      }
      int version = reader.u32();
      if (version < 2 || version > 3) {
        throw bad(file, "is GGUF version " + version + "; llama.cpp reads versions 2 and 3");
      }
      long tensors = reader.u64();
      long entries = reader.u64();
      if (tensors < 0 || tensors > size || entries < 0 || entries > size) {
        throw bad(file, "has a corrupt header (" + tensors + " tensors, " + entries + " entries)");
      }
      String architecture = "";
      String template = null;
      long alignment = 32;
      for (long i = 0; i < entries; i++) {
        String key = reader.string();
        int type = reader.u32();
        switch (key) {
          case "general.architecture" -> architecture = expectString(file, reader, key, type);
          case "tokenizer.chat_template" -> template = expectString(file, reader, key, type);
          case "general.alignment" -> {
            alignment = type == 4 ? Integer.toUnsignedLong(reader.u32()) : skipValue(reader, type);
            if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
              throw bad(file, "has an alignment of " + alignment + ", not a power of two");
            }
          }
          default -> skipValue(reader, type);
        }
      }
      long dataEnd = 0;
      for (long i = 0; i < tensors; i++) {
        String name = reader.string();
        int dims = reader.u32();
        if (dims < 1 || dims > 4) {
          throw bad(file, "has tensor " + name + " with " + dims + " dimensions");
        }
        long elements = 1;
        for (int d = 0; d < dims; d++) {
          long n = reader.u64();
          if (n < 0 || (n > 0 && elements > Long.MAX_VALUE / n)) {
            throw bad(file, "has tensor " + name + " with a corrupt shape");
          }
          elements *= n;
        }
        int type = reader.u32();
        long offset = reader.u64();
        long bytes = tensorBytes(type, elements);
        if (offset < 0 || offset > Long.MAX_VALUE / 2 || bytes > Long.MAX_VALUE / 4) {
          throw bad(file, "has tensor " + name + " at a corrupt offset");
        }
        dataEnd = Math.max(dataEnd, offset + Math.max(bytes, 0));
      }
      long dataStart = (reader.position() + alignment - 1) / alignment * alignment;
      long expected = dataStart + dataEnd;
      if (expected > size) {
        throw bad(
            file,
            "is cut short: its tensors need "
                + expected
                + " bytes but the file has "
                + size
                + " (an interrupted download?)");
      }
      if (architecture.isEmpty()) {
        throw bad(file, "names no model architecture (general.architecture)");
      }
      return new GgufFile(file, version, tensors, architecture, template);
    } catch (EOFException e) {
      throw bad(file, "is cut short: it ends inside its header (" + size + " bytes)");
    } catch (IOException e) {
      throw bad(file, "cannot be read: " + e.getMessage());
    }
  }

  public Path file() {
    return file;
  }

  /** The GGUF version, 2 or 3. */
  public int version() {
    return version;
  }

  public long tensorCount() {
    return tensorCount;
  }

  /** The model architecture, such as {@code llama} or {@code qwen2}. */
  public String architecture() {
    return architecture;
  }

  /** The chat template the file carries, if any; without one llama.cpp uses ChatML. */
  public Optional<String> chatTemplate() {
    return Optional.ofNullable(chatTemplate);
  }

  private static String expectString(Path file, Reader reader, String key, int type)
      throws IOException {
    if (type != 8) {
      throw bad(file, "has " + key + " of GGUF type " + type + ", not a string");
    }
    return reader.string();
  }

  /** Skips one value of GGUF type {@code type}; returns 0. */
  private static long skipValue(Reader reader, int type) throws IOException {
    switch (type) {
      case 8 -> reader.skipString();
      case 9 -> {
        int elementType = reader.u32();
        long count = reader.u64();
        if (count < 0 || count > reader.remaining()) {
          throw new EOFException();
        }
        int width = width(elementType);
        if (width > 0) {
          reader.skip(count * width);
        } else if (elementType == 8) {
          for (long i = 0; i < count; i++) {
            reader.skipString();
          }
        } else {
          throw new IOException("unknown GGUF array element type " + elementType);
        }
      }
      default -> {
        int width = width(type);
        if (width <= 0) {
          throw new IOException("unknown GGUF value type " + type);
        }
        reader.skip(width);
      }
    }
    return 0;
  }

  /** The width of a fixed-size GGUF value type, or -1. */
  private static int width(int type) {
    return switch (type) {
      case 0, 1, 7 -> 1; // u8, i8, bool
      case 2, 3 -> 2;
      case 4, 5, 6 -> 4;
      case 10, 11, 12 -> 8;
      default -> -1;
    };
  }

  /**
   * The bytes of a tensor of ggml type {@code type}, or -1 for a type this check does not know
   * (llama.cpp then checks that tensor itself).
   */
  static long tensorBytes(int type, long elements) {
    // {bytes per block, elements per block} of ggml's type traits.
    int[] block =
        switch (type) {
          case 0 -> new int[] {4, 1}; // F32
          case 1, 30 -> new int[] {2, 1}; // F16, BF16
          case 2 -> new int[] {18, 32}; // Q4_0
          case 3 -> new int[] {20, 32}; // Q4_1
          case 6 -> new int[] {22, 32}; // Q5_0
          case 7 -> new int[] {24, 32}; // Q5_1
          case 8 -> new int[] {34, 32}; // Q8_0
          case 9 -> new int[] {36, 32}; // Q8_1
          case 10 -> new int[] {84, 256}; // Q2_K
          case 11 -> new int[] {110, 256}; // Q3_K
          case 12 -> new int[] {144, 256}; // Q4_K
          case 13 -> new int[] {176, 256}; // Q5_K
          case 14 -> new int[] {210, 256}; // Q6_K
          case 15 -> new int[] {292, 256}; // Q8_K
          case 24 -> new int[] {1, 1}; // I8
          case 25 -> new int[] {2, 1}; // I16
          case 26 -> new int[] {4, 1}; // I32
          case 27, 28 -> new int[] {8, 1}; // I64, F64
          default -> new int[0];
        };
    if (block.length == 0) {
      return -1;
    }
    return (elements + block[1] - 1) / block[1] * block[0];
  }

  private static String hex(int magic) {
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < 4; i++) {
      out.append(Character.forDigit((magic >>> (8 * i + 4)) & 0xF, 16));
      out.append(Character.forDigit((magic >>> (8 * i)) & 0xF, 16));
    }
    return out.toString();
  }

  private static ProviderException bad(Path file, String problem) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE, "GGUF model " + file + " " + problem);
  }

  /** Little-endian reads that never run past the file's size. */
  private static final class Reader {
    private final InputStream in;
    private final long size;
    private long position;

    Reader(InputStream in, long size) {
      this.in = in;
      this.size = size;
    }

    long position() {
      return position;
    }

    long remaining() {
      return size - position;
    }

    int u32() throws IOException {
      return (int) little(4);
    }

    long u64() throws IOException {
      return little(8);
    }

    private long little(int bytes) throws IOException {
      long value = 0;
      for (int i = 0; i < bytes; i++) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException();
        }
        value |= ((long) b) << (8 * i);
      }
      position += bytes;
      return value;
    }

    String string() throws IOException {
      long length = u64();
      if (length < 0 || length > MAX_STRING_BYTES || length > remaining()) {
        throw new EOFException();
      }
      byte[] bytes = in.readNBytes((int) length);
      if (bytes.length != length) {
        throw new EOFException();
      }
      position += length;
      return new String(bytes, StandardCharsets.UTF_8);
    }

    void skipString() throws IOException {
      long length = u64();
      if (length < 0 || length > remaining()) {
        throw new EOFException();
      }
      skip(length);
    }

    void skip(long bytes) throws IOException {
      if (bytes > remaining()) {
        throw new EOFException();
      }
      in.skipNBytes(bytes);
      position += bytes;
    }
  }
}
