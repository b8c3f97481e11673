// The haad subcommands.
#pragma once
#include <functional>
#include "apps/cli.h"
#include "contrastive/train.h"
#include "diffusion/model.h"
#include "io/dataset.h"
#include "io/splits.h"

namespace haad {
// shared by the model commands (cmd_model.cpp)
extern const char* kDataOptions;     // --data --dataset --path --seed
extern const char* kEncoderOptions;  // the encoder's architecture, features and training
Dataset load_from_args(const Args& a);  // --data/--dataset/--path, or the procedural set when no data exists
void configs_from_args(const Args& a, const Dataset& d, EncoderConfig& e, TrainConfig& t);
bool paper_preset(const Args& a);  // --preset paper (throws on another preset name)
// --support-variants LIST (mirror,head,tail,rot+15,rot-15 | none), default mirror,head,tail
// (none under --preset paper); --no-support-mirror drops the mirror, --support-mirror adds it
std::vector<std::string> support_variants_from_args(const Args& a);
// the clips a model trains on: the train subjects' (every subject's with --all-subjects)
// clips of the categories not in --heldout; the category split goes to *split
std::vector<int> training_clips(const Args& a, const Dataset& d, CategorySplit* split = nullptr);
// a generated pool (generic layout) as training clips: classes mapped onto d's, only `classes` kept
ExtraClips load_pool_for_training(const std::string& dir, const Dataset& d, const std::vector<int>& classes);
// eval's generative augmentation (cmd_diffusion.cpp): per training set, a diffusion model
// trained on its clips and a pool generated with it, both cached in out_dir
std::function<ExtraClips(const std::vector<int>&, const std::string&)> make_gen_aug(const Args& a, const Dataset& d,
                                                                                    const std::string& out_dir);

// eval's generative support expansion (cmd_diffusion.cpp): per training set a class-free
// motion completion model trained on its clips, and --support-aug A completions of every
// possible support clip, both cached (--gen-cache DIR, default out_dir) under names that
// hash what made them
using SupportGen = std::function<std::vector<std::vector<Motion>>(const std::vector<int>&, const std::vector<int>&,
                                                                  const std::string&)>;
// --support-aug A, --support-observe f, --gen-ddim S, checked (eval and score)
struct SupportAugOptions {
  int per_clip = 0;
  double observe = 0.5;
  int ddim_steps = 50;
};
SupportAugOptions support_aug_options(const Args& a);
SupportGen make_support_gen(const Args& a, const Dataset& d, const FeatureConfig& feat, const std::string& out_dir);

// d (canonical skeleton) plus the clips of a data mix as one dataset for a generator:
// the mix's categories follow d's, its clips are appended to idx
struct MixClips;
Dataset dataset_with_mix(const Dataset& d, const MixClips& mix, std::vector<int>& idx);

int cmd_data_info(const Args& a);
int cmd_convert(const Args& a);
int cmd_perturb(const Args& a);
int cmd_train(const Args& a);
int cmd_pretrain(const Args& a);
int cmd_eval(const Args& a);
int cmd_run(const Args& a);
int cmd_score(const Args& a);
int cmd_embed(const Args& a);
int cmd_stream(const Args& a);
int cmd_train_diffusion(const Args& a);
int cmd_generate(const Args& a);
int cmd_gen_eval(const Args& a);
}  // namespace haad
