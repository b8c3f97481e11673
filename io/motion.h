// A motion clip and everything done to it before it reaches a model:
// sanity checks, root-centring, scale and view normalisation, resampling,
// sliding windows, the DCT along time, and training-time augmentation.
#pragma once
#include <map>
#include <string>
#include <vector>
#include "engine/rng.h"
#include "io/skeleton.h"

namespace haad {

struct Motion {
  int T = 0, J = 0;
  std::vector<float> xyz;  // [T, J, 3], y is up
  Motion() = default;
  Motion(int t, int j) : T(t), J(j), xyz((size_t)t * j * 3, 0.f) {}
  float* at(int t, int j) { return &xyz[((size_t)t * J + j) * 3]; }
  const float* at(int t, int j) const { return &xyz[((size_t)t * J + j) * 3]; }
};

// ---- sanity
struct SanityConfig {
  int min_frames = 5;
  double bone_factor = 2.0;   // a bone off its median by more than (factor-1) x median (and half a mean bone) is impossible
  double max_bad_frac = 0.2;  // more broken frames than this: the clip is rejected
};
// Returns "" for a usable clip, else the reason: "empty", "all_zero",
// "non_finite", "missing_frames" (all-zero frames: tracking lost), "bone_jump",
// "too_short". A usable clip is repaired in place: broken frames at the ends are
// trimmed, interior ones linearly interpolated (their count goes to *repaired).
// first_kept: the original index of the clip's new frame 0 (broken leading frames are trimmed)
std::string sanitize(Motion& m, const Skeleton& s, const SanityConfig& c, int* repaired = nullptr, int* first_kept = nullptr);
// per bone: mean length and coefficient of variation (std/mean) over the clip
void bone_length_stats(const Motion& m, const Skeleton& s, std::vector<double>& mean, std::vector<double>& cv);

// ---- normalisation
void root_center(Motion& m, int root, bool per_frame);
enum class ScaleMode { MeanBone, Height };
void scale_normalize(Motion& m, const Skeleton& s, ScaleMode mode);
// rotate about the vertical axis so the left->right hip vector, summed over the first `frames`
// frames (0: every frame), points along +x. One frame trusts one noisy hip pair; more frames
// average the sensor's noise (and any turn the body makes in them).
void view_normalize(Motion& m, const Skeleton& s, int frames);

struct PreprocessConfig {
  bool per_frame_root = false;
  ScaleMode scale = ScaleMode::MeanBone;
  bool view = true;
  int view_frames = 0;  // frames whose hip vectors set the facing (view_normalize; 0: every frame)
  bool operator==(const PreprocessConfig& o) const {
    return per_frame_root == o.per_frame_root && scale == o.scale && view == o.view && (!view || view_frames == o.view_frames);
  }
};
// As checkpoints (encoder and diffusion) keep it: per_frame_root, scale, view, view_frames.
// Reading throws std::out_of_range on a missing key; a checkpoint written before view_frames
// existed faced the first frame (1).
std::map<std::string, std::string> preprocess_metadata(const PreprocessConfig& c);
PreprocessConfig preprocess_from_metadata(const std::map<std::string, std::string>& m);
void normalize_motion(Motion& m, const Skeleton& s, const PreprocessConfig& c);

// ---- time
Motion resample(const Motion& m, int H);  // linear interpolation to H frames
// pointers to each clip of v (the batch functions take clips by pointer); valid while v is unchanged
std::vector<const Motion*> motion_pointers(const std::vector<Motion>& v);
Motion slice_frames(const Motion& m, int start, int len);
void rotate_y(Motion& m, double angle);  // about the vertical (y) axis, radians, in place
std::vector<int> window_starts(int T, int len, int stride);  // covers the end; one window if T <= len

// orthonormal DCT-II along time: basis [M, H], C[k][n] = s_k cos(pi (n + 1/2) k / H)
std::vector<float> dct_basis(int H, int M);
std::vector<float> dct(const Motion& m, int M);          // [M, J, 3]
Motion idct(const std::vector<float>& coeffs, int M, int J, int H);

// ---- augmentation (training only)
struct AugmentConfig {
  double rot_deg = 30;      // uniform rotation about the vertical axis in [-rot, rot]
  double scale = 0.1;       // uniform scale factor in [1-s, 1+s]
  double jitter = 0.01;     // Gaussian joint noise (in normalised units)
  double crop_min = 0.8;    // temporal crop keeps at least this fraction of the frames
  double speed = 0.2;       // speed change in [1-s, 1+s] (resampling)
  double mirror_p = 0.5;    // probability of a left/right mirror
};
// Named policies: "all" (the defaults above); "geometric" (viewpoint, body
// size and sensor noise only: no temporal crop, speed change or mirror, which
// erase how an action is executed -- its timing, extent and side -- and so
// the wrong executions a detector should notice); "none" is not a policy of
// AugmentConfig (training skips augmentation). Throws on another name.
AugmentConfig augment_policy(const std::string& name);
Motion augment(const Motion& m, const Skeleton& s, const AugmentConfig& c, Rng& rng);
Motion mirror(const Motion& m, const Skeleton& s);
// Variants of a normal clip that may join a support set beside it, by name: "mirror" (left/
// right mirror), "head" / "tail" (the first / last 85% of the frames: an execution that starts
// or stops a little later is still normal), "rot+15" / "rot-15" (turned 15 degrees about the
// vertical axis). Throws std::invalid_argument on another name.
Motion support_variant(const Motion& normalised, const Skeleton& s, const std::string& name);
// names checked against the ones support_variant() knows, duplicates and empty names dropped;
// throws std::invalid_argument naming an unknown one
std::vector<std::string> check_support_variants(const std::vector<std::string>& names);
// "a,b,c" -> check_support_variants of the names ("none" or "": no variant)
std::vector<std::string> parse_support_variants(const std::string& list);

}  // namespace haad
