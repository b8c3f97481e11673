// Datasets: MSR Action3D, UTKinect-Action3D, HumanAct12 and haad's generic
// layout (skeleton.json + clips.csv + one .npy per clip). Loading checks every
// clip (see sanitize), skips broken ones with a counted reason and goes on;
// malformed files are errors that name the file and the problem.
#pragma once
#include <map>
#include <string>
#include <vector>
#include "io/motion.h"
#include "io/skeleton.h"

namespace haad {

struct Clip {
  std::string id;       // e.g. a01_s01_e01, s01_e01_walk, P01G01R01F0069T0143A0101
  Motion motion;
  int label = -1;       // index into Dataset::classes
  int subject = -1;
  std::string split;    // optional (generic layout): train or test, overrides the subject split
  std::string kind;     // optional (generic layout): how the clip was made, e.g. "class"/"partial" in generated pools
  int fine_label = -1;  // HumanAct12: cc*100+ff
  // Labelled anomalies (generic layout, optional columns): 1 = a wrong execution of
  // its category; where known, the joints and frame ranges [first, last] that are wrong
  // (frame numbers follow the clip as loaded: leading frames trimmed by the sanity
  // checks shift them).
  int anomalous = 0;
  std::vector<int> anomaly_joints;
  std::vector<std::pair<int, int>> anomaly_frames;
};

// "7;8;9" (indices or joint names) and "30-55;70-80" (inclusive frame ranges, or single
// frames); `where` prefixes errors. format_* write them back.
std::vector<int> parse_anomaly_joints(const std::string& s, const Skeleton& sk, const std::string& where);
std::vector<std::pair<int, int>> parse_anomaly_frames(const std::string& s, const std::string& where);
std::string format_anomaly_joints(const std::vector<int>& j);
std::string format_anomaly_frames(const std::vector<std::pair<int, int>>& f);

struct Dataset {
  std::string name, root;
  Skeleton skeleton;
  std::vector<std::string> classes;
  std::vector<Clip> clips;
  std::map<std::string, int> skipped;  // reason -> count
  std::vector<std::string> skipped_ids;  // "id: reason"
  int frames_repaired = 0;              // broken frames trimmed or interpolated in kept clips
  std::string summary() const;          // counts per class, skipped by reason
};

struct LoadOptions {
  SanityConfig sanity;
  bool msr_standard_subset = true;  // MSR: only the 556 clips of standard_subset.txt (when present)
};

Dataset load_msr_action3d(const std::string& dir, const LoadOptions& o = {});
Dataset load_utkinect(const std::string& dir, const LoadOptions& o = {});
Dataset load_humanact12(const std::string& dir, const LoadOptions& o = {});
Dataset load_generic(const std::string& dir, const LoadOptions& o = {});
// by name: "msr", "utkinect", "humanact12", "generic"
Dataset load_dataset(const std::string& format, const std::string& dir, const LoadOptions& o = {});
// a generic layout's skeleton.json alone (its optional class order into *classes)
Skeleton load_skeleton_json(const std::string& path, std::vector<std::string>* classes = nullptr);
// writes skeleton.json, clips/<id>.npy and clips.csv (last, so a partial conversion has no index)
void write_generic(const Dataset& d, const std::string& dir);

// parsers, exposed for the fuzz tests: text in, motion out, errors name `where`
Motion parse_msr_text(const std::string& text, const std::string& where);
struct UtkRecording { std::vector<int> frame_ids; Motion motion; };
UtkRecording parse_utkinect_joints(const std::string& text, const std::string& where);
struct UtkSegment { std::string recording, action; long start = -1, end = -1; };  // -1: NaN bound
std::vector<UtkSegment> parse_utkinect_labels(const std::string& text, const std::string& where);
// HumanAct12 file name -> subject, coarse label (cc - 1), fine label (cc*100+ff); false if it does not match
bool parse_humanact12_name(const std::string& file, int& subject, int& coarse, int& fine);

// Finds the data folder: --data argument, else $HAAD_DATA, else ../shared/data
// and shared/data relative to the working directory and to the source tree.
std::string find_data_root(const std::string& arg = "");
std::string read_text_file(const std::string& path);  // throws naming the file

}  // namespace haad
