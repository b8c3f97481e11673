// A header-only C++ wrapper over the C ABI (haad.h): RAII handles and
// exceptions on your side of the boundary, nothing but C across it.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>
#include "haad/haad.h"

namespace haad::client {

struct Error : std::runtime_error {
  haad_status status;
  Error(haad_status s, const std::string& m) : std::runtime_error(m), status(s) {}
};

inline void check(haad_status s) {
  if (s != HAAD_OK) throw Error(s, std::string(haad_status_name(s)) + ": " + haad_last_error());
}

// A clip: frames x joints x 3 floats, row-major.
struct Clip {
  int frames = 0;
  std::vector<float> xyz;
};

struct Window {
  int64_t start = 0, end = 0;
  double score = 0;
};

class Detector {
 public:
  explicit Detector(const std::string& model, const std::string& skeleton_json = "") {
    check(haad_detector_load(model.c_str(), skeleton_json.empty() ? nullptr : skeleton_json.c_str(), &d_));
  }
  ~Detector() { haad_detector_free(d_); }
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  int joints() const { return haad_detector_joints(d_); }
  int embedding_dim() const { return haad_detector_embedding_dim(d_); }
  void set_score_mode(const std::string& m) { check(haad_detector_set_score_mode(d_, m.c_str())); }
  void set_support_mirror(bool on) { check(haad_detector_set_support_mirror(d_, on ? 1 : 0)); }
  void set_support_variants(const std::string& list) { check(haad_detector_set_support_variants(d_, list.c_str())); }
  void set_support(const std::vector<Clip>& clips) {
    std::vector<const float*> p;
    std::vector<int> f;
    for (auto& c : clips) { p.push_back(c.xyz.data()); f.push_back(c.frames); }
    check(haad_detector_set_support(d_, p.data(), f.data(), (int)clips.size()));
  }
  std::vector<double> score(const std::vector<Clip>& clips) const {
    std::vector<const float*> p;
    std::vector<int> f;
    for (auto& c : clips) { p.push_back(c.xyz.data()); f.push_back(c.frames); }
    std::vector<double> s(clips.size());
    check(haad_detector_score_batch(d_, p.data(), f.data(), (int)clips.size(), s.data()));
    return s;
  }
  std::vector<float> embed(const Clip& c) const {
    std::vector<float> e(embedding_dim());
    check(haad_detector_embed(d_, c.xyz.data(), c.frames, e.data(), (int)e.size()));
    return e;
  }
  const haad_detector* handle() const { return d_; }

 private:
  haad_detector* d_ = nullptr;
};

class Stream {
 public:
  Stream(const Detector& d, int window, int stride) { check(haad_stream_open(d.handle(), window, stride, &s_)); }
  ~Stream() { haad_stream_free(s_); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  // true when a window completed with this frame (joints x 3 floats)
  bool push(const float* frame, Window& w) {
    int has = 0;
    check(haad_stream_push(s_, frame, &has, &w.score, &w.start, &w.end));
    return has != 0;
  }
  bool finish(Window& w) {
    int has = 0;
    check(haad_stream_finish(s_, &has, &w.score, &w.start, &w.end));
    return has != 0;
  }

 private:
  haad_stream* s_ = nullptr;
};

}  // namespace haad::client
