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
package dev.parley.speech.vosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Model directories with the layout of a Vosk model and random bytes for contents. */
final class VoskTestModels {
  private VoskTestModels() {}

  static Path write(Path directory, String... files) throws IOException {
    Random random = new Random(directory.hashCode());
    for (String file : files) {
      Path path = directory.resolve(file);
      Files.createDirectories(path.getParent());
      byte[] noise = new byte[50_000];
      random.nextBytes(noise);
      Files.write(path, noise);
    }
    return directory;
  }

  /**
   * The small English model's layout with Kaldi-style configuration but random bytes for the
   * acoustic model and graphs, so loading gets past the configuration into the model files.
   */
  static Path damagedWeights(Path directory) throws IOException {
    write(directory, "am/final.mdl", "graph/HCLr.fst", "graph/Gr.fst");
    Files.createDirectories(directory.resolve("conf"));
    Files.writeString(
        directory.resolve("conf/model.conf"),
        "--min-active=200\n--max-active=3000\n--beam=10.0\n--lattice-beam=2.0\n"
            + "--acoustic-scale=1.0\n--frame-subsampling-factor=3\n");
    Files.writeString(
        directory.resolve("conf/mfcc.conf"),
        "--sample-frequency=16000\n--use-energy=false\n--num-mel-bins=40\n--num-ceps=40\n");
    return directory;
  }

  /** The small English model's layout, every file random bytes. */
  static Path corrupt(Path directory) throws IOException {
    return write(
        directory,
        "am/final.mdl",
        "conf/model.conf",
        "conf/mfcc.conf",
        "graph/HCLr.fst",
        "graph/Gr.fst",
        "graph/disambig_tid.int",
        "graph/phones/word_boundary.int",
        "ivector/final.ie");
  }
}
