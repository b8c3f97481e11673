#include "contrastive/eval_parts.h"
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <cstdio>
#include "contrastive/train.h"
#include "nn/layers.h"
#include "nn/module.h"
#include "engine/ops.h"
#include "engine/rng.h"
#include "nn/optim.h"

namespace haad {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

Tensor rows(const Tensor& emb, const std::vector<int>& idx) {
  NoGradGuard ng;
  return index_select(emb, 0, from_vector(std::vector<int64_t>(idx.begin(), idx.end()), {(int64_t)idx.size()}));
}

Tensor embed_table(const std::vector<Encoder*>& e, const std::vector<const Motion*>& all, const Skeleton& s,
                   const FeatureConfig& f, const std::vector<std::string>& variants, double raw_weight) {
  if (!(raw_weight >= 0 && raw_weight < 1)) throw std::invalid_argument("embed_table: raw weight must be in [0, 1)");
  auto block = [&](const std::vector<const Motion*>& ms) {
    Tensor l = embed_members(e, ms, s, f);
    if (raw_weight == 0) return l;
    NoGradGuard ng;
    return cat({l * std::sqrt(1 - raw_weight), raw_dct_rows(ms, s, f) * std::sqrt(raw_weight)}, 1).contiguous();
  };
  std::vector<Tensor> blocks = {block(all)};
  for (const std::string& v : variants) {
    std::vector<Motion> m;
    m.reserve(all.size());
    for (const Motion* x : all) m.push_back(support_variant(*x, s, v));
    blocks.push_back(block(motion_pointers(m)));
  }
  return blocks.size() == 1 ? blocks[0] : cat(blocks, 0).contiguous();
}

Tensor support_rows(const Tensor& table, const std::vector<int>& sup, int64_t clips) {
  if (table.size(0) == clips) return rows(table, sup);
  std::vector<int> all;
  for (int64_t b = 0; b < table.size(0) / clips; ++b)
    for (int i : sup) all.push_back((int)(b * clips + i));
  return rows(table, all);
}

Metrics metrics(const std::vector<double>& s, const std::vector<int>& y) {
  return {auc_roc(s, y), average_precision(s, y), equal_error_rate(s, y)};
}

namespace {
// small per-category autoencoder on flattened DCT features: F -> 64 -> F
struct AE : Module {
  Linear e, dcd;
  AE(int F) : e(F, 64), dcd(64, F) { child("e", e); child("d", dcd); }
  Tensor forward(const Tensor& x) { return dcd.forward(tanh(e.forward(x))); }
};
}  // namespace

std::vector<double> ae_scores(const Tensor& feats, const std::vector<int>& support, const std::vector<int>& test, int steps,
                              uint64_t seed) {
  manual_seed(seed);
  AE ae((int)feats.size(1));
  Adam opt(ae.parameters(), 3e-3);
  Tensor xs = rows(feats, support), xt = rows(feats, test);
  for (int s = 0; s < steps; ++s) {
    opt.zero_grad();
    Tensor l = mean(square(sub(ae.forward(xs), xs)));
    l.backward();
    opt.step();
  }
  NoGradGuard ng;
  return mean(square(sub(ae.forward(xt), xt)), {1}).to_vector<double>();
}

void Acc::add(int K, int draw, int cls, const Metrics& m) {
    auto& d = by_k[K];
    if ((int)d.size() <= draw) d.resize(draw + 1);
    d[draw].push_back(m);
    class_auc[K][cls].push_back(m.auc);
}

Json Acc::summary(int K) const {
    Json j = Json::object();
    auto it = by_k.find(K);
    if (it == by_k.end()) return j;
    std::vector<double> auc, ap, eer;
    for (auto& draw : it->second) {
      if (draw.empty()) continue;
      double a = 0, p = 0, e = 0;
      for (auto& m : draw) { a += m.auc; p += m.ap; e += m.eer; }
      auc.push_back(a / draw.size());
      ap.push_back(p / draw.size());
      eer.push_back(e / draw.size());
    }
    auto put = [&](const char* k, const std::vector<double>& v) {
      MeanStd ms = mean_std(v);
      j.set(k, Json::object().set("mean", Json::number(ms.mean)).set("std", Json::number(ms.std)));
    };
    put("auc", auc);
    put("ap", ap);
    put("eer", eer);
    j.set("draws", Json::number((double)auc.size()));
    j.set("categories", Json::number(it->second.empty() ? 0 : (double)it->second[0].size()));
    return j;
}

std::string fmt(const Json& j, const char* k) {
  if (!j.has(k)) return "n/a";
  char b[64];
  std::snprintf(b, sizeof b, "%.3f ± %.3f", j.at(k).at("mean").num, j.at(k).at("std").num);
  return b;
}


void eval_features(const Dataset& d, const FeatureConfig& F, EvalFeatures& o) {
  o.norm.assign(d.clips.size(), Motion());
  o.all.assign(d.clips.size(), nullptr);
  for (size_t i = 0; i < d.clips.size(); ++i) {
    o.norm[i] = prepare_motion(d.clips[i].motion, d.skeleton, F);
    o.all[i] = &o.norm[i];
  }
  Tensor f = batch_features(o.all, d.skeleton, F);
  o.raw_unnorm = f.reshape({f.size(0), -1});
  o.raw = l2_normalize(o.raw_unnorm, -1);  // = raw_dct_rows(o.all, ...), without computing the features twice
}

}  // namespace haad
