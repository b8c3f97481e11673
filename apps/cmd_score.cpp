// haad score / embed / stream: option parsing and printing around
// haad::Detector (contrastive/detector.h), which holds the pipeline.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>
#include "apps/commands.h"
#include "contrastive/detector.h"
#include "diffusion/model.h"
#include "engine/json.h"
#include "io/clips.h"
#include "io/npy.h"
#include "nn/checkpoint.h"

namespace haad {

// exit status when some clips could not be used (the others were processed)
static constexpr int kSomeClipsFailed = 3;

// a CSV field, quoted when it holds a comma, quote or line break
static std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// The clips a spec names, checked against the detector's skeleton; bad ones are
// reported on stderr (and kept in batch.errors) unless --strict made them fatal.
static ClipBatch load_batch(const Detector& det, const std::string& spec, bool strict, const char* what) {
  ClipBatch b = load_clip_batch(resolve_clip_files(spec), det.skeleton(), strict);
  for (const ClipError& e : b.errors) std::fprintf(stderr, "haad: skipped %s clip %s: %s\n", what, e.file.c_str(), e.reason.c_str());
  return b;
}

// --support-aug A: A motion completions of each support clip (a class-free
// completion model, --diffusion) join the set clips are scored against
static void expand_support(const Args& a, Detector& det) {
  SupportAugOptions o = support_aug_options(a);
  if (!a.has("diffusion")) throw std::invalid_argument("--support-aug needs --diffusion MODEL (haad train-diffusion --completion)");
  std::string path = a.get("diffusion");
  DiffusionModel m = load_diffusion(path);
  if (!m.completion()) throw std::invalid_argument(path + ": not a motion completion model (train it with --completion)");
  if (m.sk.num_joints() != det.joints() || m.skeleton != det.skeleton().name)
    throw std::invalid_argument(path + ": trained on skeleton '" + m.skeleton + "' (" + std::to_string(m.sk.num_joints()) +
                                " joints); the model's is '" + det.skeleton().name + "'");
  if (!(m.pre == det.features().pre))
    throw std::invalid_argument(path + ": normalises clips differently from the encoder; the completions would not match it");
  SampleConfig sc;
  sc.ddim_steps = o.ddim_steps;
  manual_seed((uint64_t)a.get_int("seed", 1));
  std::vector<const Motion*> src;
  for (const Motion& s : det.support_prepared()) src.push_back(&s);
  std::vector<Motion> gen = complete_clips(m, src, o.per_clip, o.observe, sc), kept;
  for (Motion& g : gen)
    if (sanitize(g, det.skeleton(), SanityConfig{}).empty()) kept.push_back(std::move(g));  // the loaders' checks
  det.add_generated_support(kept);
  std::fprintf(stderr, "haad: %zu generated support clips (%d per support clip, %zu rejected)\n", kept.size(), o.per_clip,
               gen.size() - kept.size());
}

// --model, --skeleton and --score, with the --support clips set (their batch in sb)
static Detector detector_with_support(const Args& a, ClipBatch& sb) {
  Detector det = Detector::load(a.get("model"), a.get("skeleton"));
  det.set_mode(parse_score_mode(a.get("score", "max")));
  det.set_support_variants(support_variants_from_args(a));
  sb = load_batch(det, a.get("support"), a.has("strict"), "support");
  if (sb.motions.empty()) throw std::runtime_error(a.get("support") + ": none of the support clips can be used");
  det.set_support(sb.motions, sb.files);
  if (a.has("support-aug")) expand_support(a, det);
  return det;
}

static const char* kScoreUsage =
    "usage: haad score --model M --support DIR_OR_LIST --clips DIR_OR_LIST [options]\n"
    "Scores clips ((T,J,3) .npy) against K normal support clips: 1 = anomalous.\n"
    "  --score max|knn|mahalanobis|mean-l2|hybrid (max)  --threshold X (flag scores above X)\n"
    "  --support-variants LIST  variants of each support clip that join the set (default mirror,head,tail:\n"
    "                      left/right mirror, first / last 85% of the frames; also rot+15, rot-15; none)\n"
    "  --no-support-mirror  drop the mirror from them\n"
    "  --window W --stride S  score long clips window by window (a score curve; each window normalised on its own)\n"
    "  --localize          per clip: the joints and frames that differ most from the nearest support clip\n"
    "  --support-aug A --diffusion MODEL  add A motion completions of each support clip (a completion model,\n"
    "                      haad train-diffusion --completion) to the support set  --support-observe f (0.5)\n"
    "                      share of each clip observed  --gen-ddim S (50)  --seed N (1)\n"
    "  --skeleton FILE      skeleton.json for models on a generic-layout skeleton\n"
    "  --format json|csv (json)  --out FILE (default stdout)\n"
    "  --strict            stop at the first unusable clip (default: report it, score the rest)\n"
    "DIR_OR_LIST: a folder of .npy clips, @FILE with one path per line, or a,b,c.npy.\n"
    "A clip that cannot be used gets an error entry (file, reason); the others are scored and the\n"
    "exit status is 3 when any clip failed.\n";

int cmd_score(const Args& a) {
  if (a.has("help") || !a.has("model") || !a.has("support") || !a.has("clips")) {
    std::printf("%s", kScoreUsage);
    return a.has("help") ? 0 : 2;
  }
  check_options(a, kScoreUsage);
  auto t0 = std::chrono::steady_clock::now();
  ClipBatch sb;
  Detector det = detector_with_support(a, sb);
  ClipBatch tb = load_batch(det, a.get("clips"), a.has("strict"), "test");
  const std::vector<std::string>& sf = sb.files;
  const std::vector<std::string>& tf = tb.files;
  int W = (int)a.get_int("window", 0), S = (int)a.get_int("stride", W > 0 ? std::max(1, W / 4) : 1);
  double thr = a.get_double("threshold", -1);
  bool csv = a.get("format", "json") == "csv";
  std::ostringstream o;
  Json arr = Json::array();
  if (csv) o << "clip,window_start,window_end,score" << (thr >= 0 ? ",anomalous" : "") << ",error\n";
  // whole clips in one batch; windows clip by clip
  std::vector<double> whole;
  if (W <= 0) whole = det.score(tb.motions, tf);
  for (size_t i = 0; i < tf.size(); ++i) {
    const Motion& m = tb.motions[i];
    std::vector<WindowScore> ws = W > 0 ? det.score_windows(m, W, S, tf[i]) : std::vector<WindowScore>{{0, m.T, whole[i]}};
    Json cj = Json::object().set("clip", Json::string(tf[i]));
    Json curve = Json::array();
    double mx = -1e30;
    for (const WindowScore& w : ws) {
      mx = std::max(mx, w.score);
      if (csv) o << csv_field(tf[i]) << "," << w.start << "," << w.end << "," << w.score << (thr >= 0 ? (w.score > thr ? ",1" : ",0") : "") << ",\n";
      curve.push(Json::object().set("start", Json::number(w.start)).set("end", Json::number(w.end)).set("score", Json::number(w.score)));
    }
    cj.set("score", Json::number(mx));
    if (a.has("localize")) {
      Localization loc = det.localize(m, tf[i]);
      const Skeleton& s = det.skeleton();
      Json lj = Json::object().set("nearest_support", Json::string(sf[loc.nearest]));
      Json je = Json::object(), jp = Json::object(), jer = Json::object(), jpr = Json::object(), fr = Json::array();
      for (int j = 0; j < s.num_joints(); ++j) {
        je.set(s.joints[j], Json::number(loc.joint_embedding[j]));
        jp.set(s.joints[j], Json::number(loc.joint_pose[j]));
        jer.set(s.joints[j], Json::number(loc.joint_embedding_rel[j]));
        jpr.set(s.joints[j], Json::number(loc.joint_pose_rel[j]));
      }
      // the H aligned frames, mapped back to the clip's own frame numbers
      int H = det.features().H;
      for (int t = 0; t < (int)loc.frame_pose.size(); ++t)
        fr.push(Json::object().set("frame", Json::number(std::round(t * (m.T - 1.0) / std::max(1, H - 1))))
                    .set("distance", Json::number(loc.frame_pose[t])));
      lj.set("joint_embedding_distance", je).set("joint_pose_distance", jp)
          .set("joint_embedding_relative", jer).set("joint_pose_relative", jpr).set("frames", fr);
      cj.set("localization", lj);
    }
    if (W > 0) cj.set("windows", curve);
    if (thr >= 0) cj.set("anomalous", Json::boolean(mx > thr));
    arr.push(cj);
  }
  // the clips that could not be scored: a row each, with the reason
  Json errs = Json::array();
  for (const ClipError& e : tb.errors) {
    if (csv) o << csv_field(e.file) << ",,,," << (thr >= 0 ? "," : "") << csv_field(e.reason) << "\n";
    arr.push(Json::object().set("clip", Json::string(e.file)).set("error", Json::string(e.reason)));
  }
  for (const ClipError& e : sb.errors)
    errs.push(Json::object().set("clip", Json::string(e.file)).set("error", Json::string(e.reason)));
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::string text = csv ? o.str()
                         : Json::object().set("model", Json::string(a.get("model"))).set("score", Json::string(score_mode_name(det.mode())))
                               .set("support", Json::number((double)sf.size())).set("generated_support", Json::number(det.generated_support_size())).set("support_errors", errs).set("clips", arr)
                               .set("scored", Json::number((double)tf.size()))
                               .set("failed", Json::number((double)tb.errors.size()))
                               .set("milliseconds", Json::number(ms)).dump(1) + "\n";
  if (a.has("out")) write_file_atomic(a.get("out"), text);
  else std::printf("%s", text.c_str());
  size_t bad = tb.errors.size() + sb.errors.size();
  if (bad) std::fprintf(stderr, "haad score: %zu of %zu clips could not be used (listed with their reasons)\n", bad,
                        bad + tf.size() + sf.size());
  return bad ? kSomeClipsFailed : 0;
}

static const char* kEmbedUsage =
    "usage: haad embed --model M --clips DIR_OR_LIST --out EMB.npy [--skeleton FILE] [--strict]\n"
    "Writes the unit-length embeddings of the clips as an (N, D) float32 .npy, and EMB.npy.clips.txt\n"
    "with the file of each row. Unusable clips are skipped and named (exit status 3);\n"
    "--strict stops at the first one.\n";

int cmd_embed(const Args& a) {
  if (a.has("help") || !a.has("model") || !a.has("clips") || !a.has("out")) {
    std::printf("%s", kEmbedUsage);
    return a.has("help") ? 0 : 2;
  }
  check_options(a, kEmbedUsage);
  Detector det = Detector::load(a.get("model"), a.get("skeleton"));
  ClipBatch cb = load_batch(det, a.get("clips"), a.has("strict"), "input");
  if (cb.motions.empty()) throw std::runtime_error(a.get("clips") + ": none of the clips can be used");
  Tensor e = det.embed(cb.motions, cb.files);
  std::vector<float> v = e.to_vector<float>();
  npy_save(a.get("out"), {e.size(0), e.size(1)}, v.data());
  std::string rows;
  for (const std::string& f : cb.files) rows += f + "\n";
  write_file_atomic(a.get("out") + ".clips.txt", rows);
  std::printf("wrote %lld x %lld embeddings to %s (row files: %s.clips.txt)\n", (long long)e.size(0), (long long)e.size(1),
              a.get("out").c_str(), a.get("out").c_str());
  if (!cb.errors.empty()) std::fprintf(stderr, "haad embed: %zu clips skipped\n", cb.errors.size());
  return cb.errors.empty() ? 0 : kSomeClipsFailed;
}

static const char* kStreamUsage =
    "usage: haad stream --model M --support DIR_OR_LIST --window W [--stride S] [--binary] [options]\n"
    "Scores a live stream of frames from standard input: one JSON line per window of W frames,\n"
    "every S frames (default W/4), written as soon as the window is complete; at the end of input\n"
    "the window reaching the last frame. Memory is bounded by the window.\n"
    "Input: text, one frame per line, J x 3 numbers (x y z of each joint; spaces or commas);\n"
    "blank lines and # comments are skipped. --binary: raw little-endian float32 frames of J x 3.\n"
    "  --score max|knn|mahalanobis|mean-l2|hybrid (max)  --threshold X  --skeleton FILE  --strict\n"
    "  --support-variants LIST  variants of each support clip that join the set (default mirror,head,tail:\n"
    "                      left/right mirror, first / last 85% of the frames; also rot+15, rot-15; none)\n"
    "  --no-support-mirror  drop the mirror from them\n"
    "Output lines: {\"start\": s, \"end\": e, \"score\": x[, \"anomalous\": b], \"latency_us\": t}; a window that\n"
    "fails the sanity checks gives {\"start\", \"end\", \"error\"}. A malformed input line is an error\n"
    "naming the line number (exit status 1).\n";

// one text frame: exactly n numbers, or an error naming the line
static bool parse_frame(const std::string& line, int n, std::vector<float>& out, std::string& err) {
  out.clear();
  const char* p = line.c_str();
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r') ++p;
    if (!*p) break;
    char* e = nullptr;
    float v = std::strtof(p, &e);
    if (e == p) {
      err = std::string("not a number at '") + std::string(p).substr(0, 16) + "'";
      return false;
    }
    if (!std::isfinite(v)) {
      err = "a value is not finite";
      return false;
    }
    out.push_back(v);
    p = e;
  }
  if ((int)out.size() != n) {
    err = std::to_string(out.size()) + " numbers, a frame has " + std::to_string(n) + " (J x 3)";
    return false;
  }
  return true;
}

int cmd_stream(const Args& a) {
  if (a.has("help") || !a.has("model") || !a.has("support") || !a.has("window")) {
    std::printf("%s", kStreamUsage);
    return a.has("help") ? 0 : 2;
  }
  check_options(a, kStreamUsage);
  ClipBatch sb;
  Detector det = detector_with_support(a, sb);
  int W = (int)a.get_int("window", 0), S = (int)a.get_int("stride", std::max(1, W / 4));
  double thr = a.get_double("threshold", -1);
  StreamScorer st(det, W, S);
  const int n = det.joints() * 3;
  auto emit = [&](const WindowScore& w, double us) {
    std::printf("{\"start\": %d, \"end\": %d, \"score\": %.9g%s, \"latency_us\": %.1f}\n", w.start, w.end, w.score,
                thr >= 0 ? (w.score > thr ? ", \"anomalous\": true" : ", \"anomalous\": false") : "", us);
    std::fflush(stdout);
  };
  // a window that fails the sanity checks is reported, and the stream goes on
  auto guarded = [&](auto&& step) {
    WindowScore w;
    auto t0 = std::chrono::steady_clock::now();
    try {
      if (step(w)) emit(w, std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    } catch (const std::invalid_argument& e) {
      if (a.has("strict")) throw;
      Json j = Json::object().set("start", Json::number(std::max<int64_t>(0, st.frames() - W)))
                   .set("end", Json::number((double)st.frames())).set("error", Json::string(e.what()));
      std::printf("%s\n", j.dump().c_str());
      std::fflush(stdout);
    }
  };
  std::vector<float> frame(n);
  if (a.has("binary")) {
    const size_t bytes = (size_t)n * sizeof(float);
    for (int64_t f = 0;; ++f) {
      size_t got = std::fread(frame.data(), 1, bytes, stdin);
      if (got == bytes) {
        for (float v : frame)
          if (!std::isfinite(v)) throw std::invalid_argument("stdin: frame " + std::to_string(f) + ": a value is not finite");
        guarded([&](WindowScore& w) { return st.push(frame.data(), w); });
        continue;
      }
      if (std::ferror(stdin)) throw std::runtime_error("stdin: read error");
      if (got) throw std::invalid_argument("stdin: " + std::to_string(got) + " trailing bytes after frame " + std::to_string(f) +
                                           ", not a whole frame of " + std::to_string(bytes));
      break;
    }
  } else {
    std::string line, err;
    for (long ln = 1; std::getline(std::cin, line); ++ln) {
      size_t b = line.find_first_not_of(" \t\r");
      if (b == std::string::npos || line[b] == '#') continue;
      if (!parse_frame(line, n, frame, err)) throw std::invalid_argument("stdin: line " + std::to_string(ln) + ": " + err);
      guarded([&](WindowScore& w) { return st.push(frame.data(), w); });
    }
  }
  guarded([&](WindowScore& w) { return st.finish(w); });
  return 0;
}

}  // namespace haad
