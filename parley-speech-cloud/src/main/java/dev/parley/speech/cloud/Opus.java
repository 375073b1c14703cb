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
package dev.parley.speech.cloud;

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The Opus codec from the system's libopus (Debian's {@code libopus0}), called through the FFM API:
 * no Opus codec is published on Maven Central for the JVM without JNI. Mono PCM16 at one of Opus's
 * rates; an encoder or decoder is used by one thread at a time and must be closed.
 */
final class Opus {
  /** The Debian package with the library. */
  static final String PACKAGE = "libopus0";

  private static final String FIX =
      "install it with `apt-get install "
          + PACKAGE
          + "` (bin/setup does), and start the JVM with --enable-native-access=ALL-UNNAMED";
  private static final int APPLICATION_VOIP = 2048;
  private static final List<String> NAMES =
      List.of("libopus.so.0", "libopus.so", "libopus.0.dylib");
  private static final ReentrantLock LOADING = new ReentrantLock();
  private static @Nullable Binding binding;

  private Opus() {}

  /** Whether the library can be loaded here. */
  static boolean available() {
    try {
      binding();
      return true;
    } catch (ProviderException e) {
      return false;
    }
  }

  /** An encoder for {@code rate} Hz mono speech. */
  static Encoder encoder(int rate) {
    return new Encoder(binding(), rate);
  }

  /** A decoder to {@code rate} Hz mono. */
  static Decoder decoder(int rate) {
    return new Decoder(binding(), rate);
  }

  private static Binding binding() {
    LOADING.lock();
    try {
      Binding b = binding;
      if (b == null) {
        b = new Binding(lookup());
        binding = b;
      }
      return b;
    } finally {
      LOADING.unlock();
    }
  }

  private static SymbolLookup lookup() {
    for (String name : NAMES) {
      try {
        return SymbolLookup.libraryLookup(name, Arena.global());
      } catch (IllegalArgumentException notFound) {
        // the next name
      } catch (IllegalCallerException denied) {
        throw new ProviderException(
            Kind.UNAVAILABLE, "Opus: native access is denied; " + FIX, denied);
      }
    }
    throw new ProviderException(
        Kind.UNAVAILABLE, "Opus: the native library libopus.so.0 could not be loaded; " + FIX);
  }

  /** Encodes 20 ms frames into Opus packets. */
  static final class Encoder implements AutoCloseable {
    private final Binding opus;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment state;
    private final MemorySegment pcm;
    private final MemorySegment packet;
    private final int frameSamples;
    private boolean closed;

    private Encoder(Binding opus, int rate) {
      this.opus = opus;
      this.frameSamples = rate / 50;
      MemorySegment error = arena.allocate(ValueLayout.JAVA_INT);
      state =
          opus.call(
              () ->
                  (MemorySegment) opus.encoderCreate.invokeExact(rate, 1, APPLICATION_VOIP, error));
      check(error.get(ValueLayout.JAVA_INT, 0), "opus_encoder_create");
      pcm = arena.allocate(ValueLayout.JAVA_SHORT, frameSamples);
      packet = arena.allocate(4000);
    }

    /** Samples in one frame: 20 ms. */
    int frameSamples() {
      return frameSamples;
    }

    /** Encodes one frame of {@link #frameSamples()} samples from {@code offset}. */
    byte[] encode(short[] samples, int offset) {
      MemorySegment.copy(samples, offset, pcm, ValueLayout.JAVA_SHORT, 0, frameSamples);
      int n =
          opus.call(
              () ->
                  (int)
                      opus.encode.invokeExact(
                          state, pcm, frameSamples, packet, (int) packet.byteSize()));
      check(n, "opus_encode");
      return packet.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        opus.call(
            () -> {
              opus.encoderDestroy.invokeExact(state);
              return 0;
            });
        arena.close();
      }
    }
  }

  /** Decodes Opus packets. */
  static final class Decoder implements AutoCloseable {
    private static final int MAX_FRAME_MS = 120;
    private final Binding opus;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment state;
    private final MemorySegment pcm;
    private final MemorySegment packet;
    private final int maxSamples;
    private boolean closed;

    private Decoder(Binding opus, int rate) {
      this.opus = opus;
      this.maxSamples = rate * MAX_FRAME_MS / 1000;
      MemorySegment error = arena.allocate(ValueLayout.JAVA_INT);
      state = opus.call(() -> (MemorySegment) opus.decoderCreate.invokeExact(rate, 1, error));
      check(error.get(ValueLayout.JAVA_INT, 0), "opus_decoder_create");
      pcm = arena.allocate(ValueLayout.JAVA_SHORT, maxSamples);
      packet = arena.allocate(8000);
    }

    /**
     * Decodes one packet.
     *
     * @throws IllegalArgumentException for a packet libopus cannot decode
     */
    short[] decode(byte[] data) {
      if (data.length > packet.byteSize()) {
        throw new IllegalArgumentException("an Opus packet of " + data.length + " bytes");
      }
      MemorySegment.copy(data, 0, packet, ValueLayout.JAVA_BYTE, 0, data.length);
      int n =
          opus.call(
              () -> (int) opus.decode.invokeExact(state, packet, data.length, pcm, maxSamples, 0));
      if (n < 0) {
        throw new IllegalArgumentException("libopus could not decode a packet: " + opus.error(n));
      }
      return pcm.asSlice(0, n * 2L).toArray(ValueLayout.JAVA_SHORT);
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        opus.call(
            () -> {
              opus.decoderDestroy.invokeExact(state);
              return 0;
            });
        arena.close();
      }
    }
  }

  private static void check(int code, String function) {
    if (code < 0) {
      throw new ProviderException(
          Kind.FATAL, "Opus: " + function + " failed: " + binding().error(code));
    }
  }

  /** The library's functions. */
  private static final class Binding {
    final MethodHandle encoderCreate;
    final MethodHandle encode;
    final MethodHandle encoderDestroy;
    final MethodHandle decoderCreate;
    final MethodHandle decode;
    final MethodHandle decoderDestroy;
    final MethodHandle strerror;

    Binding(SymbolLookup symbols) {
      ValueLayout.OfInt i = ValueLayout.JAVA_INT;
      var p = ValueLayout.ADDRESS;
      encoderCreate = bind(symbols, "opus_encoder_create", FunctionDescriptor.of(p, i, i, i, p));
      encode = bind(symbols, "opus_encode", FunctionDescriptor.of(i, p, p, i, p, i));
      encoderDestroy = bind(symbols, "opus_encoder_destroy", FunctionDescriptor.ofVoid(p));
      decoderCreate = bind(symbols, "opus_decoder_create", FunctionDescriptor.of(p, i, i, p));
      decode = bind(symbols, "opus_decode", FunctionDescriptor.of(i, p, p, i, p, i, i));
      decoderDestroy = bind(symbols, "opus_decoder_destroy", FunctionDescriptor.ofVoid(p));
      strerror = bind(symbols, "opus_strerror", FunctionDescriptor.of(p, i));
    }

    String error(int code) {
      MemorySegment text = call(() -> (MemorySegment) strerror.invokeExact(code));
      return text.reinterpret(256).getString(0) + " (" + code + ")";
    }

    interface NativeCall<T> {
      T run() throws Throwable;
    }

    <T> T call(NativeCall<T> call) {
      try {
        return call.run();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new ProviderException(Kind.FATAL, "Opus: a native call failed", e);
      }
    }

    private static MethodHandle bind(SymbolLookup symbols, String name, FunctionDescriptor type) {
      MemorySegment symbol =
          symbols
              .find(name)
              .orElseThrow(
                  () ->
                      new ProviderException(
                          Kind.UNAVAILABLE, "Opus: the installed libopus does not export " + name));
      try {
        return Linker.nativeLinker().downcallHandle(symbol, type);
      } catch (IllegalCallerException denied) {
        throw new ProviderException(
            Kind.UNAVAILABLE, "Opus: native access is denied; " + FIX, denied);
      }
    }
  }
}
