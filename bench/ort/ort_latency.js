// ONNX Runtime through its Node API (onnxruntime-node), timed like
// bench_latency: warm-up, then each session.run awaited and timed alone.
//   node ort_latency.js MODEL.onnx X.f32 B J F D THREADS SECONDS [SUPPORT.f32 K] [--out Y.f32]
const ort = require("onnxruntime-node");
const fs = require("fs");

function readF32(path, n) {
  const b = fs.readFileSync(path);
  if (b.length !== n * 4) throw new Error(`${path}: expected ${n} floats, got ${b.length / 4}`);
  return new Float32Array(b.buffer, b.byteOffset, n);
}

(async () => {
  const a = process.argv.slice(2);
  let out = null;
  const oi = a.indexOf("--out");
  if (oi >= 0) { out = a[oi + 1]; a.splice(oi, 2); }
  const [model, xpath] = a;
  const [B, J, F, D, threads] = a.slice(2, 7).map(Number);
  const seconds = Number(a[7]);
  const sess = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all",
  });
  const feeds = { x: new ort.Tensor("float32", readF32(xpath, B * J * F), [B, J, F]) };
  let K = 0;
  if (a.length > 8) {
    K = Number(a[9]);
    feeds.support = new ort.Tensor("float32", readF32(a[8], K * D), [K, D]);
  }
  const now = () => Number(process.hrtime.bigint()) / 1e3;
  let r, t0 = now();
  while (now() - t0 < 0.2 * seconds * 1e6) r = await sess.run(feeds);
  const us = [];
  t0 = now();
  while (now() - t0 < seconds * 1e6 || us.length < 10) {
    const s = now();
    r = await sess.run(feeds);
    us.push(now() - s);
  }
  if (out) {
    const y = r[sess.outputNames[0]].data;
    fs.writeFileSync(out, Buffer.from(y.buffer, y.byteOffset, y.byteLength));
  }
  const mean = us.reduce((p, v) => p + v, 0) / us.length;
  us.sort((p, q) => p - q);
  console.log(JSON.stringify({ engine: "ort-node", B, K, threads, iters: us.length, median_us: us[us.length >> 1],
    p10_us: us[Math.floor(us.length / 10)], mean_us: mean, ort: ort.env.versions.common }));
})().catch((e) => { console.error("ort_latency.js:", e.message); process.exit(1); });
