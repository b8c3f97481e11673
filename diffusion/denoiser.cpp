#include "diffusion/denoiser.h"
#include <stdexcept>

namespace haad {

std::map<std::string, std::string> DenoiserConfig::to_metadata() const {
  return {{"joints", std::to_string(joints)}, {"num_classes", std::to_string(classes)}, {"frames", std::to_string(frames)},
          {"latent", std::to_string(latent)}, {"layers", std::to_string(layers)},   {"heads", std::to_string(heads)},
          {"ff", std::to_string(ff)},         {"dropout", std::to_string(dropout)},
          {"steps", std::to_string(steps)},   {"history", history ? "1" : "0"},
          {"space", space},                   {"coeffs", std::to_string(coeffs)}};
}

DenoiserConfig DenoiserConfig::from_metadata(const std::map<std::string, std::string>& m) {
  DenoiserConfig c;
  c.joints = std::stoi(m.at("joints"));
  c.classes = std::stoi(m.at("num_classes"));
  c.frames = std::stoi(m.at("frames"));
  c.latent = std::stoi(m.at("latent"));
  c.layers = std::stoi(m.at("layers"));
  c.heads = std::stoi(m.at("heads"));
  c.ff = std::stoi(m.at("ff"));
  c.dropout = std::stod(m.at("dropout"));
  c.steps = std::stoi(m.at("steps"));
  // keys added with motion completion: absent in older checkpoints
  auto opt = [&](const char* k, const std::string& d) { auto it = m.find(k); return it == m.end() ? d : it->second; };
  c.history = opt("history", "0") == "1";
  c.space = opt("space", "time");
  c.coeffs = std::stoi(opt("coeffs", "20"));
  if (c.space != "time" && c.space != "dct") throw std::invalid_argument("space must be time or dct, got " + c.space);
  return c;
}

Denoiser::Denoiser(const DenoiserConfig& c)
    : cfg(c),
      input_process(c.joints * 3, c.latent),
      time_mlp1(c.latent, c.latent),
      time_mlp2(c.latent, c.latent),
      class_embed(c.classes + 1, c.latent),
      final_norm(c.latent),
      output_process(c.latent, c.joints * 3) {
  if (c.latent % c.heads) throw std::invalid_argument("denoiser: latent must be a multiple of heads");
  child("input_process", input_process);
  child("time_mlp1", time_mlp1);
  child("time_mlp2", time_mlp2);
  child("class_embed", class_embed);
  if (c.space == "dct" && (c.coeffs < 1 || c.coeffs > c.frames))
    throw std::invalid_argument("denoiser: DCT coefficients must be in [1, frames]");
  if (c.history) {
    hist_process = std::make_unique<Linear>(c.joints * 3, c.latent);
    child("hist_process", *hist_process);
  }
  for (int i = 0; i < c.layers; ++i) {
    layers.push_back(std::make_unique<TransformerEncoderLayer>(c.latent, c.heads, c.ff, c.dropout));
    child("layers." + std::to_string(i), *layers.back());
  }
  child("final_norm", final_norm);
  child("output_process", output_process);
}

Tensor Denoiser::forward(const Tensor& x, const Tensor& t, const Tensor& cls, const Tensor& mask,
                         const Tensor& hist) const {
  int64_t B = x.size(0), H = x.size(1), D = cfg.latent;
  if (x.dim() != 3 || x.size(2) != cfg.joints * 3 || H > cfg.tokens())
    throw std::invalid_argument("denoiser: input must be [B, <=" + std::to_string(cfg.tokens()) + ", " +
                                std::to_string(cfg.joints * 3) + "], got " + x.shape().str());
  if (t.numel() != B || cls.numel() != B) throw std::invalid_argument("denoiser: need one step and one class per clip");
  Device dev = x.device();
  if (!time_table_.defined() || time_table_.device() != dev) {
    time_table_ = sinusoidal_table(cfg.steps, D).to(dev);
    pos_table_ = sinusoidal_table(cfg.frames + 1, D).to(dev);
    ones_.clear();
  }
  // MDM's step embedding: the sinusoidal table row of step t, through an MLP
  Tensor temb = time_mlp2.forward(silu(time_mlp1.forward(embedding(time_table_, t))));
  Tensor cond = (temb + class_embed.forward(cls)).unsqueeze(1);  // [B, 1, D]
  Tensor tok = input_process.forward(x);
  if (hist_process) {
    if (hist.defined() && hist.shape() != x.shape())
      throw std::invalid_argument("denoiser: history must be shaped like the input " + x.shape().str() + ", got " +
                                  hist.shape().str());
    tok = tok + hist_process->forward(hist.defined() ? hist : zeros(x.shape(), x.dtype(), dev));
  }
  Tensor seq = cat({cond, tok}, 1) + pos_table_.slice(0, 0, H + 1);
  seq = dropout(seq, cfg.dropout, training);
  Tensor key_mask;
  if (mask.defined()) {
    Tensor& one = ones_[B];
    if (!one.defined()) one = ones({B, 1}, DType::F32, dev);
    key_mask = cat({one, mask}, 1);
  }
  for (auto& l : layers) seq = l->forward(seq, key_mask);
  return output_process.forward(final_norm.forward(seq.slice(1, 1, H + 1)));
}

double Denoiser::flops_per_forward(int batch) const {
  double N = cfg.tokens(), tok = (double)batch * (N + 1), D = cfg.latent;
  double per_layer = 2.0 * tok * (4 * D * D + 2 * D * cfg.ff) + 4.0 * batch * (N + 1.0) * (N + 1.0) * D;
  return cfg.layers * per_layer + 2.0 * batch * N * (cfg.history ? 3.0 : 2.0) * D * cfg.joints * 3;
}

}  // namespace haad
