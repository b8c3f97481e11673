// haad train-diffusion / generate / gen-eval
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include "apps/commands.h"
#include "contrastive/mix.h"
#include "contrastive/train.h"
#include "diffusion/model.h"
#include "diffusion/quality.h"
#include "engine/device.h"
#include "engine/json.h"
#include "io/canonical.h"
#include "io/npy.h"
#include "io/splits.h"
#include "nn/checkpoint.h"

namespace fs = std::filesystem;

namespace haad {

static Device device_from_args(const Args& a) {
  std::string d = a.get("device", cuda_available() ? "cuda" : "cpu");
  if (d == "cpu") return Device::CPU;
  if (d == "cuda") {
    if (!cuda_available()) throw std::invalid_argument("--device cuda: " + cuda_describe());
    return Device::CUDA;
  }
  throw std::invalid_argument("--device expects cpu or cuda, got '" + d + "'");
}

// the clips of a generated pool that pass `keep`, as training clips
template <class Keep>
static ExtraClips extra_from_pool(GenPool& p, Keep keep) {
  ExtraClips ex;
  for (size_t i = 0; i < p.motions.size(); ++i)
    if (keep(i)) {
      ex.motions.push_back(std::move(p.motions[i]));
      ex.labels.push_back(p.labels[i]);
    }
  return ex;
}

static const char* kDiffusionOptions =
    "  --latent N (256)  --layers N (4)  --heads N (4)  --ff N (1024)  --dropout X (0.1)\n"
    "  --frames N        clip length H (default: 90th percentile of the training lengths, multiple of 8)\n"
    "  --steps N (2000)  --batch N (32)  --lr X (5e-4)  --warmup N (100)  --cond-drop X (0.1)\n"
    "  --w-vel X (1)     --w-bone X (1)  loss weights (x0 MSE has weight 1)\n"
    "  --completion      a class-free motion completion model (observed part as a history input)\n"
    "  --space time|dct  diffuse frames, or the first --coeffs M (20) DCT coefficients of the H frames (time)\n";

DiffusionTrainConfig diffusion_config_from_args(const Args& a) {
  DiffusionTrainConfig c;
  c.model.latent = (int)a.get_int("latent", 256);
  c.model.layers = (int)a.get_int("layers", 4);
  c.model.heads = (int)a.get_int("heads", 4);
  c.model.ff = (int)a.get_int("ff", 1024);
  c.model.dropout = a.get_double("dropout", 0.1);
  c.model.frames = (int)a.get_int("frames", 0);
  c.steps = (int)a.get_int("steps", 2000);
  c.batch = (int)a.get_int("batch", 32);
  c.lr = a.get_double("lr", 5e-4);
  c.warmup = (int)a.get_int("warmup", 100);
  c.cond_drop = a.get_double("cond-drop", 0.1);
  c.loss.vel = a.get_double("w-vel", 1.0);
  c.loss.bone = a.get_double("w-bone", 1.0);
  c.seed = (uint64_t)a.get_int("seed", 1);
  c.save_every = (int)a.get_int("save-every", 250);
  c.stop_after = (int)a.get_int("stop-after", 0);
  c.log_every = (int)a.get_int("log-every", 50);
  c.completion = a.has("completion");
  c.model.space = a.get("space", "time");
  c.model.coeffs = (int)a.get_int("coeffs", 20);
  if (c.model.space != "time" && c.model.space != "dct") throw std::invalid_argument("--space expects time or dct");
  if (c.model.coeffs < 1) throw std::invalid_argument("--coeffs must be >= 1");
  if (c.steps < 1 || c.batch < 1 || c.model.latent < 8 || c.model.layers < 1 || c.model.heads < 1)
    throw std::invalid_argument("--steps, --batch, --layers, --heads >= 1 and --latent >= 8");
  if (c.model.latent % c.model.heads) throw std::invalid_argument("--latent must be a multiple of --heads");
  return c;
}

Dataset dataset_with_mix(const Dataset& d, const MixClips& mix, std::vector<int>& idx) {
  Dataset out = d;
  out.name = d.name + "+mix";
  int base = (int)d.classes.size();
  out.classes.insert(out.classes.end(), mix.classes.begin(), mix.classes.end());
  for (size_t i = 0; i < mix.motions.size(); ++i) {
    Clip c;
    c.id = "mix" + std::to_string(i);
    c.motion = mix.motions[i];  // normalised already; normalising again changes nothing
    c.label = base + (mix.labels[i] - 1000000);
    c.subject = 1;
    c.split = "train";
    idx.push_back((int)out.clips.size());
    out.clips.push_back(std::move(c));
  }
  return out;
}

int cmd_train_diffusion(const Args& a) {
  std::string usage = std::string("usage: haad train-diffusion [--out MODEL.safetensors] [options]\n"
                                  "Trains the action-conditioned motion diffusion model on the train subjects.\n"
                                  "Writes the checkpoint (every --save-every steps and at the end, atomically), MODEL.csv\n"
                                  "(step, loss parts, lr, clips/s) and MODEL.json (summary).\n") +
                      kDataOptions + kDiffusionOptions +
                      "  --heldout a,b     leave these categories out   --all-subjects  train on every subject\n"
                      "  --data-mix a,b,c  also train on these datasets' training subjects (canonical 16-joint skeleton,\n"
                      "                    categories namespaced by dataset; the --heldout categories stay out)\n"
                      "  --resume          continue from --out if it exists   --stop-after N  (train in chunks)\n"
                      "  --save-every N (250)  --log-every N (50)  --device cpu|cuda\n";
  if (a.has("help")) {
    std::printf("%s", usage.c_str());
    return 0;
  }
  check_options(a, usage);
  manual_seed((uint64_t)a.get_int("seed", 1));
  Dataset d = load_from_args(a);
  DiffusionTrainConfig c = diffusion_config_from_args(a);
  std::string out = a.get("out", "results/diffusion/" + d.name + ".safetensors");
  if (fs::path(out).has_parent_path()) fs::create_directories(fs::path(out).parent_path());
  c.checkpoint = out;
  c.resume = a.has("resume");
  c.log_csv = out + ".csv";
  c.device = device_from_args(a);
  if (a.has("data-mix")) d = to_canonical(d, canonical_map(d.skeleton));
  std::vector<int> idx = training_clips(a, d);
  if (a.has("data-mix")) {
    FeatureConfig f;
    f.pre = c.pre;
    MixClips mix = load_mix(parse_mix(a.get("data-mix"), find_data_root(a.get("data"))), f, false);
    for (const std::string& l : mix.summary) std::printf("data-mix: %s\n", l.c_str());
    d = dataset_with_mix(d, mix, idx);
  }
  DiffusionModel m;
  DiffusionTrainResult r = train_diffusion(m, d, idx, c);
  Json j = Json::object();
  j.set("dataset", Json::string(d.name)).set("clips", Json::number((double)idx.size()));
  j.set("steps", Json::number(r.steps)).set("seconds", Json::number(r.seconds)).set("final_loss", Json::number(r.final_loss));
  j.set("clips_per_sec", Json::number(r.clips_per_sec)).set("parameters", Json::number((double)m.net->num_parameters()));
  Json mj = Json::object();
  for (auto& kv : m.net->cfg.to_metadata()) mj.set(kv.first, Json::string(kv.second));
  j.set("model", mj).set("device", Json::string(c.device == Device::CPU ? "cpu" : "cuda"));
  write_file_atomic(out + ".json", j.dump(1) + "\n");
  std::printf("trained %d steps in %.1fs (%.0f clips/s), final loss %.4f\nmodel: %s   log: %s.csv   summary: %s.json\n",
              r.steps, r.seconds, r.clips_per_sec, r.final_loss, out.c_str(), out.c_str(), out.c_str());
  return 0;
}

static SampleConfig sample_config_from_args(const Args& a) {
  SampleConfig s;
  s.ddim_steps = a.has("ddpm") ? 0 : (int)a.get_int("ddim-steps", 50);
  s.eta = a.get_double("eta", 0.0);
  s.guidance = a.get_double("guidance", 2.0);
  s.use_graph = !a.has("no-graph");
  if (!a.has("ddpm") && s.ddim_steps < 1) throw std::invalid_argument("--ddim-steps must be >= 1 (or use --ddpm)");
  return s;
}

static int class_id(const DiffusionModel& m, const std::string& name) {
  for (size_t i = 0; i < m.classes.size(); ++i)
    if (m.classes[i] == name) return (int)i;
  char* e = nullptr;
  long v = std::strtol(name.c_str(), &e, 10);
  if (!name.empty() && !*e && v >= 0 && v < (long)m.classes.size()) return (int)v;
  std::string all;
  for (auto& c : m.classes) all += " " + c;
  throw std::invalid_argument("--class '" + name + "' is not a class of the model:" + all);
}

static const char* kGenerateUsage =
    "usage: haad generate --model M --class NAME|ID|all --n N --out DIR [options]\n"
                "Samples clips with the diffusion model and writes them in haad's generic layout\n"
                "(DIR/skeleton.json, DIR/clips/*.npy, DIR/clips.csv). Clips are normalised motions.\n"
                "  --ddim-steps S (50)  --eta X (0)  --guidance G (2)  --ddpm (ancestral sampling over all T steps)\n"
                "  --from CLIP.npy --strength s (0.4)  partial diffusion: variants of a [T, J, 3] clip\n"
                "  --seed N (1)  --device cpu|cuda  --no-graph (no CUDA graph replay)\n";

int cmd_generate(const Args& a) {
  if (a.has("help")) {
    std::printf("%s", kGenerateUsage);
    return 0;
  }
  check_options(a, kGenerateUsage);
  for (const char* k : {"model", "class", "out"})
    if (!a.has(k)) throw std::invalid_argument(std::string("--") + k + " is required (see --help)");
  Device dev = device_from_args(a);
  DiffusionModel m = load_diffusion(a.get("model"));
  m.net->to(dev);
  m.net->eval();
  SampleConfig sc = sample_config_from_args(a);
  int n = (int)a.get_int("n", 8);
  if (n < 1) throw std::invalid_argument("--n must be >= 1");
  uint64_t seed = (uint64_t)a.get_int("seed", 1);
  manual_seed(seed);
  Rng rng(seed);
  const Skeleton& sk = m.sk;
  GenPool p;
  std::vector<int> cls;
  if (a.get("class") == "all") {
    for (int c = 0; c < (int)m.classes.size(); ++c)
      for (int i = 0; i < n; ++i) cls.push_back(c);
  } else {
    cls.assign(n, class_id(m, a.get("class")));
  }
  auto t0 = std::chrono::steady_clock::now();
  if (a.has("from")) {
    NpyArray arr = npy_load(a.get("from"));
    if (arr.shape.size() != 3 || arr.shape[1] != m.net->cfg.joints || arr.shape[2] != 3)
      throw std::runtime_error(a.get("from") + ": expected a [T, " + std::to_string(m.net->cfg.joints) + ", 3] clip");
    Motion src((int)arr.shape[0], (int)arr.shape[1]);
    src.xyz.assign(arr.data.begin(), arr.data.end());
    normalize_motion(src, sk, m.pre);
    std::vector<const Motion*> srcs(cls.size(), &src);
    p.motions = vary_clips(m, srcs, cls, a.get_double("strength", 0.4), sc);
    p.kinds.assign(cls.size(), "partial");
  } else {
    p.motions = generate_clips(m, cls, sc, rng, 64, true);
    p.kinds.assign(cls.size(), "class");
  }
  p.labels = cls;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  save_gen_pool(p, sk, m.classes, a.get("out"));
  double frac = a.has("from") ? a.get_double("strength", 0.4) : 1.0;  // partial diffusion covers strength * T
  int steps = (int)std::lround((sc.ddim_steps ? sc.ddim_steps : m.sched.T) * frac);
  std::printf("%zu clips in %.2fs (%s, %d steps%s, guidance %.2f) -> %s/clips.csv\n", p.motions.size(), secs,
              sc.ddim_steps ? "DDIM" : "DDPM", std::max(1, steps), a.has("from") ? " from a noised clip" : "",
              sc.guidance, a.get("out").c_str());
  return 0;
}

ExtraClips load_pool_for_training(const std::string& dir, const Dataset& d, const std::vector<int>& classes) {
  GenPool p = load_gen_pool(dir, d.classes);
  ExtraClips ex = extra_from_pool(p, [&](size_t i) { return std::count(classes.begin(), classes.end(), p.labels[i]) > 0; });
  if (ex.motions.empty()) throw std::runtime_error(dir + ": no generated clip of a training category");
  return ex;
}

// ---------------------------------------------------------------- eval --gen-aug
std::function<ExtraClips(const std::vector<int>&, const std::string&)> make_gen_aug(const Args& a, const Dataset& d,
                                                                                    const std::string& out_dir) {
  DiffusionTrainConfig tc;
  tc.model.latent = (int)a.get_int("diff-latent", 128);
  tc.model.ff = (int)a.get_int("diff-ff", 512);
  tc.model.layers = (int)a.get_int("diff-layers", 4);
  tc.model.frames = (int)a.get_int("diff-frames", 0);  // 0: from the clip lengths
  tc.steps = (int)a.get_int("diff-steps", 1200);
  tc.seed = (uint64_t)a.get_int("seed", 1);
  tc.log_every = 100;
  GenPoolConfig gc;
  gc.per_class = (int)a.get_int("gen-per-class", 20);
  gc.partial_per_clip = (int)a.get_int("gen-partial", 1);
  gc.strength = a.get_double("gen-strength", 0.4);
  gc.sample.ddim_steps = (int)a.get_int("gen-ddim", 50);
  gc.sample.guidance = a.get_double("gen-guidance", 2.0);
  gc.seed = tc.seed;
  Device dev = device_from_args(a);
  tc.device = dev;
  std::string kinds = a.get("gen-kinds", "class,partial");  // which generated clips train the encoder
  if (kinds != "class,partial" && kinds != "partial,class" && kinds != "class" && kinds != "partial" &&
      kinds != "completion")
    throw std::invalid_argument("--gen-kinds expects class, partial, class,partial or completion; got '" + kinds + "'");
  // completion (the authors' training pairs): a class-free completion model per training
  // set, and --gen-partial A completions of every real training clip under its category
  const bool completion = kinds == "completion";
  if (completion) {
    tc.completion = true;
    tc.model.space = a.get("diff-space", "dct");
  }
  double observe = a.get_double("support-observe", 0.5);
  // the pool's clips of the chosen kinds
  auto take = [kinds](GenPool& p) {
    return extra_from_pool(p, [&](size_t i) { return kinds.find(p.kinds[i]) != std::string::npos; });
  };
  return [tc, gc, dev, &d, out_dir, take, completion, observe](const std::vector<int>& idx, const std::string& tag) {
    fs::create_directories(out_dir);
    std::string kind = completion ? "completion_" : "diffusion_";
    std::string ck = out_dir + "/" + kind + tag + ".safetensors",
                pool_dir = out_dir + "/genpool_" + tag + (completion ? "_completion" : "");
    if (fs::exists(pool_dir + "/clips.csv")) {
      GenPool p = load_gen_pool(pool_dir, d.classes);
      ExtraClips ex = take(p);
      std::printf("[%s] generated pool loaded from %s: %zu clips, %zu used\n", tag.c_str(), pool_dir.c_str(),
                  p.motions.size(), ex.motions.size());
      return ex;
    }
    DiffusionModel m;
    DiffusionTrainConfig c = tc;
    c.checkpoint = ck;
    c.log_csv = ck + ".csv";
    c.resume = true;  // a finished checkpoint trains 0 more steps
    std::printf("[%s] diffusion model on %zu clips (%d steps)\n", tag.c_str(), idx.size(), c.steps);
    DiffusionTrainResult r = train_diffusion(m, d, idx, c);
    std::printf("[%s] diffusion: %d steps in %.1fs\n", tag.c_str(), r.steps, r.seconds);
    std::vector<Motion> real;
    std::vector<int> labels;
    for (int i : idx) {
      Motion mo = d.clips[i].motion;
      normalize_motion(mo, d.skeleton, m.pre);
      real.push_back(std::move(mo));
      labels.push_back(d.clips[i].label);
    }
    std::vector<const Motion*> rp = motion_pointers(real);
    GenPool p;
    if (completion) {
      manual_seed(gc.seed);
      std::vector<Motion> g = complete_clips(m, rp, gc.partial_per_clip, observe, gc.sample);
      for (size_t i = 0; i < g.size(); ++i) {
        if (!sanitize(g[i], d.skeleton, SanityConfig{}).empty()) continue;  // the loaders' checks
        p.motions.push_back(std::move(g[i]));
        p.labels.push_back(labels[i / gc.partial_per_clip]);
        p.kinds.push_back("completion");
      }
      std::printf("[%s] %zu completions of %zu training clips\n", tag.c_str(), p.motions.size(), rp.size());
    } else {
      p = make_gen_pool(m, rp, labels, gc, true);
    }
    save_gen_pool(p, d.skeleton, d.classes, pool_dir);
    return take(p);
  };
}

// ---------------------------------------------------------------- eval --support-aug
SupportAugOptions support_aug_options(const Args& a) {
  SupportAugOptions o;
  o.per_clip = (int)a.get_int("support-aug", 0);
  o.observe = a.get_double("support-observe", 0.5);
  o.ddim_steps = (int)a.get_int("gen-ddim", 50);
  if (o.per_clip < 1) throw std::invalid_argument("--support-aug expects A >= 1 generated clips per support clip");
  if (!(o.observe > 0 && o.observe < 1)) throw std::invalid_argument("--support-observe must be in (0, 1)");
  return o;
}

// FNV-1a over integers: names cached files after exactly what made them
static std::string hash_ints(const std::vector<int64_t>& v) {
  uint64_t h = 1469598103934665603ull;
  for (int64_t x : v)
    for (int b = 0; b < 8; ++b) h = (h ^ (uint64_t)((x >> (8 * b)) & 0xff)) * 1099511628211ull;
  char s[17];
  std::snprintf(s, sizeof s, "%016llx", (unsigned long long)h);
  return s;
}

SupportGen make_support_gen(const Args& a, const Dataset& d, const FeatureConfig& feat, const std::string& out_dir) {
  DiffusionTrainConfig tc;
  tc.completion = true;
  tc.model.space = a.get("diff-space", "dct");
  tc.model.latent = (int)a.get_int("diff-latent", 128);
  tc.model.ff = (int)a.get_int("diff-ff", 512);
  tc.model.layers = (int)a.get_int("diff-layers", 4);
  tc.model.frames = (int)a.get_int("diff-frames", 0);
  tc.steps = (int)a.get_int("diff-steps", 1500);
  tc.seed = (uint64_t)a.get_int("seed", 1);
  tc.pre = feat.pre;  // the generated clips feed the encoder
  tc.log_every = 500;
  tc.device = device_from_args(a);
  SupportAugOptions o = support_aug_options(a);
  int A = o.per_clip;
  double observe = o.observe;
  SampleConfig sc;
  sc.ddim_steps = o.ddim_steps;
  if (tc.model.space != "time" && tc.model.space != "dct") throw std::invalid_argument("--diff-space expects time or dct");
  std::string cache = a.get("gen-cache", out_dir);
  return [=, &d](const std::vector<int>& train_idx, const std::vector<int>& src_idx, const std::string& tag) {
    fs::create_directories(cache);
    std::vector<int64_t> key(train_idx.begin(), train_idx.end());
    key.insert(key.end(), {tc.steps, tc.model.latent, tc.model.ff, tc.model.layers, tc.model.frames, (int64_t)tc.seed,
                           tc.model.space == "dct"});
    std::string ck = cache + "/completion_" + tag + "_" + hash_ints(key) + ".safetensors";
    DiffusionModel m;
    if (fs::exists(ck)) m = load_diffusion(ck);  // finished, or (interrupted) resumed below
    if (m.net && m.trained_steps == tc.steps) {
      m.net->to(tc.device);
    } else {
      DiffusionTrainConfig c = tc;
      c.checkpoint = ck;
      c.log_csv = ck + ".csv";
      c.resume = true;
      std::printf("[%s] motion completion model on %zu clips (%d steps, %s space)\n", tag.c_str(), train_idx.size(), c.steps,
                  c.model.space.c_str());
      DiffusionTrainResult r = train_diffusion(m, d, train_idx, c);
      std::printf("[%s] completion model: %d steps in %.1fs\n", tag.c_str(), r.steps, r.seconds);
    }
    // the completions, cached after the model and the clips they complete
    std::vector<int64_t> k2 = key;
    k2.insert(k2.end(), src_idx.begin(), src_idx.end());
    k2.insert(k2.end(), {A, (int64_t)std::lround(observe * 1000), sc.ddim_steps});
    std::string dir = cache + "/support_" + tag + "_" + hash_ints(k2);
    std::vector<std::vector<Motion>> out(src_idx.size());
    std::map<int, size_t> at;
    for (size_t i = 0; i < src_idx.size(); ++i) at[src_idx[i]] = i;
    if (fs::exists(dir + "/clips.csv")) {
      GenPool p = load_gen_pool(dir, d.classes);
      for (size_t i = 0; i < p.motions.size(); ++i) out[at.at(std::stoi(p.kinds[i].substr(3)))].push_back(std::move(p.motions[i]));
      return out;
    }
    auto t0 = std::chrono::steady_clock::now();
    std::vector<Motion> real;
    for (int i : src_idx) {
      real.push_back(d.clips[i].motion);
      normalize_motion(real.back(), d.skeleton, m.pre);
    }
    std::vector<const Motion*> rp = motion_pointers(real);
    manual_seed(tc.seed ^ 0x5a9);
    std::vector<Motion> g = complete_clips(m, rp, A, observe, sc);
    GenPool p;  // kind "src<clip index>": which real clip a completion continues
    int rejected = 0;
    for (size_t i = 0; i < src_idx.size(); ++i)
      for (int k = 0; k < A; ++k) {
        Motion& mo = g[i * A + k];
        if (!sanitize(mo, d.skeleton, SanityConfig{}).empty()) {  // the loaders' checks: a broken clip is dropped
          ++rejected;
          continue;
        }
        p.motions.push_back(mo);
        p.labels.push_back(d.clips[src_idx[i]].label);
        p.kinds.push_back("src" + std::to_string(src_idx[i]));
        out[i].push_back(std::move(mo));
      }
    save_gen_pool(p, d.skeleton, d.classes, dir);
    std::printf("[%s] %zu generated support clips (%d per clip, first %.0f%% observed; %d rejected) in %.1fs\n", tag.c_str(),
                p.motions.size(), A, observe * 100, rejected,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return out;
  };
}

// ---------------------------------------------------------------- gen-eval
// gen-eval's files (json, markdown, the animated samples), each written atomically
static void write_gen_eval(const std::string& out, const Json& res, const std::string& md,
                           const std::vector<SvgPanelRow>& panels, const Skeleton& sk) {
  write_file_atomic(out + "/gen_eval.json", res.dump(1) + "\n");
  write_file_atomic(out + "/gen_eval.md", md);
  write_file_atomic(out + "/samples.svg", skeleton_animation_svg(panels, sk));
  std::printf("\n%s\nresults: %s/gen_eval.json, gen_eval.md, samples.svg\n", md.c_str(), out.c_str());
}

// A completion model: the test subjects' clips with their first half observed,
// N completions each, against the real continuation and two trivial predictors.
static int completion_eval(const Args& a, const Dataset& d, const DiffusionModel& m, const std::string& out) {
  uint64_t seed = (uint64_t)a.get_int("seed", 1);
  int N = (int)a.get_int("per-clip", 10), H = m.net->cfg.frames;
  double observe = a.get_double("observe", 0.5);
  int max_clips = (int)a.get_int("max-clips", 0);
  if (N < 1 || observe <= 0 || observe >= 1) throw std::invalid_argument("--per-clip >= 1 and --observe in (0, 1)");
  SampleConfig sc = sample_config_from_args(a);
  SubjectSplit sp = cross_subject(d);
  std::vector<Motion> tr, te;
  for (int i : sp.train) {
    tr.push_back(d.clips[i].motion);
    normalize_motion(tr.back(), d.skeleton, m.pre);
  }
  std::vector<int> test = sp.test;
  if (max_clips > 0 && (int)test.size() > max_clips) {  // an even spread over the test clips
    std::vector<int> t;
    for (int k = 0; k < max_clips; ++k) t.push_back(test[(size_t)k * test.size() / max_clips]);
    test = t;
  }
  std::vector<int> obs;
  for (int i : test) {
    Motion mo = d.clips[i].motion;
    normalize_motion(mo, d.skeleton, m.pre);
    if (mo.T > H) mo = slice_frames(mo, 0, H);  // the model completes H frames at most
    obs.push_back(observed_frames(mo.T, observe));  // as complete_clips observes it
    te.push_back(std::move(mo));
  }
  std::vector<const Motion*> tp, trp;
  for (auto& x : te) tp.push_back(&x);
  for (auto& x : tr) trp.push_back(&x);
  std::vector<double> ref = reference_bone_lengths(trp, d.skeleton);
  manual_seed(seed);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Motion> flat = complete_clips(m, tp, N, observe, sc);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<std::vector<Motion>> gen(te.size()), rep(te.size()), lin(te.size());
  for (size_t i = 0; i < te.size(); ++i) {
    for (int k = 0; k < N; ++k) gen[i].push_back(std::move(flat[i * N + k]));
    rep[i].push_back(repeat_last_frame(te[i], obs[i]));
    lin[i].push_back(linear_extrapolation(te[i], obs[i]));
  }
  struct Row { std::string name; CompletionFigures f; };
  std::vector<Row> rows = {{"haad completion (best of " + std::to_string(N) + ")", completion_figures(tp, gen, obs, d.skeleton, ref)},
                           {"repeat last frame", completion_figures(tp, rep, obs, d.skeleton, ref)},
                           {"linear extrapolation", completion_figures(tp, lin, obs, d.skeleton, ref)}};
  std::vector<std::vector<Motion>> truth(te.size());
  for (size_t i = 0; i < te.size(); ++i) truth[i].push_back(te[i]);
  double real_bone = completion_figures(tp, truth, obs, d.skeleton, ref).bone_err;
  Json tab = Json::array();
  char b[400];
  std::snprintf(b, sizeof b,
                "## Motion completion: %s\n\n%zu test-subject clips (cropped to H = %d frames), the first %.0f%% of each "
                "observed; %d completions per clip (%s, %s space) in %.1f s. Errors in mean bone lengths over the "
                "unobserved frames; best of N for haad. Bone-length error of the real clips: %.4f.\n\n"
                "| predictor | ADE | FDE | diversity (APD) | bone-length error |\n|---|---:|---:|---:|---:|\n",
                d.name.c_str(), te.size(), H, observe * 100, N,
                sc.ddim_steps ? ("DDIM-" + std::to_string(sc.ddim_steps)).c_str() : "DDPM", m.net->cfg.space.c_str(), secs,
                real_bone);
  std::string md = b;
  for (auto& r : rows) {
    std::snprintf(b, sizeof b, "| %s | %.4f | %.4f | %.4f | %.4f |\n", r.name.c_str(), r.f.ade, r.f.fde, r.f.apd, r.f.bone_err);
    md += b;
    tab.push(Json::object().set("predictor", Json::string(r.name)).set("ade", Json::number(r.f.ade))
                 .set("fde", Json::number(r.f.fde)).set("apd", Json::number(r.f.apd))
                 .set("bone_length_error", Json::number(r.f.bone_err)).set("clips", Json::number(r.f.clips)));
  }
  Json res = Json::object();
  res.set("completion", tab).set("observe", Json::number(observe)).set("per_clip", Json::number(N))
      .set("seconds", Json::number(secs)).set("real_bone_length_error", Json::number(real_bone))
      .set("model", Json::string(a.get("model"))).set("space", Json::string(m.net->cfg.space));
  // real next to completions, a few clips
  std::vector<SvgPanelRow> panels;
  int ns = (int)a.get_int("svg-samples", 3);
  for (size_t i = 0; i < te.size() && (int)panels.size() < (int)a.get_int("svg-classes", 4); i += std::max<size_t>(1, te.size() / 4)) {
    SvgPanelRow row;
    row.title = d.classes[d.clips[test[i]].label] + " (first " + std::to_string(obs[i]) + " frames observed)";
    row.clips.push_back(&te[i]);
    row.captions.push_back("real");
    for (int k = 0; k < std::min(ns, N); ++k) {
      row.clips.push_back(&gen[i][k]);
      row.captions.push_back("completion");
    }
    panels.push_back(row);
  }
  write_gen_eval(out, res, md, panels, d.skeleton);
  return 0;
}

int cmd_gen_eval(const Args& a) {
  std::string usage = std::string("usage: haad gen-eval --model M [--encoder E] [options]\n"
                "Generates clips for every class and compares them with real clips: Frechet distance in the\n"
                "contrastive encoder's embedding space (per class and overall), diversity, multimodality,\n"
                "bone-length error, jitter, foot skating; the same figures for held-out real clips (test\n"
                "subjects), shuffled-joint and noise baselines. Writes gen_eval.json, gen_eval.md and an\n"
                "animated SVG of real and generated clips to --out.\n") +
                      kDataOptions +
                      "  --encoder E       encoder checkpoint (haad train); default: train one on the train subjects\n"
                      "                    with these options:\n" + kEncoderOptions +
                      "  --per-class N (30) generated clips per class   --svg-classes N (6)  --svg-samples N (4)\n"
                      "  --ddim-steps S (50) --guidance G (2) --eta X (0) --ddpm  --no-graph  --device cpu|cuda\n"
                      "  --out DIR (results/gen_eval)\n"
                      "A completion model (train-diffusion --completion) is measured on completing the test subjects'\n"
                      "clips instead: --observe f (0.5) of each clip observed, --per-clip N (10) completions,\n"
                      "--max-clips N (0: all), best-of-N ADE/FDE, diversity and bone-length error against repeating the\n"
                      "last frame and linear extrapolation.\n";
  if (a.has("help")) {
    std::printf("%s", usage.c_str());
    return 0;
  }
  check_options(a, usage);
  if (!a.has("model")) throw std::invalid_argument("--model is required (see --help)");
  uint64_t seed = (uint64_t)a.get_int("seed", 1);
  manual_seed(seed);
  Dataset d = load_from_args(a);
  Device dev = device_from_args(a);
  DiffusionModel m = load_diffusion(a.get("model"));
  if (m.skeleton != d.skeleton.name || m.classes != d.classes)
    throw std::runtime_error(a.get("model") + ": trained on skeleton '" + m.skeleton + "' with " +
                             std::to_string(m.classes.size()) + " classes; the data is '" + d.skeleton.name + "' with " +
                             std::to_string(d.classes.size()));
  m.net->to(dev);
  std::string out = a.get("out", "results/gen_eval");
  fs::create_directories(out);
  if (m.completion()) return completion_eval(a, d, m, out);
  EncoderConfig ec;
  TrainConfig tc;
  configs_from_args(a, d, ec, tc);
  SubjectSplit sp = cross_subject(d);
  // encoder: given, or trained here on the train subjects
  std::unique_ptr<Encoder> enc;
  if (a.has("encoder")) {
    LoadedEncoder L = load_encoder(a.get("encoder"), d.skeleton);
    enc = std::move(L.enc);
    tc.feat = L.feat;
  } else {
    std::printf("training an encoder for the embedding space (pass --encoder to reuse one)\n");
    enc = make_encoder(ec, d.skeleton);
    tc.verbose = false;
    train_contrastive(*enc, d, sp.train, tc);
  }
  tc.feat.pre = m.pre;
  std::vector<Motion> tr, te;
  std::vector<int> ytr, yte;
  for (int i : sp.train) { tr.push_back(prepare_motion(d.clips[i].motion, d.skeleton, tc.feat)); ytr.push_back(d.clips[i].label); }
  for (int i : sp.test) { te.push_back(prepare_motion(d.clips[i].motion, d.skeleton, tc.feat)); yte.push_back(d.clips[i].label); }
  // generated: per_class clips of every class
  int per = (int)a.get_int("per-class", 30);
  SampleConfig sc = sample_config_from_args(a);
  std::vector<int> gy;
  for (int c = 0; c < (int)d.classes.size(); ++c)
    for (int i = 0; i < per; ++i) gy.push_back(c);
  Rng rng(seed);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Motion> gen = generate_clips(m, gy, sc, rng, 64, true);
  double gen_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<Motion> shuf = shuffled_joint_baseline(motion_pointers(te), rng), noise = noise_baseline(motion_pointers(te), rng);

  Tensor e_tr = embed_motions(*enc, motion_pointers(tr), d.skeleton, tc.feat), e_te = embed_motions(*enc, motion_pointers(te), d.skeleton, tc.feat),
         e_gen = embed_motions(*enc, motion_pointers(gen), d.skeleton, tc.feat),
         e_shuf = embed_motions(*enc, motion_pointers(shuf), d.skeleton, tc.feat),
         e_noise = embed_motions(*enc, motion_pointers(noise), d.skeleton, tc.feat);
  std::vector<double> ref = reference_bone_lengths(motion_pointers(tr), d.skeleton);
  struct Row {
    std::string name;
    const std::vector<Motion>* clips;
    const std::vector<int>* labels;
    Tensor emb;
  };
  std::vector<Row> rows = {{"real held-out (test subjects)", &te, &yte, e_te},
                           {"generated", &gen, &gy, e_gen},
                           {"shuffled joints (baseline)", &shuf, &yte, e_shuf},
                           {"Gaussian noise (baseline)", &noise, &yte, e_noise}};
  Json res = Json::object(), tab = Json::array();
  std::string md = "## Generated motion quality: " + d.name + "\n\nReference: the " + std::to_string(tr.size()) +
                   " real clips of the train subjects. Embeddings: the contrastive encoder (" + ec.arch + "). " +
                   std::to_string(gen.size()) + " generated clips (" + std::to_string(per) + " per class, " +
                   (sc.ddim_steps ? "DDIM-" + std::to_string(sc.ddim_steps) : std::string("DDPM")) + ", guidance " +
                   std::to_string(sc.guidance).substr(0, 4) + ") in " + std::to_string(gen_secs).substr(0, 6) +
                   " s.\n\n| set | FD overall | FD per class (mean) | diversity | multimodality | bone-length error | jitter | foot skate |\n"
                   "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  Rng mr(seed + 7);
  double real_div = diversity(e_tr, 300, mr);
  for (auto& r : rows) {
    double fd = frechet_distance(e_tr, r.emb);
    // per class: FD between the class's train clips and the set's clips of that class
    double fdc = 0;
    int nc = 0;
    for (int c = 0; c < (int)d.classes.size(); ++c) {
      std::vector<int64_t> a_i, b_i;
      for (size_t i = 0; i < ytr.size(); ++i) if (ytr[i] == c) a_i.push_back((int64_t)i);
      for (size_t i = 0; i < r.labels->size(); ++i) if ((*r.labels)[i] == c) b_i.push_back((int64_t)i);
      if (a_i.size() < 3 || b_i.size() < 3) continue;
      // per-class sets are small: FD in the top principal directions would be better; use a
      // diagonal-free low-rank-safe eps so the figure stays finite
      fdc += frechet_distance(index_select(e_tr, 0, from_vector(a_i, {(int64_t)a_i.size()})),
                              index_select(r.emb, 0, from_vector(b_i, {(int64_t)b_i.size()})), 1e-4);
      ++nc;
    }
    fdc /= std::max(1, nc);
    Rng dr(seed + 11);
    double div = diversity(r.emb, 300, dr), mm = multimodality(r.emb, *r.labels, 20, dr);
    auto p = motion_pointers(*r.clips);
    double ble = bone_length_error(p, d.skeleton, ref), jit = jitter(p), fs_ = foot_skating(p, d.skeleton);
    tab.push(Json::object().set("set", Json::string(r.name)).set("fd", Json::number(fd)).set("fd_per_class_mean", Json::number(fdc))
                 .set("diversity", Json::number(div)).set("multimodality", Json::number(mm))
                 .set("bone_length_error", Json::number(ble)).set("jitter", Json::number(jit))
                 .set("foot_skate", Json::number(fs_)).set("clips", Json::number((double)r.clips->size())));
    char b[320];
    std::snprintf(b, sizeof b, "| %s | %.3f | %.3f | %.3f | %.3f | %.4f | %.4f | %.4f |\n", r.name.c_str(), fd, fdc, div, mm, ble,
                  jit, fs_);
    md += b;
  }
  char b[200];
  std::snprintf(b, sizeof b, "\nDiversity of the real train clips: %.3f. Bone-length error: relative to the train clips' mean length per bone.\n", real_div);
  md += b;
  res.set("sets", tab).set("real_train_diversity", Json::number(real_div)).set("generation_seconds", Json::number(gen_secs));
  res.set("model", Json::string(a.get("model"))).set("sampler", Json::string(sc.ddim_steps ? "ddim" : "ddpm"))
      .set("steps", Json::number(sc.ddim_steps ? sc.ddim_steps : m.sched.T)).set("guidance", Json::number(sc.guidance));
  // small multiples: real (test subjects) next to generated, a few classes
  int ncls = (int)a.get_int("svg-classes", 6), ns = (int)a.get_int("svg-samples", 4);
  std::vector<SvgPanelRow> panels;
  for (int c = 0; c < std::min(ncls, (int)d.classes.size()); ++c) {
    SvgPanelRow row;
    row.title = d.classes[c];
    int k = 0;
    for (size_t i = 0; i < te.size() && k < ns; ++i)
      if (yte[i] == c) { row.clips.push_back(&te[i]); row.captions.push_back("real"); ++k; }
    k = 0;
    for (size_t i = 0; i < gen.size() && k < ns; ++i)
      if (gy[i] == c) { row.clips.push_back(&gen[i]); row.captions.push_back("generated"); ++k; }
    panels.push_back(row);
  }
  write_gen_eval(out, res, md, panels, d.skeleton);
  return 0;
}

}  // namespace haad
