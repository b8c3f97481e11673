// Clip lists and batch loading of (T, J, 3) .npy clips for scoring and
// embedding. A batch never fails as a whole because of one clip: every clip
// that cannot be used is reported with its file and reason, and the rest load.
#pragma once
#include <string>
#include <vector>
#include "io/motion.h"
#include "io/skeleton.h"

namespace haad {

// The .npy files a spec names:
//   DIR          every *.npy in the folder, sorted (any number of files)
//   @LIST.txt    one path per line (blank lines and # comments skipped;
//                relative paths are taken from the list file's folder)
//   a.npy,b.npy  a comma-separated list (any length)
// Throws std::invalid_argument naming the spec when it names no clips.
std::vector<std::string> resolve_clip_files(const std::string& spec);

struct ClipError {
  std::string file, reason;
};

struct ClipBatch {
  std::vector<std::string> files;  // the clips that loaded, in input order
  std::vector<Motion> motions;     // raw (sanitised, not normalised), same order
  std::vector<ClipError> errors;   // the clips that did not, in input order
};

// Loads each file as a (T, J, 3) clip on skeleton s and runs the sanity checks.
// strict: the first bad clip throws (file and reason in the message).
ClipBatch load_clip_batch(const std::vector<std::string>& files, const Skeleton& s, bool strict);

}  // namespace haad
