#include "diffusion/model.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "nn/checkpoint.h"
#include "nn/optim.h"

namespace haad {

int auto_frames(const std::vector<int>& lengths) {
  if (lengths.empty()) return 48;
  std::vector<int> l = lengths;
  std::sort(l.begin(), l.end());
  int p90 = l[std::min(l.size() - 1, (size_t)(0.9 * l.size()))];
  int H = (p90 + 7) / 8 * 8;
  return std::max(16, std::min(120, H));
}

// ---------------------------------------------------------------- model space
Tensor to_model_space(const DiffusionModel& m, const std::vector<const Motion*>& ms, Tensor* mask) {
  int H = m.net->cfg.frames, J = m.net->cfg.joints;
  bool hold = m.net->cfg.space == "dct";
  std::vector<float> x((size_t)ms.size() * H * J * 3, 0.f), mk((size_t)ms.size() * H, 0.f);
  float inv = (float)(1.0 / m.data_scale);
  for (size_t b = 0; b < ms.size(); ++b) {
    const Motion& mo = *ms[b];
    if (mo.J != J) throw std::invalid_argument("diffusion: clip has " + std::to_string(mo.J) + " joints, the model " + std::to_string(J));
    int T = std::min(mo.T, H);
    for (int t = 0; t < T; ++t) {
      mk[b * H + t] = 1.f;
      for (int k = 0; k < J * 3; ++k) x[((b * H + t) * J * 3) + k] = mo.xyz[(size_t)t * J * 3 + k] * inv;
    }
    for (int t = T; hold && t < H; ++t) {
      mk[b * H + t] = 1.f;
      for (int k = 0; k < J * 3; ++k) x[((b * H + t) * J * 3) + k] = x[((b * H + T - 1) * J * 3) + k];
    }
  }
  if (mask) *mask = from_vector(mk, {(int64_t)ms.size(), H});
  return from_vector(x, {(int64_t)ms.size(), H, J * 3});
}

std::vector<Motion> from_model_space(const DiffusionModel& m, const Tensor& x0, const std::vector<int>& lengths) {
  Tensor x = x0.to(Device::CPU).contiguous();
  int64_t B = x.size(0), H = x.size(1), J = x.size(2) / 3;
  std::vector<float> v = x.to_vector<float>();
  std::vector<Motion> out;
  for (int64_t b = 0; b < B; ++b) {
    int T = std::max(1, std::min<int>((int)H, lengths[b]));
    Motion mo(T, (int)J);
    for (size_t k = 0; k < (size_t)T * J * 3; ++k) mo.xyz[k] = (float)(v[(size_t)b * H * J * 3 + k] * m.data_scale);
    out.push_back(std::move(mo));
  }
  return out;
}

static const Tensor& dct_rows(const DiffusionModel& m, Device d) {
  const DenoiserConfig& c = m.net->cfg;
  if (!m.basis.defined() || m.basis.device() != d)
    m.basis = from_vector(dct_basis(c.frames, c.coeffs), {(int64_t)c.coeffs, (int64_t)c.frames}).to(d);
  return m.basis;
}

Tensor to_tokens(const DiffusionModel& m, const Tensor& frames) {
  if (m.net->cfg.space != "dct") return frames;
  return matmul(dct_rows(m, frames.device()), frames);  // [M, H] x [B, H, C]
}

Tensor to_frames(const DiffusionModel& m, const Tensor& tokens) {
  if (m.net->cfg.space != "dct") return tokens;
  return matmul(dct_rows(m, tokens.device()).transpose(0, 1), tokens);  // orthonormal rows: the inverse on their span
}

Tensor padded_history(const Tensor& frames, const std::vector<float>& obs) {
  Tensor f = frames.to(Device::CPU).contiguous();
  int64_t B = f.size(0), H = f.size(1), C = f.size(2);
  if ((int64_t)obs.size() != B * H * C) throw std::invalid_argument("padded_history: the mask must be [B, H, C]");
  std::vector<float> x = f.to_vector<float>(), out(x.size(), 0.f);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t k = 0; k < C; ++k) {
      auto at = [&](int64_t t) { return (b * H + t) * C + k; };
      // nearest observed frame: one pass forward (last seen), one backward (next seen)
      std::vector<int64_t> prev(H, -1), next(H, -1);
      for (int64_t t = 0, p = -1; t < H; ++t) { if (obs[at(t)] > 0.5f) p = t; prev[t] = p; }
      for (int64_t t = H - 1, n = -1; t >= 0; --t) { if (obs[at(t)] > 0.5f) n = t; next[t] = n; }
      for (int64_t t = 0; t < H; ++t) {
        int64_t s = prev[t];
        if (s < 0 || (next[t] >= 0 && next[t] - t < t - s)) s = next[t];
        if (s >= 0) out[at(t)] = x[at(s)];
      }
    }
  return from_vector(out, {B, H, C}).to(frames.device());
}

// ---------------------------------------------------------------- checkpoint
static std::string join_ints(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : " ") + std::to_string(x);
  return s;
}

void save_diffusion(const std::string& path, const DiffusionModel& m, const NamedTensors& extra,
                    const std::map<std::string, std::string>& extra_meta) {
  std::map<std::string, std::string> meta = m.net->cfg.to_metadata();
  meta["format"] = "haad-diffusion-1";
  char ds[32];
  std::snprintf(ds, sizeof ds, "%.17g", m.data_scale);  // exact: a resumed run must see the same scale
  meta["data_scale"] = ds;
  meta["skeleton"] = m.skeleton;
  std::string jn, par, lr;
  for (auto& j : m.sk.joints) jn += (jn.empty() ? "" : ",") + j;
  for (int p : m.sk.parents) par += (par.empty() ? "" : " ") + std::to_string(p);
  for (auto [l, r] : m.sk.lr_pairs) lr += (lr.empty() ? "" : " ") + std::to_string(l) + " " + std::to_string(r);
  meta["skeleton_joints"] = jn;
  meta["skeleton_parents"] = par;
  meta["skeleton_lr_pairs"] = lr;
  meta["skeleton_hips"] = std::to_string(m.sk.left_hip) + " " + std::to_string(m.sk.right_hip);
  std::string cl, len;
  for (auto& c : m.classes) cl += (cl.empty() ? "" : ",") + c;
  for (auto& [c, l] : m.lengths) len += (len.empty() ? "" : ";") + std::to_string(c) + ":" + join_ints(l);
  meta["classes"] = cl;
  meta["lengths"] = len;
  for (auto& kv : preprocess_metadata(m.pre)) meta[kv.first] = kv.second;
  meta["trained_steps"] = std::to_string(m.trained_steps);
  for (auto& kv : extra_meta) meta[kv.first] = kv.second;
  NamedTensors all = m.net->state_dict();
  all.insert(all.end(), extra.begin(), extra.end());
  save_safetensors(path, all, meta);
}

static NamedTensors model_only(const SafeTensors& st) {
  NamedTensors out;
  for (auto& kv : st.tensors)
    if (kv.first.rfind("optim.", 0) != 0) out.push_back(kv);
  return out;
}

DiffusionModel load_diffusion(const std::string& path) {
  SafeTensors st = load_safetensors(path);
  DiffusionModel m;
  try {
    if (st.metadata.at("format") != "haad-diffusion-1") throw std::runtime_error("format is " + st.metadata.at("format"));
    DenoiserConfig c = DenoiserConfig::from_metadata(st.metadata);
    m.net = std::make_unique<Denoiser>(c);
    m.sched = Schedule(c.steps);
    m.data_scale = std::stod(st.metadata.at("data_scale"));
    m.skeleton = st.metadata.at("skeleton");
    m.sk.name = m.skeleton;
    std::string tok;
    std::stringstream js(st.metadata.at("skeleton_joints"));
    while (std::getline(js, tok, ',')) m.sk.joints.push_back(tok);
    std::stringstream ps(st.metadata.at("skeleton_parents"));
    for (int p; ps >> p;) m.sk.parents.push_back(p);
    std::stringstream lrs(st.metadata.at("skeleton_lr_pairs"));
    for (int l, r; lrs >> l >> r;) m.sk.lr_pairs.push_back({l, r});
    std::stringstream hs(st.metadata.at("skeleton_hips"));
    hs >> m.sk.left_hip >> m.sk.right_hip;
    m.sk.validate(path);
    if (m.sk.num_joints() != c.joints) throw std::runtime_error("skeleton has " + std::to_string(m.sk.num_joints()) + " joints, the model " + std::to_string(c.joints));
    std::stringstream cs(st.metadata.at("classes"));
    while (std::getline(cs, tok, ',')) m.classes.push_back(tok);
    std::stringstream ls(st.metadata.at("lengths"));
    while (std::getline(ls, tok, ';')) {
      size_t colon = tok.find(':');
      int cls = std::stoi(tok.substr(0, colon));
      std::stringstream vs(tok.substr(colon + 1));
      int v;
      while (vs >> v) m.lengths[cls].push_back(v);
    }
    m.pre = preprocess_from_metadata(st.metadata);
    m.trained_steps = std::stoi(st.metadata.at("trained_steps"));
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not a haad diffusion checkpoint (" + e.what() + ")");
  }
  NamedTensors want = m.net->state_dict(), have = model_only(st);
  if (want.size() != have.size())
    throw std::runtime_error(path + ": has " + std::to_string(have.size()) + " model tensors, the model needs " +
                             std::to_string(want.size()));
  NoGradGuard ng;
  for (auto& [name, t] : want) {
    Tensor src = st.get(name);
    if (src.shape() != t.shape())
      throw std::runtime_error(path + ": tensor '" + name + "' has shape " + src.shape().str() + ", the model needs " +
                               t.shape().str());
    copy_(t, src);
  }
  m.net->eval();
  return m;
}

// ---------------------------------------------------------------- training
namespace {

// one training example: a random H-frame crop of a clip (re-centred), or the whole clip padded
Motion crop(const Motion& m, int H, const Skeleton& s, const PreprocessConfig& pre, Rng& r) {
  if (m.T <= H) return m;
  int st = (int)r.randint(m.T - H + 1);
  Motion c = slice_frames(m, st, H);
  root_center(c, s.root(), pre.per_frame_root);
  return c;
}

// which parts of each training crop a completion model sees: a prefix of
// observe_min..observe_max of the clip (75%), the start and the end of it
// (in-betweening, 10%), or nothing (unconditional, 15%). -> [B, H, C] mask
std::vector<float> observed_parts(const std::vector<Motion>& crops, int H, int C, const DiffusionTrainConfig& c, Rng& r) {
  std::vector<float> obs(crops.size() * (size_t)H * C, 0.f);
  for (size_t b = 0; b < crops.size(); ++b) {
    int T = std::min(crops[b].T, H);
    double u = r.uniform();
    auto see = [&](int t0, int t1) {
      for (int t = std::max(0, t0); t < std::min(T, t1); ++t)
        std::fill(obs.begin() + (b * H + t) * C, obs.begin() + (b * H + t + 1) * C, 1.f);
    };
    if (u < 0.75) {
      double f = c.observe_min + (c.observe_max - c.observe_min) * r.uniform();
      see(0, std::max(1, (int)std::lround(f * T)));
    } else if (u < 0.85) {
      see(0, std::max(1, (int)std::lround((0.2 + 0.2 * r.uniform()) * T)));
      see((int)std::lround((0.6 + 0.2 * r.uniform()) * T), T);
    }
  }
  return obs;
}

}  // namespace

DiffusionTrainResult train_diffusion(DiffusionModel& M, const Dataset& ds, const std::vector<int>& idx,
                                     const DiffusionTrainConfig& c) {
  auto t0 = std::chrono::steady_clock::now();
  if (idx.empty()) throw std::invalid_argument("train_diffusion: no training clips");
  manual_seed(c.seed);
  Rng r(c.seed ^ 0xd1ff);
  // normalise once
  std::vector<Motion> norm(idx.size());
  std::vector<int> labels(idx.size()), lens(idx.size());
  double s2 = 0, n = 0;
  M.lengths.clear();
  for (size_t i = 0; i < idx.size(); ++i) {
    norm[i] = ds.clips[idx[i]].motion;
    normalize_motion(norm[i], ds.skeleton, c.pre);
    labels[i] = ds.clips[idx[i]].label;
    lens[i] = norm[i].T;
    M.lengths[labels[i]].push_back(lens[i]);
    for (float v : norm[i].xyz) { s2 += (double)v * v; n += 1; }
  }
  DenoiserConfig mc = c.model;
  mc.joints = ds.skeleton.num_joints();
  mc.classes = c.completion ? 0 : (int)ds.classes.size();
  mc.history = c.completion;
  if (mc.frames <= 0) mc.frames = auto_frames(lens);
  if (mc.space == "dct") mc.coeffs = std::min(mc.coeffs, mc.frames);
  M.net = std::make_unique<Denoiser>(mc);
  M.sched = Schedule(mc.steps);
  M.data_scale = std::sqrt(s2 / std::max(1.0, n));
  M.skeleton = ds.skeleton.name;
  M.sk = ds.skeleton;
  M.classes = ds.classes;
  M.pre = c.pre;
  M.trained_steps = 0;
  Denoiser& net = *M.net;
  if (c.device != Device::CPU) net.to(c.device);
  std::vector<Tensor> params = net.parameters();
  Adam opt(params, c.lr, 0.9, 0.999, 1e-8, c.weight_decay, true);
  int start = 0;
  if (c.resume && !c.checkpoint.empty() && std::filesystem::exists(c.checkpoint)) {
    SafeTensors st = load_safetensors(c.checkpoint);
    NoGradGuard ng;
    for (auto& [name, t] : net.state_dict()) copy_(t, st.get(name).to(c.device));
    opt.m.resize(params.size());
    opt.v.resize(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      opt.m[i] = st.get("optim.m." + std::to_string(i)).to(c.device).clone();
      opt.v[i] = st.get("optim.v." + std::to_string(i)).to(c.device).clone();
    }
    start = std::stoi(st.metadata.at("trained_steps"));
    opt.step_count = start;
    rng_set_counter(std::stoull(st.metadata.at("rng_counter")));
    r.counter = std::stoull(st.metadata.at("host_rng_counter"));
    M.data_scale = std::stod(st.metadata.at("data_scale"));
    if (c.verbose) std::printf("resumed from %s at step %d\n", c.checkpoint.c_str(), start);
  }
  auto save = [&](int step) {
    if (c.checkpoint.empty()) return;
    M.trained_steps = step;
    NamedTensors ex;
    for (size_t i = 0; i < opt.m.size(); ++i) {
      ex.push_back({"optim.m." + std::to_string(i), opt.m[i]});
      ex.push_back({"optim.v." + std::to_string(i), opt.v[i]});
    }
    save_diffusion(c.checkpoint, M, ex,
                   {{"rng_counter", std::to_string(rng_counter())}, {"host_rng_counter", std::to_string(r.counter)}});
  };
  std::ofstream log;
  if (!c.log_csv.empty()) {
    log.open(c.log_csv, c.resume && start > 0 ? std::ios::app : std::ios::trunc);
    if (!log) throw std::runtime_error(c.log_csv + ": cannot write the training log");
    if (start == 0) log << "step,loss,x0,vel,bone,lr,clips_per_sec\n";
  }
  if (c.verbose)
    std::printf("diffusion%s: %zu clips, %d classes, H=%d frames, %s, latent %d, %d layers, %lld parameters, "
                "data scale %.3f\n", c.completion ? " (class-free motion completion)" : "", idx.size(), (int)ds.classes.size(),
                mc.frames, mc.space == "dct" ? ("DCT " + std::to_string(mc.coeffs) + " coefficients").c_str() : "time domain",
                mc.latent, mc.layers, (long long)net.num_parameters(), M.data_scale);
  DiffusionTrainResult res;
  double ema = 0, ex0 = 0, evel = 0, ebone = 0;
  auto tl = std::chrono::steady_clock::now();
  long clips = 0;
  int end = c.steps;
  net.train();
  for (int step = start; step < c.steps; ++step) {
    opt.lr = lr_cosine_warmup(c.lr, step, c.warmup, c.steps, c.lr * 0.1);
    std::vector<Motion> crops;
    std::vector<const Motion*> bm;
    std::vector<int64_t> cls;
    std::vector<int> ts;
    crops.reserve(c.batch);
    for (int b = 0; b < c.batch; ++b) {
      int i = (int)r.randint((int64_t)norm.size());
      crops.push_back(crop(norm[i], mc.frames, ds.skeleton, c.pre, r));
      cls.push_back(c.completion || r.uniform() < c.cond_drop ? net.null_class() : labels[i]);
      ts.push_back((int)r.randint(mc.steps));
    }
    for (auto& m : crops) bm.push_back(&m);
    Tensor mask;
    Tensor x0f = to_model_space(M, bm, &mask);
    Device dev = net.device();
    Tensor hist;
    if (c.completion) hist = to_tokens(M, padded_history(x0f, observed_parts(crops, mc.frames, mc.joints * 3, c, r)).to(dev));
    x0f = x0f.to(dev);
    mask = mask.to(dev);
    Tensor x0 = to_tokens(M, x0f);
    Tensor xt = q_sample(M.sched, x0, ts, randn(x0.shape(), x0.dtype(), dev));
    Tensor tt = from_vector(std::vector<int64_t>(ts.begin(), ts.end()), {(int64_t)ts.size()}).to(dev);
    bool dct = mc.space == "dct";
    Tensor pred = net.forward(xt, tt, from_vector(cls, {(int64_t)cls.size()}).to(dev), dct ? Tensor() : mask, hist);
    // the loss on frames; in space dct against the clip's own M-coefficient reconstruction (what the model can express)
    LossParts L = diffusion_loss(to_frames(M, pred), dct ? to_frames(M, x0) : x0f, mask, ds.skeleton, c.loss);
    opt.zero_grad();
    L.total.backward();
    clip_grad_norm(params, c.clip);
    opt.step();
    clips += c.batch;
    double lv = L.total.item();
    bool first = step == start;
    ema = first ? lv : 0.95 * ema + 0.05 * lv;
    ex0 = first ? L.x0 : 0.95 * ex0 + 0.05 * L.x0;
    evel = first ? L.vel : 0.95 * evel + 0.05 * L.vel;
    ebone = first ? L.bone : 0.95 * ebone + 0.05 * L.bone;
    res.final_loss = ema;
    if ((step + 1) % c.log_every == 0 || step + 1 == c.steps) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - tl).count();
      double cps = clips / std::max(1e-9, secs);
      double eta = secs / (step + 1 - start) * (c.steps - step - 1);
      if (c.verbose)
        std::printf("  step %5d/%d  loss %.4f (x0 %.4f vel %.4f bone %.4f)  lr %.2e  %.0f clips/s  ETA %.0fs\n",
                    step + 1, c.steps, ema, ex0, evel, ebone, opt.lr, cps, eta);
      if (log.is_open())
        log << step + 1 << "," << ema << "," << ex0 << "," << evel << "," << ebone << "," << opt.lr << "," << cps << "\n"
            << std::flush;
      res.clips_per_sec = cps;
    }
    if (c.save_every > 0 && (step + 1) % c.save_every == 0 && step + 1 < c.steps) save(step + 1);
    if (c.stop_after > 0 && step + 1 - start >= c.stop_after && step + 1 < c.steps) {
      save(step + 1);
      end = step + 1;
      if (c.verbose) std::printf("stopped after %d steps (checkpoint at step %d; --resume continues)\n", c.stop_after, end);
      break;
    }
  }
  M.trained_steps = end;
  save(end);
  net.eval();
  res.steps = end - start;
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

// ---------------------------------------------------------------- generation
static int draw_length(const DiffusionModel& m, int cls, Rng& rng) {
  auto it = m.lengths.find(cls);
  int L = m.net->cfg.frames;
  if (it != m.lengths.end() && !it->second.empty()) L = it->second[rng.randint((int64_t)it->second.size())];
  return std::max(2, std::min(L, m.net->cfg.frames));
}

static Tensor length_mask(const std::vector<int>& lens, int H, Device d) {
  std::vector<float> mk(lens.size() * H, 0.f);
  for (size_t b = 0; b < lens.size(); ++b)
    for (int t = 0; t < std::min(H, lens[b]); ++t) mk[b * H + t] = 1.f;
  return from_vector(mk, {(int64_t)lens.size(), H}).to(d);
}

// class ids as the network takes them: a class-free model has only "no class"
static std::vector<int> net_classes(const DiffusionModel& m, const std::vector<int>& cl) {
  if (m.net->cfg.classes > 0) return cl;
  return std::vector<int>(cl.size(), m.net->null_class());
}

std::vector<Motion> generate_clips(const DiffusionModel& m, const std::vector<int>& classes, const SampleConfig& c,
                                   Rng& rng, int batch, bool verbose) {
  std::vector<Motion> out;
  int H = m.net->cfg.frames, N = m.net->cfg.tokens(), C3 = m.net->cfg.joints * 3;
  Device d = m.net->device();
  bool dct = m.net->cfg.space == "dct";
  double g = m.net->cfg.classes > 0 ? c.guidance : 1.0;  // nothing to guide towards without classes
  for (size_t s = 0; s < classes.size(); s += batch) {
    std::vector<int> cl(classes.begin() + s, classes.begin() + std::min(classes.size(), s + batch)), lens;
    for (int k : cl) lens.push_back(draw_length(m, k, rng));
    Tensor mask = dct ? Tensor() : length_mask(lens, H, d);
    GuidedDenoiser gd(*m.net, net_classes(m, cl), mask, g, c.use_graph);
    Tensor shape = zeros({(int64_t)cl.size(), N, C3}, DType::F32, d);
    Tensor x = sample_loop(m.sched, std::ref(gd), shape, m.sched.T, c);
    for (auto& mo : from_model_space(m, to_frames(m, x), lens)) out.push_back(std::move(mo));
    if (verbose) std::printf("  generated %zu/%zu clips\n", out.size(), classes.size());
  }
  return out;
}

std::vector<Motion> vary_clips(const DiffusionModel& m, const std::vector<const Motion*>& src,
                               const std::vector<int>& classes, double strength, const SampleConfig& c, int batch) {
  if (strength <= 0 || strength > 1) throw std::invalid_argument("partial diffusion: strength must be in (0, 1]");
  std::vector<Motion> out;
  int H = m.net->cfg.frames;
  Device d = m.net->device();
  bool dct = m.net->cfg.space == "dct";
  double g = m.net->cfg.classes > 0 ? c.guidance : 1.0;
  int t_start = std::max(1, (int)std::lround(strength * m.sched.T));
  SampleConfig sc = c;
  if (sc.ddim_steps > 0) sc.ddim_steps = std::max(1, (int)std::lround(c.ddim_steps * strength));  // same step size
  for (size_t s = 0; s < src.size(); s += batch) {
    size_t e = std::min(src.size(), s + batch);
    std::vector<const Motion*> part(src.begin() + s, src.begin() + e);
    std::vector<int> cl(classes.begin() + s, classes.begin() + e), lens;
    for (auto* mo : part) lens.push_back(std::min(mo->T, H));
    Tensor mask;
    Tensor x0 = to_tokens(m, to_model_space(m, part, &mask).to(d));
    GuidedDenoiser gd(*m.net, net_classes(m, cl), dct ? Tensor() : mask.to(d), g, c.use_graph);
    Tensor x = sample_loop(m.sched, std::ref(gd), x0, t_start, sc);
    for (auto& mo : from_model_space(m, to_frames(m, x), lens)) out.push_back(std::move(mo));
  }
  return out;
}

Tensor inpaint(const DiffusionModel& m, const Tensor& x_known, const Tensor& known, const Tensor& frame_mask,
               const SampleConfig& c) {
  NoGradGuard ng;
  if (!m.completion()) throw std::invalid_argument("completion needs a motion completion model (train-diffusion --completion)");
  Device d = m.net->device();
  int64_t B = x_known.size(0);
  // the observed entries, and the rest filled from the nearest observed frame: the
  // history input, and (smooth, so its DCT does not ring) the source of the noised
  // ground truth that replaces the observed entries after every step
  Tensor hist_f = padded_history(x_known, known.to(Device::CPU).contiguous().to_vector<float>()).to(d);
  Tensor kn = known.to(d), hist = to_tokens(m, hist_f);
  bool dct = m.net->cfg.space == "dct";
  GuidedDenoiser gd(*m.net, std::vector<int>(B, m.net->null_class()), dct ? Tensor() : frame_mask, 1.0, c.use_graph, hist);
  ProjectFn project = [&](const Tensor& x, int tp) {
    Tensor kf = hist_f;
    if (tp >= 0) kf = to_frames(m, q_sample(m.sched, hist, std::vector<int>(B, tp), randn(hist.shape(), hist.dtype(), d)));
    Tensor xf = to_frames(m, x);
    return to_tokens(m, xf + kn * (kf - xf));
  };
  Tensor x = sample_loop(m.sched, std::ref(gd), zeros(hist.shape(), hist.dtype(), d), m.sched.T, c, nullptr, project);
  Tensor xf = to_frames(m, x);
  return xf + kn * (hist_f - xf);  // the observed entries exactly
}

int observed_frames(int T, double observe) { return std::max(1, std::min(T - 1, (int)std::lround(observe * T))); }

std::vector<Motion> complete_clips(const DiffusionModel& m, const std::vector<const Motion*>& src, int per_clip,
                                   double observe, const SampleConfig& c, int batch) {
  if (observe <= 0 || observe >= 1) throw std::invalid_argument("completion: the observed share must be in (0, 1)");
  int H = m.net->cfg.frames, C = m.net->cfg.joints * 3;
  // a clip longer than H is resampled to H frames, so its completion covers the whole action
  std::vector<Motion> shortened;
  shortened.reserve(src.size());
  std::vector<const Motion*> all;
  for (auto* s : src) {
    const Motion* p = s;
    if (s->T > H) {
      shortened.push_back(resample(*s, H));
      p = &shortened.back();
    }
    for (int a = 0; a < per_clip; ++a) all.push_back(p);
  }
  Device d = m.net->device();
  std::vector<Motion> out;
  for (size_t s = 0; s < all.size(); s += batch) {
    std::vector<const Motion*> part(all.begin() + s, all.begin() + std::min(all.size(), s + batch));
    std::vector<int> lens;
    std::vector<float> kn(part.size() * (size_t)H * C, 0.f);
    for (size_t b = 0; b < part.size(); ++b) {
      int T = std::min(part[b]->T, H), L = observed_frames(T, observe);
      lens.push_back(T);
      std::fill(kn.begin() + b * H * C, kn.begin() + (b * H + L) * C, 1.f);
    }
    Tensor mask;
    Tensor xf = to_model_space(m, part, &mask).to(d);
    Tensor known = from_vector(kn, {(int64_t)part.size(), H, C}).to(d);
    for (auto& mo : from_model_space(m, inpaint(m, xf, known, mask.to(d), c), lens)) out.push_back(std::move(mo));
  }
  return out;
}

GenPool make_gen_pool(const DiffusionModel& m, const std::vector<const Motion*>& real, const std::vector<int>& labels,
                      const GenPoolConfig& c, bool verbose) {
  GenPool p;
  manual_seed(c.seed);
  Rng rng(c.seed ^ 0x9e4);
  std::vector<int> cls;
  std::map<int, int> seen;
  for (int l : labels) seen[l]++;
  for (auto& kv : seen)
    for (int i = 0; i < c.per_class; ++i) cls.push_back(kv.first);
  auto t0 = std::chrono::steady_clock::now();
  if (!cls.empty()) {
    std::vector<Motion> g = generate_clips(m, cls, c.sample, rng);
    for (size_t i = 0; i < g.size(); ++i) {
      p.motions.push_back(std::move(g[i]));
      p.labels.push_back(cls[i]);
      p.kinds.push_back("class");
    }
  }
  for (int k = 0; k < c.partial_per_clip; ++k) {
    std::vector<Motion> v = vary_clips(m, real, labels, c.strength, c.sample);
    for (size_t i = 0; i < v.size(); ++i) {
      p.motions.push_back(std::move(v[i]));
      p.labels.push_back(labels[i]);
      p.kinds.push_back("partial");
    }
  }
  // the loaders' sanity checks (a generated clip is data like any other): a clip
  // they reject is dropped here, so a pool reloaded from disk is the same pool
  GenPool kept;
  kept.rejected = p.rejected;
  for (size_t i = 0; i < p.motions.size(); ++i) {
    std::string why = sanitize(p.motions[i], m.sk, SanityConfig{});
    if (!why.empty()) {
      kept.rejected[why]++;
      continue;
    }
    kept.motions.push_back(std::move(p.motions[i]));
    kept.labels.push_back(p.labels[i]);
    kept.kinds.push_back(p.kinds[i]);
  }
  if (verbose) {
    std::printf("generated pool: %zu clips (%zu class-conditioned, %zu partial at strength %.2f) in %.1fs",
                kept.motions.size(), cls.size(), p.motions.size() - cls.size(), c.strength,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    for (auto& [why, n] : kept.rejected) std::printf("; rejected %s: %d", why.c_str(), n);
    std::printf("\n");
  }
  return kept;
}

void save_gen_pool(const GenPool& p, const Skeleton& s, const std::vector<std::string>& classes, const std::string& dir) {
  Dataset d;
  d.name = "generated";
  d.skeleton = s;
  d.classes = classes;
  for (size_t i = 0; i < p.motions.size(); ++i) {
    Clip c;
    char id[64];
    std::snprintf(id, sizeof id, "gen%05zu_%s", i, p.kinds[i].c_str());
    c.id = id;
    c.motion = p.motions[i];
    c.label = p.labels[i];
    c.subject = 0;
    c.kind = p.kinds[i];
    d.clips.push_back(std::move(c));
  }
  write_generic(d, dir);
}

GenPool load_gen_pool(const std::string& dir, const std::vector<std::string>& classes) {
  Dataset d = load_generic(dir);
  GenPool p;
  for (auto& c : d.clips) {
    auto it = std::find(classes.begin(), classes.end(), d.classes[c.label]);
    if (it == classes.end()) throw std::runtime_error(dir + ": class '" + d.classes[c.label] + "' is not one of the model's");
    p.motions.push_back(c.motion);
    p.labels.push_back((int)(it - classes.begin()));
    p.kinds.push_back(c.kind);
  }
  return p;
}

}  // namespace haad
