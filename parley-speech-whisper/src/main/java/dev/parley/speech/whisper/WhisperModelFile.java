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

import dev.parley.core.spi.ModelFiles;
import dev.parley.core.spi.ProviderException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A whisper.cpp model file the user supplied, found and checked before any native code reads it.
 *
 * <p><b>Where it is looked for.</b> {@code $PARLEY_WHISPER_MODEL} when set (the path of the file);
 * otherwise the first file named {@code ggml-*.bin}, in name order, in the Parley models directory
 * ({@code $PARLEY_MODELS}, else {@code ~/.parley/models}). Parley cannot download Whisper models:
 * they come from <a href="https://huggingface.co/ggerganov/whisper.cpp">{@value #DOWNLOAD_PAGE}</a>
 * ({@value #SUGGESTED_FILE} for English).
 *
 * <p><b>Why it is checked in Java first.</b> whisper.cpp trusts the sizes written in a model file:
 * a file with the right magic number but a damaged header makes it allocate a vector of garbage
 * length, and the C++ exception that follows aborts the whole JVM (seen with whisper-jni 1.7.1: a
 * 13-byte file starting with the magic number killed the process with {@code std::length_error}),
 * and an unknown {@code ftype} trips a {@code GGML_ASSERT}, which aborts too. So the file's whole
 * structure is walked here first: the magic number, the eleven hyper-parameters within the ranges
 * of real Whisper models, the mel filters, the vocabulary, and every tensor header (rank, name,
 * type, shape) with its data inside the file. The vocabulary must hold the {@code " "} token, which
 * whisper.cpp looks up with {@code std::map::at} when it suppresses a blank start (found with a
 * synthetic model: without it the first transcription aborts the process). All-float32 models
 * ({@code ftype} 0) are refused too: this build of ggml asserts that the convolution weights are
 * float16 and aborts on the first transcription. Tensor data is skipped, never read, so checking a
 * 150 MB model costs a few milliseconds. What this cannot catch is a file whose structure is sound
 * but whose numbers are wrong (bad weights); whisper.cpp then loads it and transcribes nonsense.
 *
 * <p>Immutable.
 */
public final class WhisperModelFile {
  /** Environment variable naming the model file. */
  public static final String MODEL_VARIABLE = "PARLEY_WHISPER_MODEL";

  /** Where users get whisper.cpp models. */
  public static final String DOWNLOAD_PAGE = "https://huggingface.co/ggerganov/whisper.cpp";

  /** The model to suggest: English, 148 MB, a fair balance of speed and accuracy on a CPU. */
  public static final String SUGGESTED_FILE = "ggml-base.en.bin";

  static final int MAGIC = 0x67676d6c; // "ggml", as written little-endian by whisper.cpp

  /** Vocabularies of 51,865 tokens and more are the multilingual models (whisper.cpp's rule). */
  private static final int MULTILINGUAL_VOCABULARY = 51_865;

  private static final String WHERE_TO_GET =
      "Download a whisper.cpp ggml model from "
          + DOWNLOAD_PAGE
          + " (for English: "
          + SUGGESTED_FILE
          + ")";

  /**
   * The ggml tensor types a model may hold, as {block size, bytes per block}: the float types and
   * the quantisations whisper.cpp's {@code quantize} tool writes.
   */
  private static final Map<Integer, int[]> TENSOR_TYPES =
      Map.ofEntries(
          Map.entry(0, new int[] {1, 4}), // F32
          Map.entry(1, new int[] {1, 2}), // F16
          Map.entry(2, new int[] {32, 18}), // Q4_0
          Map.entry(3, new int[] {32, 20}), // Q4_1
          Map.entry(6, new int[] {32, 22}), // Q5_0
          Map.entry(7, new int[] {32, 24}), // Q5_1
          Map.entry(8, new int[] {32, 34}), // Q8_0
          Map.entry(10, new int[] {256, 84}), // Q2_K
          Map.entry(11, new int[] {256, 110}), // Q3_K
          Map.entry(12, new int[] {256, 144}), // Q4_K
          Map.entry(13, new int[] {256, 176}), // Q5_K
          Map.entry(14, new int[] {256, 210}), // Q6_K
          Map.entry(30, new int[] {1, 2})); // BF16

  /**
   * The file types ({@code ftype} modulo 1000) ggml maps to a weight type; any other value makes
   * {@code ggml_ftype_to_ggml_type} assert and abort the process. 0 (all float32) is left out: its
   * float32 convolution weights trip {@code GGML_ASSERT(src0->type == GGML_TYPE_F16)} in
   * whisper-jni 1.7.1's ggml on the first transcription.
   */
  private static final List<Integer> FILE_TYPES = List.of(1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 14, 24);

  private static final String[] HYPER_PARAMETERS = {
    "n_vocab",
    "n_audio_ctx",
    "n_audio_state",
    "n_audio_head",
    "n_audio_layer",
    "n_text_ctx",
    "n_text_state",
    "n_text_head",
    "n_text_layer",
    "n_mels"
  };

  /** Upper bounds of the hyper-parameters above, generous against large-v3 (1280, 32, 128, …). */
  private static final int[] HYPER_PARAMETER_LIMITS = {
    200_000, 4096, 4096, 128, 128, 4096, 4096, 128, 128, 256
  };

  private final Path file;
  private final int vocabulary;
  private final int audioLayers;
  private final int tensors;

  private WhisperModelFile(Path file, int vocabulary, int audioLayers, int tensors) {
    this.file = file;
    this.vocabulary = vocabulary;
    this.audioLayers = audioLayers;
    this.tensors = tensors;
  }

  /**
   * Finds and checks the model named by {@code $PARLEY_WHISPER_MODEL} or found in the models
   * directory.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} naming where the model was expected and
   *     where to download one, when there is none or it is not a usable whisper.cpp model
   */
  public static WhisperModelFile locate() {
    return at(
        locate(
            System.getenv(MODEL_VARIABLE),
            System.getenv("PARLEY_MODELS"),
            System.getProperty("user.home", "")));
  }

  static Path locate(@Nullable String explicit, @Nullable String parleyModels, String userHome) {
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Path directory = ModelFiles.directory(parleyModels, userHome);
    Optional<Path> found =
        ModelFiles.firstMatch(directory, "ggml-*.bin", Files::isRegularFile, "a Whisper model");
    if (found.isEmpty()) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "No Whisper model: set "
              + MODEL_VARIABLE
              + " to a whisper.cpp model file, or put one named ggml-*.bin in "
              + directory
              + " (for example "
              + directory.resolve(SUGGESTED_FILE)
              + "). "
              + WHERE_TO_GET
              + ".");
    }
    return found.get();
  }

  /**
   * Checks the model file at {@code file}.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} when the file is missing, unreadable or
   *     not a whisper.cpp ggml model; the message names the file, the problem and where to get a
   *     model
   */
  public static WhisperModelFile at(Path file) {
    if (Files.isDirectory(file)) {
      throw unusable(file, "it is a directory, not a model file");
    }
    try (Reader in = new Reader(file)) {
      return check(file, in);
    } catch (NoSuchFileException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Whisper model not found at " + file + ". " + WHERE_TO_GET + ".",
          e);
    } catch (EOFException e) {
      throw unusable(file, "it ends early (" + e.getMessage() + "): truncated download?");
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Whisper model at " + file + " cannot be read: " + e + ". " + WHERE_TO_GET + ".",
          e);
    }
  }

  private static WhisperModelFile check(Path file, Reader in) throws IOException {
    if (in.size() < 4 || in.int32("the magic number") != MAGIC) {
      throw unusable(
          file,
          "it does not start with the ggml magic number (a GGUF file, a PyTorch or Hugging Face"
              + " checkpoint or a partial download will not do)");
    }
    int[] parameters = new int[HYPER_PARAMETERS.length];
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = in.int32(HYPER_PARAMETERS[i]);
      if (parameters[i] < 1 || parameters[i] > HYPER_PARAMETER_LIMITS[i]) {
        throw unusable(
            file,
            "its header is damaged: "
                + HYPER_PARAMETERS[i]
                + " = "
                + parameters[i]
                + ", expected 1 to "
                + HYPER_PARAMETER_LIMITS[i]);
      }
    }
    if (parameters[2] % parameters[3] != 0 || parameters[6] % parameters[7] != 0) {
      throw unusable(file, "its header is damaged: a state size is not a multiple of its heads");
    }
    int fileType = in.int32("ftype");
    if (fileType % 1000 == 0) {
      throw unusable(
          file,
          "it is an all-float32 model (ftype 0), which this whisper.cpp build cannot run;"
              + " use a float16 or quantised model");
    }
    if (fileType < 0 || !FILE_TYPES.contains(fileType % 1000)) {
      throw unusable(file, "its header is damaged or from a newer ggml: ftype = " + fileType);
    }

    int melBands = in.int32("the mel filter count");
    int fftBins = in.int32("the mel filter width");
    if (melBands < 1 || melBands > 256 || fftBins < 1 || fftBins > 4096) {
      throw unusable(file, "its mel filters are damaged: " + melBands + " × " + fftBins);
    }
    in.skip(4L * melBands * fftBins, "the mel filters");

    int tokens = in.int32("the vocabulary size");
    if (tokens < 0 || tokens > HYPER_PARAMETER_LIMITS[0]) {
      throw unusable(file, "its vocabulary is damaged: " + tokens + " tokens");
    }
    boolean space = false;
    for (int i = 0; i < tokens; i++) {
      int length = in.int32("a token's length");
      if (length < 0 || length > 1024) {
        throw unusable(file, "its vocabulary is damaged: token " + i + " is " + length + " bytes");
      }
      if (length == 1) {
        space |= in.int8("token " + i) == ' ';
      } else {
        in.skip(length, "token " + i);
      }
    }
    if (!space) {
      // whisper.cpp looks the token up with std::map::at to suppress a blank start; without it the
      // out_of_range exception aborts the process on the first transcription.
      throw unusable(file, "its vocabulary is damaged: it has no \" \" token");
    }

    int tensors = 0;
    while (in.remaining() > 0) {
      checkTensor(file, in, tensors);
      tensors++;
    }
    if (tensors == 0) {
      // whisper.cpp accepts a file without tensors as an "empty model for testing" and would then
      // crash on the first transcription.
      throw unusable(file, "it holds no weights (no tensors after the vocabulary)");
    }
    return new WhisperModelFile(file, parameters[0], parameters[4], tensors);
  }

  private static void checkTensor(Path file, Reader in, int index) throws IOException {
    String what = "tensor " + index;
    int rank = in.int32(what);
    int nameLength = in.int32(what);
    int type = in.int32(what);
    int[] block = TENSOR_TYPES.get(type);
    if (rank < 1 || rank > 4 || nameLength < 1 || nameLength > 1024 || block == null) {
      throw unusable(
          file,
          what
              + " is damaged or of an unknown type: rank "
              + rank
              + ", name of "
              + nameLength
              + " bytes, ggml type "
              + type);
    }
    long elements = 1;
    int firstDimension = 0;
    for (int d = 0; d < rank; d++) {
      int size = in.int32(what);
      if (size < 1) {
        throw unusable(file, what + " has a dimension of " + size);
      }
      if (d == 0) {
        firstDimension = size;
      }
      elements = Math.multiplyExact(elements, size);
    }
    if (firstDimension % block[0] != 0) {
      throw unusable(file, what + " does not fill whole blocks of its ggml type " + type);
    }
    in.skip(nameLength, what + "'s name");
    in.skip(elements / block[0] * block[1], what + "'s data");
  }

  private static ProviderException unusable(Path file, String why) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "The Whisper model at "
            + file
            + " is not a usable whisper.cpp ggml model: "
            + why
            + ". "
            + WHERE_TO_GET
            + ".");
  }

  /** The model file. */
  public Path file() {
    return file;
  }

  /** Whether the model transcribes languages other than English (whisper.cpp's own test). */
  public boolean multilingual() {
    return vocabulary >= MULTILINGUAL_VOCABULARY;
  }

  /** The model's size class, from its encoder depth as whisper.cpp names it. */
  public String sizeName() {
    return switch (audioLayers) {
      case 4 -> "tiny";
      case 6 -> "base";
      case 12 -> "small";
      case 24 -> "medium";
      case 32 -> "large";
      default -> "custom";
    };
  }

  /** How many tensors the file holds. */
  int tensors() {
    return tensors;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "WhisperModelFile[%s, %s%s, %d tensors]",
        file,
        sizeName(),
        multilingual() ? "" : ".en",
        tensors);
  }

  /** Reads little-endian values and skips data while keeping count of the bytes left. */
  private static final class Reader implements AutoCloseable {
    private final InputStream in;
    private final long size;
    private long position;

    Reader(Path file) throws IOException {
      this.size = Files.size(file);
      this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    long size() {
      return size;
    }

    long remaining() {
      return size - position;
    }

    int int32(String what) throws IOException {
      need(4, what);
      int value = 0;
      for (int shift = 0; shift < 32; shift += 8) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("in " + what);
        }
        value |= b << shift;
      }
      position += 4;
      return value;
    }

    int int8(String what) throws IOException {
      need(1, what);
      int b = in.read();
      if (b < 0) {
        throw new EOFException("in " + what);
      }
      position++;
      return b;
    }

    void skip(long bytes, String what) throws IOException {
      need(bytes, what);
      long left = bytes;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new EOFException("in " + what);
          }
          skipped = 1;
        }
        left -= skipped;
      }
      position += bytes;
    }

    private void need(long bytes, String what) throws EOFException {
      if (bytes > remaining()) {
        throw new EOFException(
            "at byte " + position + " of " + size + ", " + what + " needs " + bytes + " bytes");
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
