// Contrastive training of an encoder, and embedding of clips with it.
#pragma once
#include <functional>
#include <string>
#include <vector>
#include "contrastive/encoder.h"
#include "contrastive/features.h"

namespace haad {

// Extra (e.g. generated) training clips: normalised motions with their labels
struct ExtraClips {
  std::vector<Motion> motions;
  std::vector<int> labels;
};

struct TrainConfig {
  int steps = 600;
  int P = 8, Q = 4;          // classes x clips per batch; two augmented views each
  double lr = 2e-3, weight_decay = 1e-4, tau = 0.1;
  int warmup = 20;
  // "cosine": linear warm-up then cosine decay to 5%; "paper" (the authors'): constant
  // for the first 5% of the steps, then linear decay to zero
  std::string schedule = "cosine";
  int views = 2;             // views per clip in a batch (2: two augmentations of each clip are positives)
  // weight of an instance-level contrastive term (SimCLR's NT-Xent: only the other views
  // of the same clip are positives, its category-mates are negatives) added to the
  // category-level loss; keeps within-category detail that unseen categories need
  double inst_weight = 0, inst_tau = 0.1;
  // share of each batch's categories that are pseudo-categories made by body-part
  // recombination: clips of category B whose limbs in a random subset do a clip of
  // category A's motion (io/perturb.h graft_limbs); more categories than the data has
  double recombine = 0;
  // Synthetic wrong executions as negatives (outlier exposure): this share of each batch's
  // clips also enters the batch perturbed (io/perturb.h: a random kind of fault_kinds, all
  // when empty, severity uniform in [0.25, 1]) under a label of its own, so the loss pushes a
  // clip done wrongly away from its category instead of folding it in. Training clips only.
  double fault_ratio = 0;
  std::vector<std::string> fault_kinds;
  int eval_every = 25;       // validation loss cadence (steps)
  // early stop after this many evaluations without improvement and keep the best model;
  // 0: train every step and keep the last
  int patience = 4;
  double val_frac = 0.15;    // of the training clips, held out for validation
  uint64_t seed = 1;
  bool augment = true;
  AugmentConfig aug;
  FeatureConfig feat;
  bool verbose = true;
  std::string checkpoint;    // save the best model here (safetensors, atomic); resume from it if present and resume
  bool resume = false;
  std::string log_csv;       // step, loss, val_loss, lr, clips/s
  // extra training clips (e.g. generated): motions already normalised, with labels
  std::vector<const Motion*> extra_motions;
  std::vector<int> extra_labels;
  double extra_ratio = 0;    // fraction of each batch drawn from the extra pool
  // points extra_motions/extra_labels at `ex` (which must outlive training) and sets the ratio
  void use_extra(const ExtraClips& ex, double ratio) {
    extra_motions.clear();
    extra_labels = ex.labels;
    for (const Motion& m : ex.motions) extra_motions.push_back(&m);
    extra_ratio = ratio;
  }
};

struct TrainResult {
  int steps = 0, best_step = 0;
  double best_val = 0, final_loss = 0, seconds = 0, clips_per_sec = 0;
  bool early_stopped = false;
};

// Motions in `ds` are raw; this normalises what it uses. Clips of train_idx are
// split into train/validation by a seeded draw.
TrainResult train_contrastive(Encoder& enc, const Dataset& ds, const std::vector<int>& train_idx, const TrainConfig& c);

// Model input for normalised motions, matching the encoder's arch
Tensor encoder_input(const Encoder& enc, const std::vector<const Motion*>& ms, const Skeleton& s, const FeatureConfig& f,
                     const AugmentConfig* aug = nullptr, Rng* rng = nullptr);
// [N, embed] for normalised motions, eval mode, batched, no graph
Tensor embed_motions(Encoder& enc, const std::vector<const Motion*>& ms, const Skeleton& s, const FeatureConfig& f);
// An ensemble's rows: each member's embed_motions rows scaled by 1/sqrt(n), side by side.
// Rows stay unit length and a cosine between two is the mean of the members' cosines,
// so every score mode works on it unchanged. One member: its rows as they are.
Tensor embed_members(const std::vector<Encoder*>& es, const std::vector<const Motion*>& ms, const Skeleton& s,
                     const FeatureConfig& f);

// The typical same-category spreads of a trained model's training clips, in its
// embedding and in raw DCT (score.h typical_spread): the hybrid score's calibration
// for a support set of one clip. -> {"spread_emb", "spread_raw"} for save_encoder.
std::map<std::string, std::string> spread_metadata(Encoder& enc, const Dataset& ds, const std::vector<int>& idx,
                                                   const FeatureConfig& f);

// checkpoint = state dict + encoder/feature config + skeleton + classes in the metadata
void save_encoder(const std::string& path, const Encoder& enc, const FeatureConfig& f, const Skeleton& s,
                  const std::vector<std::string>& classes, const std::map<std::string, std::string>& extra = {});
struct LoadedEncoder {
  std::unique_ptr<Encoder> enc;
  FeatureConfig feat;
  std::string skeleton_name;
  int joints = 0;
  std::map<std::string, std::string> meta;
};
LoadedEncoder load_encoder(const std::string& path, const Skeleton& s);  // checks the skeleton matches

}  // namespace haad
