// bench_latency: one engine call timed the same way as the ONNX Runtime and
// PyTorch harnesses of bench/compare_ort.sh (warm-up, then each call timed on
// its own for about --seconds; median, 10th percentile and mean), so the three
// can run in interleaved rounds on one machine.
//   bench_latency MODEL X.f32 B [--support S.f32 K] [--mode plan|eager] [--seconds S] [--out Y.f32]
// X.f32: B clips of the encoder's input, raw float32: [J, F] DCT features (gcn)
// or [3, H, J] frames (stgcn). With --support (K x D unit rows) each
// call embeds the batch and scores it (1 - max cosine); without, it embeds.
// --out writes the result of the last call (B x D embeddings or B scores).
// Threads: OMP_NUM_THREADS. Prints one JSON line.
#include <omp.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>
#include "contrastive/detector.h"
#include "contrastive/score.h"
#include "engine/autograd.h"

using namespace haad;

static std::vector<float> read_f32(const std::string& path, size_t n) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open");
  std::vector<float> v(n);
  f.read((char*)v.data(), (std::streamsize)(n * sizeof(float)));
  if ((size_t)f.gcount() != n * sizeof(float)) throw std::runtime_error(path + ": expected " + std::to_string(n) + " floats");
  return v;
}

static void write_f32(const std::string& path, const float* p, size_t n) {
  std::string tmp = path + ".tmp";
  std::ofstream f(tmp, std::ios::binary);
  f.write((const char*)p, (std::streamsize)(n * sizeof(float)));
  f.close();
  if (!f || std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error(path + ": cannot write");
}

int main(int argc, char** argv) try {
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_latency MODEL X.f32 B [--support S.f32 K] [--mode plan|eager] [--seconds S] [--out Y.f32]\n");
    return 2;
  }
  std::string model = argv[1], xpath = argv[2], spath, mode = "plan", out;
  int64_t B = std::stoll(argv[3]), K = 0;
  double seconds = 1.0;
  for (int i = 4; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--support") spath = next(), K = std::stoll(next());
    else if (a == "--mode") mode = next();
    else if (a == "--seconds") seconds = std::stod(next());
    else if (a == "--out") out = next();
    else throw std::invalid_argument("unknown option " + a);
  }
  if (mode != "plan" && mode != "eager") throw std::invalid_argument("--mode must be plan or eager");
  Detector det = Detector::load(model);
  Encoder& enc = const_cast<Encoder&>(det.encoder());  // eval mode; eager forward only reads it
  const int64_t J = enc.cfg.joints, F = enc.cfg.in_features, D = det.embedding_dim(), H = det.features().H;
  const bool st = enc.cfg.arch == "stgcn";
  PlanRunner run(enc, (int)H);
  std::vector<float> x = read_f32(xpath, (size_t)(B * run.plan().input_floats())), sup;
  if (K) sup = read_f32(spath, (size_t)(K * D));
  std::vector<float> res((size_t)(B * D));
  std::vector<double> sc((size_t)B);
  Tensor xt = st ? from_vector(x, {B, 3, H, J}) : from_vector(x, {B, J, F}), supt = K ? from_vector(sup, {K, D}) : Tensor();
  auto call = [&] {
    if (mode == "plan") {
      if (K) run.score_max(x.data(), B, sup.data(), K, sc.data());
      else run.embed(x.data(), B, res.data());
    } else {
      NoGradGuard ng;
      Tensor e = enc.embed(xt);
      if (K) sc = anomaly_scores(supt, e, ScoreMode::Max);
      else std::memcpy(res.data(), e.data<float>(), res.size() * sizeof(float));
    }
  };
  using clk = std::chrono::steady_clock;
  auto t0 = clk::now();
  while (std::chrono::duration<double>(clk::now() - t0).count() < 0.2 * seconds) call();  // warm-up
  std::vector<double> us;
  t0 = clk::now();
  while (std::chrono::duration<double>(clk::now() - t0).count() < seconds || us.size() < 10) {
    auto a = clk::now();
    call();
    us.push_back(std::chrono::duration<double, std::micro>(clk::now() - a).count());
  }
  double mean = 0;
  for (double u : us) mean += u / us.size();
  std::sort(us.begin(), us.end());
  if (!out.empty()) {
    if (K) {
      std::vector<float> f(sc.begin(), sc.end());
      write_f32(out, f.data(), f.size());
    } else {
      write_f32(out, res.data(), res.size());
    }
  }
  std::printf("{\"engine\": \"haad-%s\", \"B\": %lld, \"K\": %lld, \"threads\": %d, \"iters\": %zu, \"median_us\": %.3f, "
              "\"p10_us\": %.3f, \"mean_us\": %.3f}\n",
              mode.c_str(), (long long)B, (long long)K, omp_get_max_threads(), us.size(), us[us.size() / 2],
              us[us.size() / 10], mean);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_latency: %s\n", e.what());
  return 1;
}
