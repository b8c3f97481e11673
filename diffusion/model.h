// Training the motion diffusion model, its checkpoint, and generation with it.
// Model space: clips normalised like the encoder's input (root-centred, scaled
// by mean bone length, view-normalised), divided by one data scale (the std of
// all training coordinates), cropped to H frames; shorter clips are zero-padded
// with a mask (space "time") or padded by holding their last frame (space "dct":
// the DCT needs every frame). Diffusion runs on tokens: the frames themselves,
// or the first M DCT coefficients of the H frames.
//
// A completion model (DiffusionTrainConfig::completion) is class-free and takes
// the observed part of a clip as a history input; it is trained on random
// observed prefixes (and some in-betweening spans), and at sampling time the
// observed frames are replaced by the noised ground truth after every step
// (mask replacement), so any frame x joint mask can be completed.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include "diffusion/gaussian.h"
#include "io/dataset.h"

namespace haad {

struct DiffusionTrainConfig {
  DenoiserConfig model;       // joints and classes are taken from the data; frames 0 = from the clip lengths
  int steps = 2000, batch = 32, warmup = 100;
  double lr = 5e-4, weight_decay = 0.0, clip = 1.0;
  double cond_drop = 0.1;     // classifier-free guidance: share of the batch trained without its class
  bool completion = false;    // class-free motion completion model (history input, random observed parts)
  double observe_min = 0.25, observe_max = 0.75;  // observed prefix length, as a share of the clip (completion)
  LossWeights loss;
  PreprocessConfig pre;       // must match the encoder's (generated clips feed it)
  uint64_t seed = 1;
  std::string checkpoint;     // written every save_every steps and at the end (atomic); resumed from with resume
  int save_every = 250;
  bool resume = false;
  int stop_after = 0;         // > 0: stop (checkpointed) after this many steps of this run; resume later
  std::string log_csv;        // step, loss, x0, vel, bone, lr, clips/s
  int log_every = 50;
  bool verbose = true;
  Device device = Device::CPU;
};

struct DiffusionModel {
  std::unique_ptr<Denoiser> net;
  Schedule sched;
  double data_scale = 1.0;
  std::string skeleton;                      // name
  Skeleton sk;                               // the whole skeleton (saved in the checkpoint)
  std::vector<std::string> classes;          // names of the class ids the model was trained with
  std::map<int, std::vector<int>> lengths;   // class -> training clip lengths (frames), for generation
  PreprocessConfig pre;
  int trained_steps = 0;
  bool completion() const { return net->cfg.history; }
  mutable Tensor basis;  // [M, H] orthonormal DCT rows (space dct), built on first use
};

struct DiffusionTrainResult {
  int steps = 0;
  double seconds = 0, final_loss = 0, clips_per_sec = 0;
};

// frames H for a set of clips: the 90th percentile of their lengths, a multiple of 8 in [16, 120]
int auto_frames(const std::vector<int>& lengths);

// Trains on ds.clips[idx] (raw clips; normalised here). Classes keep the dataset's ids.
DiffusionTrainResult train_diffusion(DiffusionModel& out, const Dataset& ds, const std::vector<int>& idx,
                                     const DiffusionTrainConfig& c);

void save_diffusion(const std::string& path, const DiffusionModel& m, const NamedTensors& extra = {},
                    const std::map<std::string, std::string>& extra_meta = {});
DiffusionModel load_diffusion(const std::string& path);  // throws naming the file

// model space (frames [B, H, J*3]) <-> normalised motions; the mask is set to all
// ones in space dct (the padding holds the last frame)
Tensor to_model_space(const DiffusionModel& m, const std::vector<const Motion*>& ms, Tensor* mask);
std::vector<Motion> from_model_space(const DiffusionModel& m, const Tensor& x, const std::vector<int>& lengths);
// frames [B, H, J*3] <-> tokens [B, N, J*3] (identity in space time; DCT in space dct)
Tensor to_tokens(const DiffusionModel& m, const Tensor& frames);
Tensor to_frames(const DiffusionModel& m, const Tensor& tokens);
// the history input for observed entries: obs [B, H, J*3] (1 = observed), frames
// [B, H, J*3] -> every entry replaced by the same coordinate in the nearest frame where
// it is observed (earlier on ties); zero where that coordinate is never observed
Tensor padded_history(const Tensor& frames, const std::vector<float>& obs);

// Motion completion (completion models): each normalised source clip (resampled to
// H frames if longer) with its first round(observe * T) frames observed is completed
// `per_clip` times; lengths are kept (at most H). Returns src.size() * per_clip clips, grouped by source.
// Seeded by the global generator.
// how many leading frames of a T-frame clip complete_clips observes: round(observe * T) in [1, T - 1]
int observed_frames(int T, double observe);
std::vector<Motion> complete_clips(const DiffusionModel& m, const std::vector<const Motion*>& src, int per_clip,
                                   double observe, const SampleConfig& c, int batch = 64);
// The general form: per clip an element mask known [B, H, J*3] (1 = observed) over
// the model-space frames x_known; returns completed model-space frames [B, H, J*3].
Tensor inpaint(const DiffusionModel& m, const Tensor& x_known, const Tensor& known, const Tensor& frame_mask,
               const SampleConfig& c);

// New clips of the given classes (one per entry); lengths drawn from the class's
// training lengths. Seeded by the global generator and `rng`.
std::vector<Motion> generate_clips(const DiffusionModel& m, const std::vector<int>& classes, const SampleConfig& c,
                                   Rng& rng, int batch = 64, bool verbose = false);
// Partial diffusion: each normalised source clip noised to strength * T, then
// denoised under its class (a variant of the same action; length kept, crop to H).
std::vector<Motion> vary_clips(const DiffusionModel& m, const std::vector<const Motion*>& src,
                               const std::vector<int>& classes, double strength, const SampleConfig& c, int batch = 64);

// Generated training clips for the contrastive stage
struct GenPool {
  std::vector<Motion> motions;  // normalised
  std::vector<int> labels;
  std::vector<std::string> kinds;  // "class" (from noise) or "partial" (from a real clip)
  std::map<std::string, int> rejected;  // clips that failed the data loaders' sanity checks, by reason
};
struct GenPoolConfig {
  int per_class = 20;          // class-conditioned clips per training category
  int partial_per_clip = 1;    // partial-diffusion variants per real training clip
  double strength = 0.4;
  SampleConfig sample;
  uint64_t seed = 1;
};
GenPool make_gen_pool(const DiffusionModel& m, const std::vector<const Motion*>& real, const std::vector<int>& labels,
                      const GenPoolConfig& c, bool verbose = false);
// the pool in haad's generic layout (clips/*.npy + clips.csv as the manifest, kind in the split column)
void save_gen_pool(const GenPool& p, const Skeleton& s, const std::vector<std::string>& classes, const std::string& dir);
GenPool load_gen_pool(const std::string& dir, const std::vector<std::string>& classes);

}  // namespace haad
