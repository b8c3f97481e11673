#include "contrastive/detector.h"
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include "engine/autograd.h"
#include "io/canonical.h"
#include "io/dataset.h"
#include "nn/checkpoint.h"

namespace haad {

static Skeleton model_skeleton(const std::string& model, const std::string& name, const std::string& json) {
  if (!json.empty()) return load_skeleton_json(json);
  if (name == "msr20") return skeleton_msr20();
  if (name == "kinect_v1") return skeleton_kinect_v1();
  if (name == "smpl24") return skeleton_smpl24();
  if (name == "canonical16") return skeleton_canonical();
  throw std::invalid_argument(model + ": skeleton '" + name + "' is not built in: give its skeleton.json");
}

Detector Detector::load(const std::string& model, const std::string& skeleton_json) {
  SafeTensors st = load_safetensors(model);
  auto it = st.metadata.find("skeleton");
  if (it == st.metadata.end()) throw std::runtime_error(model + ": not a haad encoder (no skeleton in metadata)");
  Detector d;
  d.path_ = model;
  d.skel_ = model_skeleton(model, it->second, skeleton_json);
  d.enc_ = load_encoder(model, d.skel_);  // eval mode from here on: read-only, shareable
  auto num = [&](const char* k) {
    auto f = d.enc_.meta.find(k);
    if (f == d.enc_.meta.end()) return (double)NAN;
    try {
      return std::stod(f->second);
    } catch (const std::exception&) {
      throw std::runtime_error(model + ": metadata '" + k + "' is not a number: '" + f->second + "'");
    }
  };
  d.fb_emb_ = num("spread_emb");
  d.fb_raw_ = num("spread_raw");
  const char* env = std::getenv("HAAD_PLAN");
  bool want = !(env && std::strcmp(env, "0") == 0);
  if (want && EncoderPlan::supported(*d.enc_.enc) && d.enc_.enc->parameters()[0].device() == Device::CPU)
    d.plan_ = std::make_shared<const PlanRunner>(*d.enc_.enc, d.enc_.feat.H);
  return d;
}

int Detector::embedding_dim() const {
  const EncoderConfig& c = enc_.enc->cfg;
  // LTD's nodes keep the input's width (3M) and its embedding is their max per joint
  const int nodes = c.joints * (c.arch == "ltd" ? c.in_features : c.hidden), pooled = c.arch == "ltd" ? c.joints : c.hidden;
  if (c.embed_from == "nodes") return nodes;
  if (c.embed_from == "both") return pooled + nodes;
  if (c.arch == "ltd") return c.joints;
  return c.embed_from == "backbone" ? c.hidden : c.embed;
}

Motion Detector::prepare(const Motion& raw, const std::string& name) const {
  if (raw.J != joints())
    throw std::invalid_argument(name + ": " + std::to_string(raw.J) + " joints, the model's skeleton '" + skel_.name +
                                "' has " + std::to_string(joints()));
  if ((size_t)raw.T * raw.J * 3 != raw.xyz.size()) throw std::invalid_argument(name + ": data size does not match T x J x 3");
  Motion m = raw;
  std::string why = sanitize(m, skel_, SanityConfig{});
  if (!why.empty()) throw std::invalid_argument(name + ": unusable clip (" + why + ")");
  return prepare_motion(m, skel_, enc_.feat);
}

std::vector<Motion> Detector::prepare_all(const std::vector<Motion>& raw, const std::vector<std::string>& names,
                                          const char* what) const {
  std::vector<Motion> out;
  for (size_t i = 0; i < raw.size(); ++i)
    out.push_back(prepare(raw[i], i < names.size() ? names[i] : std::string(what) + " " + std::to_string(i)));
  return out;
}

void Detector::set_support(const std::vector<Motion>& raw, const std::vector<std::string>& names) {
  if (raw.empty()) throw std::invalid_argument("set_support: no support clips");
  std::vector<Motion> prepared = prepare_all(raw, names, "support clip");
  Tensor e = embed_prepared(motion_pointers(prepared));
  Tensor r = raw_dct_rows(motion_pointers(prepared), skel_, enc_.feat);
  Tensor ve = embed_variants(prepared);  // once per support set
  support_ = std::move(prepared);  // only replaced once everything succeeded
  support_emb_ = e;
  support_raw_ = r;
  variant_emb_ = ve;
  update_scoring_rows();
  n_generated_ = 0;
}

void Detector::add_generated_support(const std::vector<Motion>& normalised) {
  need_support();
  if (normalised.empty()) return;
  for (const Motion& m : normalised)
    if (m.J != joints())
      throw std::invalid_argument("generated support clip has " + std::to_string(m.J) + " joints, the model's skeleton " +
                                  std::to_string(joints()));
  Tensor e = embed_prepared(motion_pointers(normalised));
  Tensor r = raw_dct_rows(motion_pointers(normalised), skel_, enc_.feat);
  support_emb_ = cat({support_emb_, e}, 0).contiguous();
  support_raw_ = cat({support_raw_, r}, 0).contiguous();
  update_scoring_rows();
  n_generated_ += (int)normalised.size();
}

Tensor Detector::embed_variants(const std::vector<Motion>& prepared) const {
  std::vector<Motion> v;
  for (const std::string& name : variants_)
    for (const Motion& m : prepared) v.push_back(support_variant(m, skel_, name));
  return v.empty() ? Tensor() : embed_prepared(motion_pointers(v));
}

void Detector::set_support_variants(const std::vector<std::string>& names) {
  std::vector<std::string> checked = check_support_variants(names);  // throws on an unknown name
  std::swap(variants_, checked);
  if (support_.empty()) return;
  try {
    variant_emb_ = embed_variants(support_);
  } catch (...) {
    std::swap(variants_, checked);  // nothing changed
    throw;
  }
  update_scoring_rows();
}

void Detector::set_support_mirror(bool on) {
  std::vector<std::string> v;
  if (on) v.push_back("mirror");
  for (const std::string& n : variants_)
    if (n != "mirror") v.push_back(n);
  set_support_variants(v);
}

bool Detector::support_mirror() const {
  return std::find(variants_.begin(), variants_.end(), "mirror") != variants_.end();
}

void Detector::update_scoring_rows() {
  score_emb_ = variant_emb_.defined() ? cat({support_emb_, variant_emb_}, 0).contiguous() : support_emb_;
}

void Detector::need_support() const {
  if (support_.empty()) throw std::logic_error("Detector: set_support() first");
}

Tensor Detector::embed_prepared(const std::vector<const Motion*>& prepared) const {
  if (!plan_ || prepared.empty()) return embed_motions(*enc_.enc, prepared, skel_, enc_.feat);
  Tensor x = encoder_input(*enc_.enc, prepared, skel_, enc_.feat);
  Tensor out = empty({(int64_t)prepared.size(), (int64_t)plan_->plan().dim()});
  plan_->embed(x.data<float>(), x.size(0), out.data<float>());
  return out;
}

std::vector<double> Detector::score_prepared(const std::vector<const Motion*>& prepared) const {
  need_support();
  if (prepared.empty()) return {};
  if (plan_ && mode_ == ScoreMode::Max) {  // embed and the similarities in one pass, no tensors
    Tensor x = encoder_input(*enc_.enc, prepared, skel_, enc_.feat);
    std::vector<double> out(prepared.size());
    plan_->score_max(x.data<float>(), x.size(0), score_emb_.data<float>(), score_emb_.size(0), out.data());
    return out;
  }
  if (mode_ == ScoreMode::Hybrid) {
    if (support_emb_.size(0) < 2 && !(fb_emb_ > 0 && fb_raw_ > 0))
      throw std::invalid_argument(path_ + ": the hybrid score with one support clip needs the spreads the model measured in "
                                  "training (written by haad train since the hybrid score); give two or more support "
                                  "clips, or --score max");
    return hybrid_scores(support_emb_, embed_prepared(prepared), support_raw_, raw_dct_rows(prepared, skel_, enc_.feat),
                         fb_emb_, fb_raw_);
  }
  return anomaly_scores(score_emb_, embed_prepared(prepared), mode_);
}

Tensor Detector::embed(const std::vector<Motion>& raw, const std::vector<std::string>& names) const {
  return embed_prepared(motion_pointers(prepare_all(raw, names, "clip")));
}

std::vector<double> Detector::score(const std::vector<Motion>& raw, const std::vector<std::string>& names) const {
  need_support();
  return score_prepared(motion_pointers(prepare_all(raw, names, "clip")));
}

std::vector<WindowScore> Detector::score_windows(const Motion& raw, int W, int S, const std::string& name) const {
  need_support();
  if (W <= 0 || S <= 0) throw std::invalid_argument("score_windows: window and stride must be positive");
  prepare(raw, name);  // the whole clip must be usable; its problems are named once
  std::vector<int> starts = window_starts(raw.T, W, S);
  std::vector<Motion> wins;
  for (int s0 : starts) wins.push_back(prepare(raw.T > W ? slice_frames(raw, s0, W) : raw, name));
  std::vector<double> sc = score_prepared(motion_pointers(wins));
  std::vector<WindowScore> out;
  for (size_t i = 0; i < starts.size(); ++i) out.push_back({starts[i], std::min(raw.T, starts[i] + W), sc[i]});
  return out;
}

Localization Detector::localize(const Motion& raw, const std::string& name) const {
  need_support();
  Motion m = prepare(raw, name);
  Tensor real = n_generated_ ? support_emb_.slice(0, 0, (int64_t)support_.size()).contiguous() : support_emb_;
  return haad::localize(*enc_.enc, m, motion_pointers(support_), real, skel_, enc_.feat);
}

// ---------------------------------------------------------------- streaming
StreamScorer::StreamScorer(const Detector& d, int window, int stride) : det_(d), W_(window), S_(stride), J_(d.joints()) {
  if (W_ < 5 || S_ < 1) throw std::invalid_argument("stream: window must be >= 5 frames and stride >= 1");
  ring_.assign((size_t)W_ * J_ * 3, 0.f);
}

WindowScore StreamScorer::score_last(int len) {
  Motion m(len, J_);
  for (int t = 0; t < len; ++t) {
    int64_t f = n_ - len + t;  // absolute frame number
    const float* src = &ring_[(size_t)(f % W_) * J_ * 3];
    std::copy(src, src + J_ * 3, m.at(t, 0));
  }
  WindowScore w;
  w.start = (int)(n_ - len);
  w.end = (int)n_;
  last_end_ = n_;
  Motion p = det_.prepare(m, "window " + std::to_string(w.start) + "-" + std::to_string(w.end));
  w.score = det_.score_prepared({&p})[0];
  return w;
}

bool StreamScorer::push(const float* frame, WindowScore& out) {
  std::copy(frame, frame + J_ * 3, &ring_[(size_t)(n_ % W_) * J_ * 3]);
  ++n_;
  if (n_ >= W_ && (n_ - W_) % S_ == 0) {
    out = score_last(W_);
    return true;
  }
  return false;
}

bool StreamScorer::finish(WindowScore& out) {
  if (n_ == 0 || n_ == last_end_) return false;
  out = score_last((int)std::min<int64_t>(n_, W_));  // the window that reaches the end
  return true;
}

}  // namespace haad
