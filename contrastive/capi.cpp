// The C ABI (include/haad/haad.h) over haad::Detector: every entry point
// catches, maps the exception to a status and keeps its message per thread.
#include "haad/haad.h"
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include "contrastive/detector.h"

#ifndef HAAD_VERSION_STRING
#define HAAD_VERSION_STRING "unknown"
#endif

struct haad_detector {
  haad::Detector det;
};
struct haad_stream {
  haad::StreamScorer st;
};

namespace {

thread_local std::string g_error;

haad_status fail(haad_status s, const std::string& msg) {
  g_error = msg;
  return s;
}

// Runs fn, turning exceptions into statuses. Bad clips and arguments are
// std::invalid_argument; unreadable files std::runtime_error from the loaders.
template <class F>
haad_status guard(F&& fn) {
  try {
    g_error.clear();
    fn();
    return HAAD_OK;
  } catch (const std::invalid_argument& e) {
    std::string m = e.what();
    bool clip = m.find("unusable clip") != std::string::npos || m.find(" joints, the model") != std::string::npos;
    return fail(clip ? HAAD_ERROR_BAD_CLIP : HAAD_ERROR_INVALID_ARGUMENT, m);
  } catch (const std::logic_error& e) {
    return fail(HAAD_ERROR_STATE, e.what());
  } catch (const std::bad_alloc&) {
    return fail(HAAD_ERROR_INTERNAL, "out of memory");
  } catch (const std::runtime_error& e) {
    return fail(HAAD_ERROR_IO, e.what());
  } catch (const std::exception& e) {
    return fail(HAAD_ERROR_INTERNAL, e.what());
  } catch (...) {
    return fail(HAAD_ERROR_INTERNAL, "unknown error");
  }
}

haad::Motion clip_from(const float* p, int frames, int joints, const char* what) {
  if (!p) throw std::invalid_argument(std::string(what) + ": null clip");
  if (frames <= 0) throw std::invalid_argument(std::string(what) + ": frames must be positive");
  haad::Motion m(frames, joints);
  std::copy(p, p + (size_t)frames * joints * 3, m.xyz.begin());
  return m;
}

}  // namespace

extern "C" {

const char* haad_version(void) { return HAAD_VERSION_STRING; }
const char* haad_last_error(void) { return g_error.c_str(); }

const char* haad_status_name(haad_status s) {
  switch (s) {
    case HAAD_OK: return "ok";
    case HAAD_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case HAAD_ERROR_IO: return "i/o";
    case HAAD_ERROR_BAD_CLIP: return "bad clip";
    case HAAD_ERROR_STATE: return "state";
    case HAAD_ERROR_INTERNAL: return "internal";
  }
  return "unknown status";
}

haad_status haad_detector_load(const char* model, const char* skeleton_json, haad_detector** out) {
  if (!model || !out) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_detector_load: null argument");
  *out = nullptr;
  return guard([&] { *out = new haad_detector{haad::Detector::load(model, skeleton_json ? skeleton_json : "")}; });
}

void haad_detector_free(haad_detector* d) { delete d; }
int haad_detector_joints(const haad_detector* d) { return d ? d->det.joints() : 0; }
int haad_detector_embedding_dim(const haad_detector* d) { return d ? d->det.embedding_dim() : 0; }

haad_status haad_detector_set_support_mirror(haad_detector* d, int on) {
  if (!d) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_detector_set_support_mirror: null detector");
  return guard([&] { d->det.set_support_mirror(on != 0); });
}

haad_status haad_detector_set_support_variants(haad_detector* d, const char* list) {
  if (!d || !list) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_detector_set_support_variants: null argument");
  return guard([&] { d->det.set_support_variants(haad::parse_support_variants(list)); });
}

haad_status haad_detector_set_score_mode(haad_detector* d, const char* mode) {
  if (!d || !mode) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_detector_set_score_mode: null argument");
  return guard([&] { d->det.set_mode(haad::parse_score_mode(mode)); });
}

haad_status haad_detector_set_support(haad_detector* d, const float* const* clips, const int* frames, int n) {
  if (!d || !clips || !frames || n <= 0) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_detector_set_support: need n > 0 clips");
  return guard([&] {
    std::vector<haad::Motion> v;
    for (int i = 0; i < n; ++i) v.push_back(clip_from(clips[i], frames[i], d->det.joints(), "support clip"));
    d->det.set_support(v);
  });
}

haad_status haad_detector_score_batch(const haad_detector* d, const float* const* clips, const int* frames, int n,
                                      double* scores) {
  if (!d || !clips || !frames || !scores || n < 0) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_detector_score_batch: null argument");
  return guard([&] {
    std::vector<haad::Motion> v;
    for (int i = 0; i < n; ++i) v.push_back(clip_from(clips[i], frames[i], d->det.joints(), "clip"));
    std::vector<double> s = d->det.score(v);
    for (int i = 0; i < n; ++i) scores[i] = s[i];
  });
}

haad_status haad_detector_score(const haad_detector* d, const float* clip, int frames, double* score) {
  return haad_detector_score_batch(d, &clip, &frames, 1, score);
}

haad_status haad_detector_embed(const haad_detector* d, const float* clip, int frames, float* out, int out_len) {
  if (!d || !out) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_detector_embed: null argument");
  if (out_len < d->det.embedding_dim())
    return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_detector_embed: out_len " + std::to_string(out_len) + " < embedding dim " +
                                                 std::to_string(d->det.embedding_dim()));
  return guard([&] {
    haad::Tensor e = d->det.embed({clip_from(clip, frames, d->det.joints(), "clip")});
    std::vector<float> v = e.to_vector<float>();
    std::copy(v.begin(), v.end(), out);
  });
}

haad_status haad_stream_open(const haad_detector* d, int window, int stride, haad_stream** out) {
  if (!d || !out) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_stream_open: null argument");
  *out = nullptr;
  return guard([&] { *out = new haad_stream{haad::StreamScorer(d->det, window, stride)}; });
}

static haad_status stream_step(bool ok, const haad::WindowScore& w, int* has, double* score, int64_t* start, int64_t* end) {
  *has = ok ? 1 : 0;
  if (ok) {
    if (score) *score = w.score;
    if (start) *start = w.start;
    if (end) *end = w.end;
  }
  return HAAD_OK;
}

haad_status haad_stream_push(haad_stream* s, const float* frame, int* has_score, double* score, int64_t* start, int64_t* end) {
  if (!s || !frame || !has_score) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_stream_push: null argument");
  *has_score = 0;
  haad_status st = HAAD_OK;
  haad_status r = guard([&] {
    haad::WindowScore w;
    bool ok = s->st.push(frame, w);
    st = stream_step(ok, w, has_score, score, start, end);
  });
  return r != HAAD_OK ? r : st;
}

haad_status haad_stream_finish(haad_stream* s, int* has_score, double* score, int64_t* start, int64_t* end) {
  if (!s || !has_score) return fail(HAAD_ERROR_INVALID_ARGUMENT, "haad_stream_finish: null argument");
  *has_score = 0;
  haad_status st = HAAD_OK;
  haad_status r = guard([&] {
    haad::WindowScore w;
    bool ok = s->st.finish(w);
    st = stream_step(ok, w, has_score, score, start, end);
  });
  return r != HAAD_OK ? r : st;
}

void haad_stream_free(haad_stream* s) { delete s; }

}  // extern "C"
