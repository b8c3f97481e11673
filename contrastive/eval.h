// The evaluation protocol (haad eval / haad run).
// For each category c as "normal": support = K clips of c from the train
// subjects, test = test-subject clips of c (normal) and of the other
// categories (anomalies); AUC-ROC, AP and EER per category, averaged over
// categories, repeated over seeded support draws (mean +- std).
//   seen:   one model trained on all categories (train subjects only)
//   unseen: categories dealt into folds; per fold a model trained without the
//           held-out categories, evaluated only on them (anomalies = other
//           held-out categories)
// Baselines on the same episodes: kNN on raw normalised DCT coefficients (no
// learning) and one small autoencoder per category trained on its support clips.
#pragma once
#include <functional>
#include <string>
#include "contrastive/metrics.h"
#include "contrastive/score.h"
#include "contrastive/train.h"
#include "engine/json.h"

namespace haad {

struct EvalConfig {
  std::vector<int> Ks = {1, 5, 10};
  int draws = 10;
  int folds = 5;
  uint64_t seed = 1;
  uint64_t train_seed = 0;  // the encoders' training seed (0: seed); episodes and folds follow seed alone
  ScoreMode mode = ScoreMode::Max;
  bool seen = true, unseen = true;
  bool baseline_ae = true;
  int ae_draws = 3, ae_steps = 150;
  EncoderConfig enc;
  TrainConfig train;
  std::string out_dir;  // results.json, results.md, roc_*.svg
  // "standard": cross-subject split, unseen categories in `folds` seeded folds, the
  // unseen test pool restricted to the held-out categories. "paper" (the authors'
  // protocol): per category the first 80% of clips by file order train, the rest
  // test; one model trained on the seen categories serves both settings; the
  // unseen categories are `unseen_names` (default: the last quarter of the class
  // list); every other category's test clips are the anomalies in both settings.
  // "lodo" (leave one dataset out): every category of d is unseen; the model
  // trains on `mix` alone (other datasets, canonical skeleton, d too).
  std::string protocol = "standard";
  std::vector<std::string> unseen_names;
  // Other datasets' clips (contrastive/mix.h) mixed into every model's training
  // batches: mix_ratio of each batch's categories come from them.
  const ExtraClips* mix = nullptr;
  double mix_ratio = 0.5;
  // a pretrained encoder (haad pretrain) every model starts from: fine-tuning
  std::string init;
  bool verbose = true;
  // encoders per model, each trained with its own seed; clips are scored by the mean of
  // their cosines (train.h embed_members)
  int ensemble = 1;
  // Variants of each support clip that join its support set (io/motion.h support_variant:
  // mirror, head, tail, rot+15, rot-15). The CLI's default is mirror,head,tail (chosen on
  // validation): the per-joint embedding keeps which side moves and when, so a left-handed
  // execution, or one that starts or stops a little later, would be far from the supports.
  // The hybrid score keeps to the clips themselves.
  std::vector<std::string> support_variants;
  // > 0: score with the learned rows and the raw DCT rows side by side, weighted
  // (eval_parts.h embed_table); experimental
  double raw_weight = 0;
  // Generative augmentation: called once per trained model with the clips it
  // trains on (indices into d.clips: train subjects, training categories only,
  // so held-out categories never reach the generator); returns generated clips.
  // When set, the "haad" figures are those of the augmented model.
  std::function<ExtraClips(const std::vector<int>& train_idx, const std::string& tag)> gen_aug;
  double gen_ratio = 0.25;   // share of each batch's classes drawn from the generated pool
  // Generative support expansion (the authors' scoring): called once per trained
  // model with its training clips (the generator's data: training categories, train
  // subjects) and the clips that can be support clips of the evaluated categories;
  // returns per such clip its generated clips (normalised motions; a class-free
  // completion model needs no category, so unseen categories are served too). The
  // support set becomes K real + their generated clips; "haad + support aug" is
  // reported beside haad on the same episodes.
  std::function<std::vector<std::vector<Motion>>(const std::vector<int>& train_idx, const std::vector<int>& src_idx,
                                                 const std::string& tag)>
      support_gen;
  int ablation_seeds = 0;    // > 0 (needs gen_aug): per setting, train with and without the
                             // augmentation for this many training seeds on the same episodes
                             // and report the K=5 AUC difference (mean +- std over seeds)
};

struct EvalReport {
  Json json;
  std::string markdown;
};

EvalReport run_eval(const Dataset& d, const EvalConfig& c);
// The within-category protocol (contrastive/eval_within.cpp): per category, K normal
// training clips as support against that category's normal and anomalous test clips
// (labelled: Clip::anomalous); seen and unseen settings, the same baselines, and AUC per
// kind of anomaly. Writes results_within.{json,md}.
EvalReport run_within_eval(const Dataset& d, const EvalConfig& c);
std::string roc_svg(const std::vector<std::pair<std::string, std::vector<RocPoint>>>& curves, const std::string& title);

}  // namespace haad
