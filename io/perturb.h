// Controlled synthetic anomalies: a normal clip made wrong in a known way, at a
// graded severity in (0, 1], with the joints and frames it changed. Seeded.
//
//   freeze     a limb stops articulating for a span: it keeps its pose relative
//              to the joint it hangs from (the body still carries it)
//   swap       the left limb does the right limb's motion, mirrored across the
//              body (blended with its own by the severity); whole clip
//   amplitude  a limb's joint angles swing less: each bone's direction is pulled
//              towards its mean direction (bone lengths kept); whole clip
//   speed      a pause inside the clip: the pose held for a while, then the
//              motion resumes (the clip keeps its length; its end is cut)
//   tremor     shaking on one limb: 5-9 Hz oscillations of its joints, for a span
//   cut        a repetition cut short: a stretch of the middle is missing
//              (the clip gets shorter)
//   stumble    a sudden displacement of the whole body, out and back, mid-clip
//
// A limb is a joint of a left/right pair whose parent is in no pair (shoulders,
// hips) and everything below it. Only the reported joints and frames differ from
// the input (frames are of the output clip; for speed and cut, every frame from
// the change on).
#pragma once
#include <string>
#include <utility>
#include <vector>
#include "engine/rng.h"
#include "io/motion.h"
#include "io/skeleton.h"

namespace haad {

enum class Perturbation { Freeze, Swap, Amplitude, Speed, Tremor, Cut, Stumble };
const std::vector<Perturbation>& all_perturbations();
const char* perturbation_name(Perturbation p);
Perturbation parse_perturbation(const std::string& s);  // throws std::invalid_argument listing the names

struct Perturbed {
  Motion motion;
  std::vector<int> joints;              // the joints that changed
  std::pair<int, int> frames{0, -1};    // [first, last] frames of the output that changed
};

// The limbs of a skeleton: (top joint, its subtree). Throws if it has none.
std::vector<std::pair<int, std::vector<int>>> skeleton_limbs(const Skeleton& s);

// Body-part recombination (pseudo-categories for training): b's motion with the
// limbs listed (indices into skeleton_limbs) doing a's motion instead. a is first
// resampled to b's length; each grafted limb keeps b's top joint (shoulder, hip) and
// takes a's positions of the joints below it relative to a's top joint, so bones
// keep a's lengths and stay attached. Every other joint is b's, unchanged.
Motion graft_limbs(const Motion& a, const Motion& b, const Skeleton& s, const std::vector<int>& limbs);

// m: a raw (or normalised) clip, y up, at least 20 frames. fps: frames per
// second (tremor frequency). Throws std::invalid_argument for severities
// outside (0, 1] or clips too short.
Perturbed perturb(const Motion& m, const Skeleton& s, Perturbation p, double severity, Rng& rng, double fps = 30.0);

}  // namespace haad
