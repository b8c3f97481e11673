// Training the motion diffusion model, its checkpoint, and generation with it.
// Model space: clips normalised like the encoder's input (root-centred, scaled
// by mean bone length, view-normalised), divided by one data scale (the std of
// all training coordinates), cropped or zero-padded to H frames with a mask.
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

// model space <-> normalised motions
Tensor to_model_space(const DiffusionModel& m, const std::vector<const Motion*>& ms, Tensor* mask);
std::vector<Motion> from_model_space(const DiffusionModel& m, const Tensor& x, const std::vector<int>& lengths);

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
