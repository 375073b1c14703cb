// Computes reference speech probabilities the way Silero's own Python wrapper does (64 samples of
// context before each 512-sample window, state carried over), with onnxruntime-node, to check the
// Java stream against an independent implementation. Regenerate goforward.reference.txt with:
//   npm install --ignore-scripts onnxruntime-node@1.23.2
//   node reference.js ~/.parley/models/silero_vad.onnx \
//     /usr/share/pocketsphinx/test/data/goforward.raw > goforward.reference.txt
const ort = require('onnxruntime-node');
const fs = require('fs');
(async () => {
  const session = await ort.InferenceSession.create(process.argv[2]);
  const bytes = fs.readFileSync(process.argv[3]);
  const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
  let state = new Float32Array(256);
  let context = new Float32Array(64);
  const probabilities = [];
  for (let offset = 0; offset + 512 <= pcm.length; offset += 512) {
    const input = new Float32Array(576);
    input.set(context, 0);
    for (let i = 0; i < 512; i++) input[64 + i] = pcm[offset + i] / 32768;
    const result = await session.run({
      input: new ort.Tensor('float32', input, [1, 576]),
      state: new ort.Tensor('float32', state, [2, 1, 128]),
      sr: new ort.Tensor('int64', BigInt64Array.from([16000n]), []),
    });
    state = result.stateN.data.slice();
    context = input.slice(512);
    probabilities.push(result.output.data[0]);
  }
  console.log(probabilities.map((p) => p.toFixed(6)).join('\n'));
})();
