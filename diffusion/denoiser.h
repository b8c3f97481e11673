// The motion denoiser: an action-conditioned transformer in the style of MDM
// (Tevet et al. 2023). Each frame's J x 3 joints are projected to a latent
// token; the diffusion step (sinusoidal embedding through an MLP) plus a
// learned class embedding form one condition token prepended to the frames;
// sinusoidal positions are added; a stack of pre-norm transformer encoder
// layers follows; the frame tokens are projected back to joints. The network
// predicts the clean motion x0. Class id `classes` is the "no class" token of
// classifier-free guidance. Padded frames are masked out of attention.
//
// Motion completion (history = true): a second input, the clip's observed part
// padded to full length (each unobserved frame holds the nearest observed one,
// as HumanMAC feeds its padded history; all zero when nothing is observed), in
// the model's space, is projected per token and added to the tokens. A
// class-free model has classes = 0: only the "no class" row is ever used.
// Tokens are frames (space "time") or the first `coeffs` DCT coefficients of
// the H frames (space "dct", as in HumanMAC; fewer and smoother tokens).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>
#include "nn/transformer.h"

namespace haad {

struct DenoiserConfig {
  int joints = 20, classes = 1;
  int frames = 48;           // H: clip length the model works on (shorter clips are padded and masked)
  int latent = 256, layers = 4, heads = 4, ff = 1024;
  double dropout = 0.1;
  int steps = 1000;          // diffusion steps T (size of the step-embedding table)
  bool history = false;      // motion completion: the padded observed part is a second input
  std::string space = "time";  // time | dct
  int coeffs = 20;           // DCT coefficients kept (space dct)
  int tokens() const { return space == "dct" ? coeffs : frames; }
  std::map<std::string, std::string> to_metadata() const;
  static DenoiserConfig from_metadata(const std::map<std::string, std::string>& m);  // throws on a missing key
};

struct Denoiser : Module {
  DenoiserConfig cfg;
  Linear input_process, time_mlp1, time_mlp2;
  std::unique_ptr<Linear> hist_process;  // history models only
  Embedding class_embed;  // [classes + 1, latent]; the last row is "no class"
  std::vector<std::unique_ptr<TransformerEncoderLayer>> layers;
  LayerNorm final_norm;
  Linear output_process;
  explicit Denoiser(const DenoiserConfig& c);
  int null_class() const { return cfg.classes; }
  // x_t [B, N, J*3] (N = tokens(): frames or DCT coefficients), t i64 [B]
  // diffusion steps, cls i64 [B] (null_class() = unconditional), mask [B, N]
  // (1 = real frame) or undefined, hist [B, N, J*3] or undefined (history models:
  // nothing observed) -> x0 [B, N, J*3].
  // Takes only device tensors (and caches its constant tables per device), so a
  // call can be captured in a CUDA graph.
  Tensor forward(const Tensor& x, const Tensor& t, const Tensor& cls, const Tensor& mask,
                 const Tensor& hist = Tensor()) const;
  Device device() const { return input_process.weight->device(); }
  double flops_per_forward(int batch) const;  // multiply-adds x 2 of one forward pass

 private:
  mutable Tensor time_table_, pos_table_;  // sinusoidal tables on the model's device
  mutable std::map<int64_t, Tensor> ones_;  // [B, 1] ones: the condition token's mask entry
};

}  // namespace haad
