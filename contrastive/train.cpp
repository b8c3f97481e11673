#include "contrastive/train.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include "contrastive/score.h"
#include "io/perturb.h"
#include "nn/checkpoint.h"
#include "nn/optim.h"

namespace haad {

Tensor encoder_input(const Encoder& enc, const std::vector<const Motion*>& ms, const Skeleton& s, const FeatureConfig& f,
                     const AugmentConfig* aug, Rng* rng) {
  if (enc.cfg.arch != "stgcn") return batch_features(ms, s, f, aug, rng);  // gcn, ltd: DCT features [B, J, 3M]
  // stgcn: raw frames [B, 3, H, J]
  std::vector<float> all;
  int J = ms[0]->J;
  for (const Motion* m0 : ms) {
    Motion m = resample(aug ? augment(*m0, s, *aug, *rng) : *m0, f.H);
    for (int k = 0; k < 3; ++k)
      for (int t = 0; t < f.H; ++t)
        for (int j = 0; j < J; ++j) all.push_back(m.at(t, j)[k]);
  }
  return from_vector(all, {(int64_t)ms.size(), 3, f.H, J});
}

Tensor embed_motions(Encoder& enc, const std::vector<const Motion*>& ms, const Skeleton& s, const FeatureConfig& f) {
  NoGradGuard ng;
  // an encoder already in eval mode is only read, so threads may share it
  bool was = enc.training;
  if (was) enc.eval();
  std::vector<Tensor> parts;
  for (size_t i = 0; i < ms.size(); i += 256) {
    std::vector<const Motion*> b(ms.begin() + i, ms.begin() + std::min(ms.size(), i + 256));
    parts.push_back(enc.embed(encoder_input(enc, b, s, f)));
  }
  if (was) enc.train(true);
  return parts.size() == 1 ? parts[0] : cat(parts, 0);
}

Tensor embed_members(const std::vector<Encoder*>& es, const std::vector<const Motion*>& ms, const Skeleton& s,
                     const FeatureConfig& f) {
  if (es.empty()) throw std::invalid_argument("embed_members: no encoder");
  if (es.size() == 1) return embed_motions(*es[0], ms, s, f);
  NoGradGuard ng;
  std::vector<Tensor> parts;
  for (Encoder* e : es) parts.push_back(embed_motions(*e, ms, s, f) * (1.0 / std::sqrt((double)es.size())));
  return cat(parts, 1).contiguous();
}

static std::map<std::string, std::string> feature_meta(const FeatureConfig& f) {
  std::map<std::string, std::string> m = preprocess_metadata(f.pre);
  m["H"] = std::to_string(f.H);
  m["M"] = std::to_string(f.M);
  return m;
}

void save_encoder(const std::string& path, const Encoder& enc, const FeatureConfig& f, const Skeleton& s,
                  const std::vector<std::string>& classes, const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> meta = enc.cfg.to_metadata();
  for (auto& kv : feature_meta(f)) meta[kv.first] = kv.second;
  meta["skeleton"] = s.name;
  std::string cl;
  for (auto& c : classes) cl += (cl.empty() ? "" : ",") + c;
  meta["classes"] = cl;
  meta["format"] = "haad-encoder-1";
  for (auto& kv : extra) meta[kv.first] = kv.second;
  save_safetensors(path, enc.state_dict(), meta);
}

LoadedEncoder load_encoder(const std::string& path, const Skeleton& s) {
  SafeTensors st = load_safetensors(path);
  LoadedEncoder L;
  L.meta = st.metadata;
  EncoderConfig c;
  try {
    c = EncoderConfig::from_metadata(st.metadata);
    L.feat.H = std::stoi(st.metadata.at("H"));
    L.feat.M = std::stoi(st.metadata.at("M"));
    L.feat.pre = preprocess_from_metadata(st.metadata);
    L.skeleton_name = st.metadata.at("skeleton");
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not a haad encoder checkpoint (" + e.what() + ")");
  }
  L.joints = c.joints;
  if (c.joints != s.num_joints() || L.skeleton_name != s.name)
    throw std::runtime_error(path + ": model was trained on skeleton '" + L.skeleton_name + "' (" + std::to_string(c.joints) +
                             " joints), the data uses '" + s.name + "' (" + std::to_string(s.num_joints()) + " joints)");
  L.enc = make_encoder(c, s);
  load_module(path, *L.enc);
  L.enc->eval();
  return L;
}

namespace {

// labels of pseudo-categories in a batch: far above any real category's
constexpr int64_t kPseudoLabel = int64_t(1) << 40;
// labels of wrong executions (one each): above the pseudo-categories'
constexpr int64_t kFaultLabel = int64_t(1) << 41;

struct Pool {
  std::vector<const Motion*> m;
  std::vector<int> y;
  std::map<int, std::vector<int>> by_class;
  void add(const Motion* mo, int label) {
    by_class[label].push_back((int)m.size());
    m.push_back(mo);
    y.push_back(label);
  }
};

// P classes x Q clips (with replacement when a class is small)
void sample_batch(const Pool& p, int P, int Q, Rng& r, std::vector<const Motion*>& out, std::vector<int64_t>& labels) {
  std::vector<int> classes;
  for (auto& kv : p.by_class) classes.push_back(kv.first);
  for (int i = (int)classes.size() - 1; i > 0; --i) std::swap(classes[i], classes[r.randint(i + 1)]);
  int use = std::min<int>(P, (int)classes.size());
  for (int ci = 0; ci < use; ++ci) {
    const std::vector<int>& ids = p.by_class.at(classes[ci]);
    std::vector<int> pick = ids;
    for (int i = (int)pick.size() - 1; i > 0; --i) std::swap(pick[i], pick[r.randint(i + 1)]);
    for (int q = 0; q < Q; ++q) {
      int id = q < (int)pick.size() ? pick[q] : ids[r.randint((int64_t)ids.size())];
      out.push_back(p.m[id]);
      labels.push_back(p.y[id]);
    }
  }
}

}  // namespace

TrainResult train_contrastive(Encoder& enc, const Dataset& ds, const std::vector<int>& train_idx, const TrainConfig& c) {
  auto t0 = std::chrono::steady_clock::now();
  Rng r(c.seed);
  // normalise once; seeded train/validation split of the clips
  std::vector<Motion> norm(train_idx.size());
  for (size_t i = 0; i < train_idx.size(); ++i) norm[i] = prepare_motion(ds.clips[train_idx[i]].motion, ds.skeleton, c.feat);
  std::vector<int> order(train_idx.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = (int)i;
  for (int i = (int)order.size() - 1; i > 0; --i) std::swap(order[i], order[r.randint(i + 1)]);
  Pool tr, va, ex;
  size_t nval = (size_t)std::lround(c.val_frac * order.size());
  for (size_t k = 0; k < order.size(); ++k) {
    int i = order[k];
    (k < nval ? va : tr).add(&norm[i], ds.clips[train_idx[i]].label);
  }
  for (size_t i = 0; i < c.extra_motions.size(); ++i) ex.add(c.extra_motions[i], c.extra_labels[i]);

  // body-part recombination needs left/right limbs and two categories with clips
  std::vector<std::pair<int, std::vector<int>>> limbs;
  std::vector<int> real_classes;
  for (auto& kv : tr.by_class) real_classes.push_back(kv.first);
  if (c.recombine > 0) {
    if (real_classes.size() < 2) throw std::invalid_argument("--recombine needs at least two training categories");
    limbs = skeleton_limbs(ds.skeleton);
    if (limbs.size() < 2) throw std::invalid_argument("--recombine needs a skeleton with at least two limbs");
    if (limbs.size() > 16) limbs.resize(16);
  }
  std::vector<Perturbation> fault_kinds;
  for (const std::string& k : c.fault_kinds) fault_kinds.push_back(parse_perturbation(k));
  if (fault_kinds.empty()) fault_kinds = all_perturbations();
  std::vector<Tensor> params = enc.parameters();
  Adam opt(params, c.lr, 0.9, 0.999, 1e-8, c.weight_decay, true);
  TrainResult res;
  int start = 0;
  double best = 1e30;
  std::string ck = c.checkpoint;
  if (c.resume && !ck.empty() && std::filesystem::exists(ck)) {
    load_module(ck, enc);
    SafeTensors st = load_safetensors(ck);
    if (st.metadata.count("step")) start = std::stoi(st.metadata.at("step"));
    if (st.metadata.count("best_val")) best = std::stod(st.metadata.at("best_val"));
    if (c.verbose) std::printf("resumed from %s at step %d\n", ck.c_str(), start);
  }
  // fixed validation batches (no augmentation): SupCon over one view per clip
  std::vector<const Motion*> vm = va.m;
  std::vector<int64_t> vy(va.y.begin(), va.y.end());
  Tensor vx = vm.size() >= 2 ? encoder_input(enc, vm, ds.skeleton, c.feat) : Tensor();
  std::ofstream log;
  if (!c.log_csv.empty()) {
    log.open(c.log_csv);
    if (!log) throw std::runtime_error(c.log_csv + ": cannot write the training log");
    log << "step,loss,val_loss,lr,clips_per_sec\n";
  }
  // the best weights so far, kept in memory (restored at the end)
  NamedTensors best_state;
  auto snapshot = [&]() {
    NoGradGuard ng;
    best_state.clear();
    for (auto& [n, t] : enc.state_dict()) best_state.push_back({n, t.detach().clone()});
  };
  int bad_evals = 0;
  long clips = 0;
  double loss_ema = 0;
  for (int step = start; step < c.steps; ++step) {
    double lr = c.schedule == "paper"
                    ? c.lr * std::min(1.0, (c.steps - step) / std::max(1.0, 0.95 * c.steps))
                    : lr_cosine_warmup(c.lr, step, c.warmup, c.steps, c.lr * 0.05);
    opt.lr = lr;
    std::vector<const Motion*> bm;
    std::vector<int64_t> by;
    int n_extra = ex.m.empty() ? 0 : (int)std::lround(c.extra_ratio * c.P);
    int n_pseudo = limbs.empty() ? 0 : std::min(c.P - n_extra - 1, (int)std::lround(c.recombine * c.P));
    sample_batch(tr, c.P - n_extra - std::max(0, n_pseudo), c.Q, r, bm, by);
    if (n_extra) sample_batch(ex, n_extra, c.Q, r, bm, by);
    std::vector<Motion> grafted;
    grafted.reserve((size_t)std::max(0, n_pseudo) * c.Q);  // bm points into it
    for (int k = 0; k < n_pseudo; ++k) {
      // pseudo-category k: B's clips with the limbs of a random proper subset doing A's motion
      int A = real_classes[r.randint((int64_t)real_classes.size())], B = A;
      while (B == A) B = real_classes[r.randint((int64_t)real_classes.size())];
      int mask = 1 + (int)r.randint((1 << limbs.size()) - 2);
      std::vector<int> which;
      for (size_t l = 0; l < limbs.size(); ++l)
        if (mask >> l & 1) which.push_back((int)l);
      const std::vector<int>& ia = tr.by_class.at(A);
      const std::vector<int>& ib = tr.by_class.at(B);
      for (int q = 0; q < c.Q; ++q) {
        const Motion* a = tr.m[ia[r.randint((int64_t)ia.size())]];
        const Motion* b = tr.m[ib[r.randint((int64_t)ib.size())]];
        grafted.push_back(graft_limbs(*a, *b, ds.skeleton, which));
        bm.push_back(&grafted.back());
        by.push_back(kPseudoLabel + k);
      }
    }
    // wrong executions of some of the batch's clips (long enough to perturb), each its own label
    std::vector<Motion> faulted;
    const int64_t n_clips = (int64_t)bm.size();
    int n_fault = (int)std::lround(c.fault_ratio * n_clips);
    faulted.reserve((size_t)n_fault);  // bm points into it
    for (int k = 0, tries = 0; k < n_fault && tries < 4 * n_fault; ++tries) {
      const Motion* src = bm[r.randint(n_clips)];
      if (src->T < 20) continue;
      Perturbation kind = fault_kinds[r.randint((int64_t)fault_kinds.size())];
      faulted.push_back(perturb(*src, ds.skeleton, kind, 0.25 + 0.75 * r.uniform(), r).motion);
      bm.push_back(&faulted.back());
      by.push_back(kFaultLabel + k++);
    }
    // c.views augmented views per clip: the views of one clip are positives too
    std::vector<const Motion*> views;
    std::vector<int64_t> vl;
    for (int v = 0; v < c.views; ++v) {
      views.insert(views.end(), bm.begin(), bm.end());
      vl.insert(vl.end(), by.begin(), by.end());
    }
    enc.train();
    Tensor x = encoder_input(enc, views, ds.skeleton, c.feat, c.augment ? &c.aug : nullptr, &r);
    opt.zero_grad();
    Tensor z = enc.forward(x);
    Tensor loss = supcon_loss(z, from_vector(vl, {(int64_t)vl.size()}), c.tau);
    if (c.inst_weight > 0 && c.views > 1) {
      // instance labels: one per distinct clip (a small class may repeat a clip in a batch)
      std::map<const Motion*, int64_t> id;
      std::vector<int64_t> il;
      for (const Motion* m : views) il.push_back(id.emplace(m, (int64_t)id.size()).first->second);
      loss = loss + supcon_loss(z, from_vector(il, {(int64_t)il.size()}), c.inst_tau) * c.inst_weight;
    }
    loss.backward();
    clip_grad_norm(params, 5.0);
    opt.step();
    clips += (long)views.size();
    double lv = loss.item();
    loss_ema = step == start ? lv : 0.9 * loss_ema + 0.1 * lv;
    res.final_loss = lv;
    bool last = step + 1 == c.steps;
    if ((step + 1) % c.eval_every == 0 || last) {
      double val = loss_ema;
      if (vx.defined()) {
        NoGradGuard ng;
        enc.eval();
        val = supcon_loss(enc.forward(vx), from_vector(vy, {(int64_t)vy.size()}), c.tau).item();
        enc.train();
      }
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      double cps = clips / std::max(1e-9, secs);
      double eta = secs / (step + 1 - start) * (c.steps - step - 1);
      if (c.verbose)
        std::printf("  step %4d/%d  loss %.4f  val %.4f  lr %.2e  %.0f clips/s  ETA %.0fs\n", step + 1, c.steps, loss_ema,
                    val, lr, cps, eta);
      if (log.is_open()) log << step + 1 << "," << loss_ema << "," << val << "," << lr << "," << cps << "\n";
      bool improved = val < best - 1e-4;
      if (improved) {
        best = val;
        res.best_step = step + 1;
        bad_evals = 0;
        if (c.patience > 0) snapshot();
      }
      // the checkpoint holds the model training ends with: the best one, or without early stopping the latest
      if (!ck.empty() && (improved || c.patience == 0))
        save_encoder(ck, enc, c.feat, ds.skeleton, ds.classes,
                     {{"step", std::to_string(step + 1)}, {"best_val", std::to_string(best)}});
      if (!improved && c.patience > 0 && ++bad_evals >= c.patience) {
        res.early_stopped = true;
        res.steps = step + 1;
        if (c.verbose) std::printf("  early stop at step %d (best validation loss %.4f at step %d)\n", step + 1, best, res.best_step);
        break;
      }
    }
    res.steps = step + 1;
  }
  if (!best_state.empty()) {  // back to the best model (with early stopping)
    NoGradGuard ng;
    NamedTensors cur = enc.state_dict();
    for (size_t i = 0; i < cur.size(); ++i) copy_(cur[i].second, best_state[i].second);
  }
  res.best_val = best;
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  res.clips_per_sec = clips / std::max(1e-9, res.seconds);
  return res;
}

std::map<std::string, std::string> spread_metadata(Encoder& enc, const Dataset& ds, const std::vector<int>& idx,
                                                   const FeatureConfig& f) {
  std::vector<Motion> norm;
  std::vector<std::vector<int>> by_class(ds.classes.size());
  for (int i : idx) {
    by_class[ds.clips[i].label].push_back((int)norm.size());
    norm.push_back(prepare_motion(ds.clips[i].motion, ds.skeleton, f));
  }
  std::vector<const Motion*> ptrs = motion_pointers(norm);
  if (ptrs.empty()) return {};
  double se = typical_spread(embed_motions(enc, ptrs, ds.skeleton, f), by_class);
  double sr = typical_spread(raw_dct_rows(ptrs, ds.skeleton, f), by_class);
  if (!(se > 0) || !(sr > 0)) return {};  // no category with two clips: nothing measured
  char b1[32], b2[32];
  std::snprintf(b1, sizeof b1, "%.9g", se);
  std::snprintf(b2, sizeof b2, "%.9g", sr);
  return {{"spread_emb", b1}, {"spread_raw", b2}};
}

}  // namespace haad
