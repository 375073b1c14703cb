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
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Regenerates samples/booking.wav and its words: see samples/README.md.
 *
 * <p>The caller speaks with Flite's {@code cmu_us_kal16} voice (US English, male, 16 kHz diphone;
 * Debian's libflite1, CMU's free licence), called directly through the FFM API. The session's own
 * voice, {@code cmu_us_slt}, is not used for the caller: PocketSphinx's en-us acoustic model hears
 * its "York" as "you're" and its "two" as "q", while it hears every line of this voice as written.
 * Word times come from the synthesiser's own segment times, not from a recogniser.
 */
public class MakeBookingSample {
  private static final String LIB = "/usr/lib/x86_64-linux-gnu/";
  private static final int RATE = 16000;

  /** Each line the caller says, then the silence after it in ms. */
  private static final Object[][] SCRIPT = {
    {"Hi, I would like to book a flight from Chicago to,", 1100},
    {"New York.", 4500},
    {"Actually, make that Boston.", 5500},
    {"Next Friday in the morning.", 4500},
    {"Two of us.", 15000},
    {"Yes, that is right.", 11000},
  };

  public static void main(String[] args) throws Throwable {
    Linker linker = Linker.nativeLinker();
    Arena arena = Arena.global();
    // The voice's language and lexicon resolve symbols from libflite's siblings at load time.
    for (String lib : List.of("libflite.so.1", "libflite_usenglish.so.1", "libflite_cmulex.so.1")) {
      SymbolLookup.libraryLookup(Path.of(LIB + lib), arena);
    }
    SymbolLookup flite = SymbolLookup.libraryLookup(Path.of(LIB + "libflite.so.1"), arena);
    SymbolLookup voiceLib =
        SymbolLookup.libraryLookup(Path.of(LIB + "libflite_cmu_us_kal16.so.1"), arena);
    MethodHandle init =
        linker.downcallHandle(flite.findOrThrow("flite_init"), FunctionDescriptor.of(JAVA_INT));
    MethodHandle register =
        linker.downcallHandle(
            voiceLib.findOrThrow("register_cmu_us_kal16"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    MethodHandle synth =
        linker.downcallHandle(
            flite.findOrThrow("flite_synth_text"), FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    MethodHandle uttWave =
        linker.downcallHandle(flite.findOrThrow("utt_wave"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    MethodHandle resample =
        linker.downcallHandle(
            flite.findOrThrow("cst_wave_resample"), FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
    MethodHandle relation =
        linker.downcallHandle(
            flite.findOrThrow("utt_relation"), FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    MethodHandle head =
        linker.downcallHandle(
            flite.findOrThrow("relation_head"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    MethodHandle next =
        linker.downcallHandle(flite.findOrThrow("item_next"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    MethodHandle featFloat =
        linker.downcallHandle(
            flite.findOrThrow("flite_ffeature_float"),
            FunctionDescriptor.of(JAVA_FLOAT, ADDRESS, ADDRESS));
    MethodHandle featString =
        linker.downcallHandle(
            flite.findOrThrow("flite_ffeature_string"),
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    int ignored = (int) init.invokeExact();
    MemorySegment voice = (MemorySegment) register.invokeExact(MemorySegment.NULL);
    MemorySegment tokenName = arena.allocateFrom("Token");
    MemorySegment name = arena.allocateFrom("name");
    // A token starts where the segment before its first phone ends, and ends with its last phone.
    MemorySegment startPath =
        arena.allocateFrom("R:Token.daughter1.R:SylStructure.daughter1.daughter1.R:Segment.p.end");
    MemorySegment endPath =
        arena.allocateFrom("R:Token.daughtern.R:SylStructure.daughtern.daughtern.end");

    List<Short> audio = new ArrayList<>();
    StringBuilder words = new StringBuilder("{\"words\": [\n");
    boolean firstWord = true;
    silence(audio, 400);
    for (Object[] line : SCRIPT) {
      int base = audio.size();
      MemorySegment utt = (MemorySegment) synth.invokeExact(arena.allocateFrom((String) line[0]), voice);
      MemorySegment wavePtr = (MemorySegment) uttWave.invokeExact(utt);
      // typedef struct { const char *type; int sample_rate; int num_samples; int num_channels;
      //                  short *samples; } cst_wave;
      MemorySegment wave = wavePtr.reinterpret(32);
      double scale = RATE / (double) wave.get(JAVA_INT, 8);
      resample.invokeExact(wavePtr, RATE);
      int count = wave.get(JAVA_INT, 12);
      MemorySegment samples = wave.get(ADDRESS, 24).reinterpret(2L * count);
      // Trim trailing silence so the pause is what the script says.
      int end = count;
      while (end > 0 && Math.abs(samples.getAtIndex(JAVA_SHORT, end - 1)) < 200) end--;
      for (int i = 0; i < end; i++) audio.add(samples.getAtIndex(JAVA_SHORT, i));
      MemorySegment tokens = (MemorySegment) relation.invokeExact(utt, tokenName);
      MemorySegment item = (MemorySegment) head.invokeExact(tokens);
      while (!item.equals(MemorySegment.NULL)) {
        String text =
            ((MemorySegment) featString.invokeExact(item, name))
                .reinterpret(256)
                .getString(0)
                .replaceAll("[^A-Za-z']", "")
                .toLowerCase(Locale.ROOT);
        float from = (float) featFloat.invokeExact(item, startPath);
        float to = (float) featFloat.invokeExact(item, endPath);
        item = (MemorySegment) next.invokeExact(item);
        if (text.isEmpty()) continue;
        long st = (base + Math.round(from * RATE)) / 16;
        long en = Math.min(base + end, base + Math.round(to * RATE)) / 16;
        words.append(firstWord ? "  " : ",\n  ");
        words.append(
            String.format(
                Locale.ROOT,
                "{\"text\": \"%s\", \"startMillis\": %d, \"endMillis\": %d}",
                text,
                st,
                en));
        firstWord = false;
      }
      if (scale != 1) System.err.println("resampled from " + RATE / scale + " Hz");
      silence(audio, (int) line[1]);
    }
    words.append("\n]}\n");
    writeWav(Path.of(args[0] + ".wav"), audio);
    Files.writeString(Path.of(args[0] + ".words.json"), words.toString());
    System.out.println(audio.size() / 16 + " ms");
  }

  private static void silence(List<Short> audio, int millis) {
    for (int k = 0; k < millis * RATE / 1000; k++) audio.add((short) 0);
  }

  private static void writeWav(Path path, List<Short> audio) throws Exception {
    ByteBuffer data = ByteBuffer.allocate(audio.size() * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : audio) data.putShort(s);
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVE".getBytes());
    header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1);
    header.putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16);
    header.put("data".getBytes()).putInt(data.capacity());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header.array());
    out.write(data.array());
    Files.write(path, out.toByteArray());
  }
}
