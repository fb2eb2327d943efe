// Runs one ONNX model in ONNX Runtime on one input and writes its first output, for OnnxRuntimeAgreementTest.
// Usage: node run.js MODEL.onnx INPUT.bin DTYPE DIMS(comma-separated) OUTPUT.bin
// INPUT.bin holds little-endian float32 (DTYPE float32) or int64 (DTYPE int64) values; OUTPUT.bin receives the output's
// float32 values, and stdout one JSON line with its dims.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
  const [model, inputFile, dtype, dimsText, outputFile] = process.argv.slice(2);
  const dims = dimsText.split(',').map(Number);
  const bytes = fs.readFileSync(inputFile);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const data = dtype === 'int64' ? new BigInt64Array(buffer) : new Float32Array(buffer);
  const session = await ort.InferenceSession.create(model);
  const feeds = {[session.inputNames[0]]: new ort.Tensor(dtype, data, dims)};
  const results = await session.run(feeds);
  const out = results[session.outputNames[0]];
  const values = Float32Array.from(out.data);
  fs.writeFileSync(outputFile, Buffer.from(values.buffer));
  process.stdout.write(JSON.stringify({dims: out.dims, output: session.outputNames[0]}) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
