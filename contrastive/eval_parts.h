// Pieces the evaluation protocols share (contrastive/eval.cpp, eval_within.cpp):
// metrics of one episode, the per-category autoencoder baseline, accumulators of
// per-category metrics over support draws, and their formatting.
#pragma once
#include <map>
#include <vector>
#include "contrastive/encoder.h"
#include "contrastive/features.h"
#include "contrastive/metrics.h"
#include "io/dataset.h"
#include "engine/json.h"
#include "engine/tensor.h"

namespace haad {

double now();  // seconds, monotonic
Tensor rows(const Tensor& emb, const std::vector<int>& idx);
// The embedding table an evaluation scores with: every clip's row, then for each variant
// a block of every clip's variant's rows (row (v+1) N + i for clip i), so support sets can
// hold them. Several encoders: an ensemble (embed_members). raw_weight w > 0: each row is
// [sqrt(1 - w) learned, sqrt(w) raw DCT] (unit length; a cosine is the weighted mean of the
// learned and the raw cosines).
Tensor embed_table(const std::vector<Encoder*>& e, const std::vector<const Motion*>& all, const Skeleton& s,
                   const FeatureConfig& f, const std::vector<std::string>& variants, double raw_weight = 0);
// A support set's rows in such a table: its clips' own rows, then their variants' when the
// table holds them ((1 + variants) x N rows for N clips)
Tensor support_rows(const Tensor& table, const std::vector<int>& sup, int64_t clips);

struct Metrics { double auc, ap, eer; };
Metrics metrics(const std::vector<double>& s, const std::vector<int>& y);

// per-category autoencoder on flattened DCT features (F -> 64 -> F), trained on the
// support rows; scores are the test rows' reconstruction errors
std::vector<double> ae_scores(const Tensor& feats, const std::vector<int>& support, const std::vector<int>& test, int steps,
                              uint64_t seed);

struct Acc {  // per (method, K): per draw, the list of per-category metrics
  std::map<int, std::vector<std::vector<Metrics>>> by_k;
  std::map<int, std::map<int, std::vector<double>>> class_auc;  // K -> class -> AUCs over draws
  void add(int K, int draw, int cls, const Metrics& m);
  // mean over categories per draw, then mean/std over draws
  Json summary(int K) const;
};

std::string fmt(const Json& j, const char* k);  // "0.912 ± 0.004"

// Every clip of d normalised for the encoder, and the raw DCT features the
// baselines use: flattened (the autoencoder's input) and unit-length (kNN's).
struct EvalFeatures {
  std::vector<Motion> norm;
  std::vector<const Motion*> all;  // pointers into norm
  Tensor raw, raw_unnorm;
};
void eval_features(const Dataset& d, const FeatureConfig& F, EvalFeatures& out);

}  // namespace haad
