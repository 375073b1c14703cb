import dev.parley.core.audio.*;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.speech.flite.FliteSynthesizer;
import java.nio.file.*;
import java.util.*;

/** Regenerates samples/booking.wav and its words: see samples/README.md. */
public class MakeBookingSample {
  public static void main(String[] a) throws Exception {
    FliteSynthesizer flite = FliteSynthesizer.load();
    // Each entry: text, then silence after it in ms.
    Object[][] script = {
      {"Hi, I would like to book a flight from Chicago to,", 1100},
      {"New York.", 4500},
      {"Actually, make that Boston.", 5500},
      {"Next Friday in the morning.", 4500},
      {"Two of us.", 15000},
      {"Yes, that is right.", 11000},
    };
    List<Short> audio = new ArrayList<>();
    StringBuilder words = new StringBuilder("{\"words\": [\n");
    boolean firstWord = true;
    for (int i = 0; i < 400 * 16; i++) audio.add((short) 0);
    List<long[]> spans = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Object[] line : script) {
      int base = audio.size();
      List<Integer> starts = new ArrayList<>();
      List<String> ws = new ArrayList<>();
      int[] count = {0};
      List<Short> seg = new ArrayList<>();
      try (SpeechSynthesizer.Stream s = flite.open(new SpeechSynthesizer.Listener() {
        public void text(String w) { if (!w.isBlank()) { ws.add(w.strip()); starts.add(seg.size()); } }
        public void audio(short[] x, int o, int n) { for (int k = o; k < o + n; k++) seg.add(x[k]); }
      })) { s.push((String) line[0]); s.flush(); }
      // trim trailing silence so the pause is what the script says
      int end = seg.size();
      while (end > 0 && Math.abs(seg.get(end - 1)) < 200) end--;
      audio.addAll(seg.subList(0, end));
      for (int w = 0; w < ws.size(); w++) {
        long st = (base + starts.get(w)) / 16;
        long en = (base + (w + 1 < ws.size() ? starts.get(w + 1) : end)) / 16;
        String t = ws.get(w).replaceAll("[^A-Za-z']", "");
        if (t.isEmpty()) continue;
        words.append(firstWord ? "  " : ",\n  ").append("{\"text\": \"" + t.toLowerCase() + "\", \"startMillis\": " + st + ", \"endMillis\": " + en + "}");
        firstWord = false;
      }
      for (int k = 0; k < (int) line[1] * 16; k++) audio.add((short) 0);
    }
    words.append("\n]}\n");
    short[] pcm = new short[audio.size()];
    for (int i = 0; i < pcm.length; i++) pcm[i] = audio.get(i);
    WavWriter.writePcm16(Path.of(a[0] + ".wav"), 16000, 1, pcm);
    Files.writeString(Path.of(a[0] + ".words.json"), words.toString());
    System.out.println(pcm.length / 16 + " ms");
  }
}
