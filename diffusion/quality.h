// Quality figures for generated motion (haad gen-eval), each meant to be read
// next to the same figure for held-out real clips:
//  - Fréchet distance between two sets of embeddings (per class and overall);
//  - diversity (mean distance of random pairs) and multimodality (mean distance
//    of random same-class pairs), as in Action2Motion / MDM evaluations;
//  - bone-length error: mean |bone length - reference length| / reference, over
//    bones and frames (reference = the real training clips' mean per bone);
//  - jitter: mean joint acceleration magnitude (normalised units / frame^2);
//  - foot skating: mean horizontal foot speed on frames where that foot is
//    within 5% of the clip's height of its lowest point (in contact).
// And animated SVG small multiples of clips for people to look at.
#pragma once
#include <string>
#include <vector>
#include "engine/rng.h"
#include "engine/tensor.h"
#include "io/motion.h"

namespace haad {

// Fréchet distance between Gaussians fitted to the rows of a [n, d] and b [m, d]
// (double precision, symmetric eigendecompositions; covariances get eps * I)
double frechet_distance(const Tensor& a, const Tensor& b, double eps = 1e-6);
// mean Euclidean distance over `pairs` random pairs of rows
double diversity(const Tensor& emb, int pairs, Rng& r);
// mean over classes of the mean distance of `pairs` random same-class pairs
double multimodality(const Tensor& emb, const std::vector<int>& labels, int pairs, Rng& r);

std::vector<double> reference_bone_lengths(const std::vector<const Motion*>& ms, const Skeleton& s);
double bone_length_error(const std::vector<const Motion*>& ms, const Skeleton& s, const std::vector<double>& ref);
double jitter(const std::vector<const Motion*>& ms);
double foot_skating(const std::vector<const Motion*>& ms, const Skeleton& s);  // NaN if the skeleton has no feet

// baselines that should score badly: joints shuffled per clip (same values,
// broken structure), and Gaussian noise with the real data's per-coordinate mean and std
std::vector<Motion> shuffled_joint_baseline(const std::vector<const Motion*>& ms, Rng& r);
std::vector<Motion> noise_baseline(const std::vector<const Motion*>& ms, Rng& r);

// Motion completion figures (haad gen-eval on a completion model), over the
// frames after the observed prefix, in normalised units (mean bone lengths):
//  - ADE: mean per-joint Euclidean error over the predicted frames; FDE: at the
//    clip's last frame; both best-of-N over a clip's N samples (as in HumanMAC);
//  - diversity (APD): mean distance between two samples of the same clip;
//  - bone-length error of the samples (as above).
// The trivial predictors: repeat the last observed frame; extrapolate linearly
// from the last two observed frames.
struct CompletionFigures {
  double ade = 0, fde = 0, apd = 0, bone_err = 0;
  int clips = 0;
};
// samples[i]: N completions of real[i] (same length), whose first observed[i] frames are given
CompletionFigures completion_figures(const std::vector<const Motion*>& real, const std::vector<std::vector<Motion>>& samples,
                                     const std::vector<int>& observed, const Skeleton& s, const std::vector<double>& ref);
Motion repeat_last_frame(const Motion& m, int observed);
Motion linear_extrapolation(const Motion& m, int observed);

// rows of panels (title, clips), each clip one animated stick figure (front view: x right, y up)
struct SvgPanelRow {
  std::string title;
  std::vector<const Motion*> clips;
  std::vector<std::string> captions;
};
std::string skeleton_animation_svg(const std::vector<SvgPanelRow>& rows, const Skeleton& s, double fps = 15);

}  // namespace haad
