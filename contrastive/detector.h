// The scoring pipeline as one object a library user calls: load a model, give
// it the K normal support clips of a category, score new clips. Clips are raw
// (T, J, 3) motions on the model's skeleton (y up, any unit): the Detector
// checks them (sanity checks), normalises them and embeds them itself.
//
// Thread safety: after load() and set_support(), the const methods (score,
// score_windows, localize, embed, prepare) may be called from any number of
// threads at once on one Detector. set_support() must not run concurrently
// with them.
#pragma once
#include <cmath>
#include <memory>
#include <string>
#include <vector>
#include "contrastive/localize.h"
#include "contrastive/plan.h"
#include "contrastive/score.h"
#include "contrastive/train.h"

namespace haad {

struct WindowScore {
  int start = 0, end = 0;  // frames [start, end) of the clip
  double score = 0;
};

class Detector {
 public:
  // model: an encoder checkpoint (haad train). skeleton_json: the skeleton.json of
  // a generic-layout dataset, for models trained on one; built-in skeletons
  // (msr20, kinect_v1, smpl24) are found by name. Throws naming the file.
  static Detector load(const std::string& model, const std::string& skeleton_json = "");

  const Skeleton& skeleton() const { return skel_; }
  int joints() const { return skel_.num_joints(); }
  int embedding_dim() const;
  const FeatureConfig& features() const { return enc_.feat; }
  const std::string& model_path() const { return path_; }
  // Whether embed/score run through the inference plan (contrastive/plan.h):
  // models on the CPU, unless HAAD_PLAN=0 asks for the eager forward.
  bool planned() const { return plan_ != nullptr; }
  const Encoder& encoder() const { return *enc_.enc; }
  // ScoreMode::Hybrid (haad's default) adds raw-DCT nearest-neighbour distance to the
  // embedding's, each divided by the support set's spread in its space; with one
  // support clip the spreads the model measured on its training categories stand in
  // (written by haad train; a model without them needs K >= 2 for this score)
  void set_mode(ScoreMode m) { mode_ = m; }
  // Variants of each support clip that join the set clips are scored against (io/motion.h
  // support_variant: mirror, head, tail, rot+15, rot-15). Default mirror, head, tail,
  // haad's default chosen on validation: the per-joint embedding keeps which side moves and
  // when, so a left-handed execution, or one that starts or stops a little later, would be
  // far from the supports; drop "mirror" when the side is what matters. The hybrid score and
  // localisation keep to the clips themselves. Takes effect on the current support.
  void set_support_variants(const std::vector<std::string>& names);  // throws on an unknown name
  const std::vector<std::string>& support_variants() const { return variants_; }
  void set_support_mirror(bool on);  // adds or removes "mirror"
  bool support_mirror() const;
  ScoreMode mode() const { return mode_; }

  // Checks and normalises one raw clip; throws std::invalid_argument
  // "NAME: unusable clip (REASON)" or "NAME: N joints, the model's skeleton ...".
  Motion prepare(const Motion& raw, const std::string& name) const;

  // Replaces the support set (raw clips; names for error messages, default
  // "support clip i"). Embeddings are computed once and cached.
  void set_support(const std::vector<Motion>& raw, const std::vector<std::string>& names = {});
  int support_size() const { return (int)support_.size(); }
  const std::vector<Motion>& support_prepared() const { return support_; }  // the real support clips, normalised
  // Generative support expansion: adds generated clips (normalised, e.g. motion
  // completions of the support clips, diffusion/model.h complete_clips) to the
  // set every clip is scored against; set_support() drops them. Localisation
  // keeps to the real support clips.
  void add_generated_support(const std::vector<Motion>& normalised);
  int generated_support_size() const { return n_generated_; }
  const Tensor& support_embeddings() const { return support_emb_; }

  // Anomaly score per raw clip (1 = anomalous for the max-cosine score).
  std::vector<double> score(const std::vector<Motion>& raw, const std::vector<std::string>& names = {}) const;
  // One score per window of W frames every S frames, covering the end (the
  // last window starts at T - W); one window when T <= W. Each window is
  // normalised on its own, so a live stream (StreamScorer) gives the same scores.
  std::vector<WindowScore> score_windows(const Motion& raw, int window, int stride, const std::string& name = "clip") const;
  // Which joints and frames differ most from the nearest support clip.
  Localization localize(const Motion& raw, const std::string& name = "clip") const;
  // [N, D] unit-length embeddings of raw clips.
  Tensor embed(const std::vector<Motion>& raw, const std::vector<std::string>& names = {}) const;
  // The same for clips already normalised by prepare().
  Tensor embed_prepared(const std::vector<const Motion*>& prepared) const;
  std::vector<double> score_prepared(const std::vector<const Motion*>& prepared) const;

 private:
  std::string path_;
  Skeleton skel_;
  LoadedEncoder enc_;
  ScoreMode mode_ = ScoreMode::Max;
  std::vector<Motion> support_;  // normalised
  Tensor support_emb_;  // real support clips' rows first, then the generated ones'
  Tensor support_raw_;  // the same clips' raw DCT rows (contrastive/features.h raw_dct_rows)
  std::vector<std::string> variants_ = {"mirror", "head", "tail"};
  Tensor variant_emb_;  // the real support clips' variants' rows (variant-major), embedded once per support set
  Tensor score_emb_;    // what max/knn/... score against: support_emb_, then variant_emb_
  Tensor embed_variants(const std::vector<Motion>& prepared) const;
  void update_scoring_rows();
  double fb_emb_ = NAN, fb_raw_ = NAN;  // the model's typical same-category spreads (hybrid, K = 1)
  int n_generated_ = 0;
  std::shared_ptr<const PlanRunner> plan_;
  void need_support() const;
  // prepare() of every clip, named by names[i] or "<what> i"
  std::vector<Motion> prepare_all(const std::vector<Motion>& raw, const std::vector<std::string>& names, const char* what) const;
};

// Live scoring, frame by frame, with memory bounded by the window: push() one
// frame of J x 3 floats; when a window of W frames is complete (every S frames)
// it returns true and fills `out`. finish() at the end of input returns the
// last window that covers the end, if the stride left the end uncovered (or
// the whole input, when it was shorter than W): the same windows, and the same
// scores, as Detector::score_windows on the recorded clip.
class StreamScorer {
 public:
  StreamScorer(const Detector& d, int window, int stride);
  bool push(const float* frame, WindowScore& out);
  bool finish(WindowScore& out);
  int64_t frames() const { return n_; }

 private:
  const Detector& det_;
  int W_, S_, J_;
  int64_t n_ = 0, last_end_ = 0;  // frames seen; end of the last window scored
  std::vector<float> ring_;       // the last W frames
  WindowScore score_last(int len);
};

}  // namespace haad
