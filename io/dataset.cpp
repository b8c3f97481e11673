#include "io/dataset.h"
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include "engine/json.h"
#include "io/npy.h"
#include "nn/checkpoint.h"

namespace fs = std::filesystem;

namespace haad {

std::string read_text_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open");
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// Reads whitespace-separated numbers of one line; errors name the line.
static bool next_number(const char*& p, const char* end, float& v, int& line, const std::string& where) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
    if (*p == '\n') ++line;
    ++p;
  }
  if (p >= end) return false;
  char buf[64];
  size_t n = 0;
  while (p + n < end && n < sizeof buf - 1 && !(p[n] == ' ' || p[n] == '\t' || p[n] == '\r' || p[n] == '\n')) {
    buf[n] = p[n];
    ++n;
  }
  buf[n] = 0;
  char* e = nullptr;
  errno = 0;
  v = std::strtof(buf, &e);
  if (e == buf || *e != 0)
    throw std::runtime_error(where + ": line " + std::to_string(line) + ": expected a number, found '" + std::string(buf) + "'");
  p += n;
  return true;
}

Motion parse_msr_text(const std::string& text, const std::string& where) {
  const char* p = text.data();
  const char* end = p + text.size();
  std::vector<float> v;
  int line = 1;
  float x;
  while (next_number(p, end, x, line, where)) v.push_back(x);
  const size_t per_frame = 20 * 4;
  if (v.empty()) throw std::runtime_error(where + ": no data");
  if (v.size() % per_frame)
    throw std::runtime_error(where + ": " + std::to_string(v.size()) + " values is not a whole number of frames (20 joints x 4 values)");
  Motion m((int)(v.size() / per_frame), 20);
  for (int t = 0; t < m.T; ++t)
    for (int j = 0; j < 20; ++j)
      for (int k = 0; k < 3; ++k) m.at(t, j)[k] = v[(size_t)t * per_frame + j * 4 + k];
  return m;
}

UtkRecording parse_utkinect_joints(const std::string& text, const std::string& where) {
  UtkRecording r;
  std::vector<float> rows;
  std::set<int> seen;
  std::istringstream in(text);
  std::string ln;
  int line = 0;
  while (std::getline(in, ln)) {
    ++line;
    const char* p = ln.data();
    const char* end = p + ln.size();
    std::vector<float> vals;
    float x;
    int l = line;
    while (next_number(p, end, x, l, where)) vals.push_back(x);
    if (vals.empty()) continue;
    if (vals.size() != 61)
      throw std::runtime_error(where + ": line " + std::to_string(line) + ": " + std::to_string(vals.size()) +
                               " values, expected 61 (frame id + 20 joints x 3)");
    int id = (int)vals[0];
    if (seen.count(id)) continue;  // duplicated frames as released: keep the first
    seen.insert(id);
    r.frame_ids.push_back(id);
    rows.insert(rows.end(), vals.begin() + 1, vals.end());
  }
  r.motion = Motion((int)r.frame_ids.size(), 20);
  r.motion.xyz = rows;
  return r;
}

std::vector<UtkSegment> parse_utkinect_labels(const std::string& text, const std::string& where) {
  std::vector<UtkSegment> segs;
  std::istringstream in(text);
  std::string ln, rec;
  int line = 0;
  while (std::getline(in, ln)) {
    ++line;
    while (!ln.empty() && (ln.back() == '\r' || ln.back() == ' ' || ln.back() == '\t')) ln.pop_back();
    if (ln.empty()) continue;
    size_t c = ln.find(':');
    if (c == std::string::npos) {
      if (ln.size() > 64 || ln.find(' ') != std::string::npos)
        throw std::runtime_error(where + ": line " + std::to_string(line) + ": expected a recording name like s01_e01");
      rec = ln;
      continue;
    }
    if (rec.empty()) throw std::runtime_error(where + ": line " + std::to_string(line) + ": action before any recording name");
    UtkSegment s;
    s.recording = rec;
    s.action = ln.substr(0, c);
    std::istringstream vs(ln.substr(c + 1));
    std::string a, b, extra;
    if (!(vs >> a >> b) || (vs >> extra))
      throw std::runtime_error(where + ": line " + std::to_string(line) + ": expected 'action: start end'");
    auto num = [&](const std::string& t) -> long {
      if (t == "NaN" || t == "nan") return -1;
      char* e = nullptr;
      long v = std::strtol(t.c_str(), &e, 10);
      if (*e || v < 0) throw std::runtime_error(where + ": line " + std::to_string(line) + ": bad frame id '" + t + "'");
      return v;
    };
    s.start = num(a);
    s.end = num(b);
    segs.push_back(s);
  }
  return segs;
}

bool parse_humanact12_name(const std::string& file, int& subject, int& coarse, int& fine) {
  // P{subject}G{group}R{rep}F{from}T{to}A{cc}{ff}.npy
  std::string n = fs::path(file).filename().string();
  if (n.size() < 5 || n.substr(n.size() - 4) != ".npy") return false;
  n = n.substr(0, n.size() - 4);
  const char tags[] = {'P', 'G', 'R', 'F', 'T', 'A'};
  long vals[6];
  std::string digits[6];
  size_t p = 0;
  for (int i = 0; i < 6; ++i) {
    if (p >= n.size() || n[p] != tags[i]) return false;
    ++p;
    size_t q = p;
    while (q < n.size() && n[q] >= '0' && n[q] <= '9') ++q;
    if (q == p || q - p > 9) return false;
    digits[i] = n.substr(p, q - p);
    vals[i] = std::strtol(digits[i].c_str(), nullptr, 10);
    p = q;
  }
  if (p != n.size() || digits[5].size() != 4) return false;
  subject = (int)vals[0];
  int cc = (int)(vals[5] / 100), ff = (int)(vals[5] % 100);
  if (cc < 1 || cc > 12) return false;
  coarse = cc - 1;
  fine = cc * 100 + ff;
  return true;
}

std::string Dataset::summary() const {
  std::ostringstream o;
  o << name << ": " << clips.size() << " clips, " << classes.size() << " classes, skeleton " << skeleton.name << " ("
    << skeleton.num_joints() << " joints)\n";
  std::vector<int> per(classes.size(), 0);
  std::set<int> subjects;
  long frames = 0;
  for (const Clip& c : clips) {
    if (c.label >= 0 && c.label < (int)per.size()) per[c.label]++;
    subjects.insert(c.subject);
    frames += c.motion.T;
  }
  o << "  subjects: " << subjects.size() << ", frames: " << frames << "\n  per class:";
  for (size_t i = 0; i < classes.size(); ++i) o << (i % 5 ? " " : "\n    ") << classes[i] << "=" << per[i];
  std::vector<int> bad(classes.size(), 0);
  int nbad = 0;
  for (const Clip& c : clips)
    if (c.anomalous && c.label >= 0 && c.label < (int)bad.size()) { bad[c.label]++; nbad++; }
  if (nbad) {
    o << "\n  labelled anomalous: " << nbad << " (normal/anomalous per class:";
    for (size_t i = 0; i < classes.size(); ++i) o << (i % 5 ? " " : "\n    ") << classes[i] << "=" << per[i] - bad[i] << "/" << bad[i];
    o << ")";
  }
  o << "\n  skipped:";
  if (skipped.empty()) o << " none";
  for (auto& [r, n] : skipped) o << " " << r << "=" << n;
  if (frames_repaired) o << "\n  broken frames trimmed or interpolated in kept clips: " << frames_repaired;
  o << "\n";
  return o.str();
}

// sanity-check and keep, or count the reason
static void admit(Dataset& d, Clip c, const LoadOptions& o) {
  int dropped = 0, first = 0;
  std::string why = sanitize(c.motion, d.skeleton, o.sanity, &dropped, &first);
  if (!why.empty()) {
    d.skipped[why]++;
    d.skipped_ids.push_back(c.id + ": " + why);
    return;
  }
  d.frames_repaired += dropped;
  // labelled frames follow the clip as kept: shift by the trimmed leading frames, clip to the end
  std::vector<std::pair<int, int>> kept;
  for (auto [a, b] : c.anomaly_frames) {
    a = std::max(0, a - first);
    b = std::min(c.motion.T - 1, b - first);
    if (a <= b) kept.push_back({a, b});
  }
  c.anomaly_frames = kept;
  d.clips.push_back(std::move(c));
}

std::vector<int> parse_anomaly_joints(const std::string& s, const Skeleton& sk, const std::string& where) {
  std::vector<int> out;
  std::stringstream ss(s);
  for (std::string t; std::getline(ss, t, ';');) {
    while (!t.empty() && (t.back() == ' ' || t.back() == '\r')) t.pop_back();
    while (!t.empty() && t.front() == ' ') t.erase(t.begin());
    if (t.empty()) continue;
    char* e = nullptr;
    long v = std::strtol(t.c_str(), &e, 10);
    int j = -1;
    if (!*e) j = (int)v;
    else
      for (int k = 0; k < sk.num_joints(); ++k)
        if (sk.joints[k] == t) j = k;
    if (j < 0 || j >= sk.num_joints())
      throw std::runtime_error(where + ": anomaly joint '" + t + "' is not a joint of skeleton '" + sk.name + "' (" +
                               std::to_string(sk.num_joints()) + " joints)");
    out.push_back(j);
  }
  return out;
}

std::vector<std::pair<int, int>> parse_anomaly_frames(const std::string& s, const std::string& where) {
  std::vector<std::pair<int, int>> out;
  std::stringstream ss(s);
  for (std::string t; std::getline(ss, t, ';');) {
    while (!t.empty() && (t.back() == ' ' || t.back() == '\r')) t.pop_back();
    while (!t.empty() && t.front() == ' ') t.erase(t.begin());
    if (t.empty()) continue;
    long a = -1, b = -1;
    char* e = nullptr;
    a = std::strtol(t.c_str(), &e, 10);
    if (*e == '-') b = std::strtol(e + 1, &e, 10);
    else b = a;
    if (*e || e == t.c_str() || a < 0 || b < a)
      throw std::runtime_error(where + ": anomaly frames '" + t + "' (write first-last or one frame, separated by ;)");
    out.push_back({(int)a, (int)b});
  }
  return out;
}

std::string format_anomaly_joints(const std::vector<int>& j) {
  std::string o;
  for (int v : j) o += (o.empty() ? "" : ";") + std::to_string(v);
  return o;
}

std::string format_anomaly_frames(const std::vector<std::pair<int, int>>& f) {
  std::string o;
  for (auto [a, b] : f) o += (o.empty() ? "" : ";") + std::to_string(a) + (a == b ? "" : "-" + std::to_string(b));
  return o;
}

static void skip(Dataset& d, const std::string& id, const std::string& reason, const std::string& detail) {
  d.skipped[reason]++;
  d.skipped_ids.push_back(id + ": " + detail);
}

static void require_dir(const std::string& dir, const std::string& what) {
  if (!fs::is_directory(dir)) throw std::runtime_error(dir + ": not a directory (expected the " + what + " folder)");
}

Dataset load_msr_action3d(const std::string& dir, const LoadOptions& o) {
  require_dir(dir, "MSR Action3D");
  Dataset d;
  d.name = "msr_action3d";
  d.root = dir;
  d.skeleton = skeleton_msr20();
  d.classes = {"high_arm_wave", "horizontal_arm_wave", "hammer", "hand_catch", "forward_punch", "high_throw",
               "draw_x", "draw_tick", "draw_circle", "hand_clap", "two_hand_wave", "side_boxing", "bend",
               "forward_kick", "side_kick", "jogging", "tennis_swing", "tennis_serve", "golf_swing",
               "pickup_throw"};
  std::set<std::string> subset;
  std::string subset_file = dir + "/standard_subset.txt";
  if (o.msr_standard_subset && fs::exists(subset_file)) {
    std::istringstream in(read_text_file(subset_file));
    std::string id;
    while (in >> id) subset.insert(id);
  }
  std::vector<std::string> files;
  for (auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (n.size() == 26 && n.substr(11) == "_skeleton3D.txt") files.push_back(n);
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw std::runtime_error(dir + ": no aAA_sSS_eEE_skeleton3D.txt files");
  for (const std::string& n : files) {
    std::string id = n.substr(0, 11);
    int a, s, e;
    if (std::sscanf(id.c_str(), "a%2d_s%2d_e%2d", &a, &s, &e) != 3 || a < 1 || a > 20) {
      skip(d, id, "malformed", "unexpected file name " + n);
      continue;
    }
    if (!subset.empty() && !subset.count(id)) {
      d.skipped["not_in_standard_subset"]++;
      continue;
    }
    Clip c;
    c.id = id;
    c.label = a - 1;
    c.subject = s;
    try {
      c.motion = parse_msr_text(read_text_file(dir + "/" + n), dir + "/" + n);
    } catch (const std::exception& ex) {
      skip(d, id, "malformed", ex.what());
      continue;
    }
    admit(d, std::move(c), o);
  }
  return d;
}

Dataset load_utkinect(const std::string& dir, const LoadOptions& o) {
  require_dir(dir, "UTKinect-Action3D");
  Dataset d;
  d.name = "utkinect";
  d.root = dir;
  d.skeleton = skeleton_kinect_v1();
  d.classes = {"walk", "sitDown", "standUp", "pickUp", "carry", "throw", "push", "pull", "waveHands", "clapHands"};
  std::vector<UtkSegment> segs = parse_utkinect_labels(read_text_file(dir + "/actionLabel.txt"), dir + "/actionLabel.txt");
  std::map<std::string, UtkRecording> recs;
  for (const UtkSegment& s : segs) {
    std::string id = s.recording + "_" + s.action;
    auto cls = std::find(d.classes.begin(), d.classes.end(), s.action);
    if (cls == d.classes.end()) { skip(d, id, "unknown_action", "unknown action '" + s.action + "'"); continue; }
    if (s.start < 0 || s.end < 0) { skip(d, id, "nan_bound", "NaN segment bound as released"); continue; }
    if (!recs.count(s.recording)) {
      std::string f = dir + "/joints_" + s.recording + ".txt";
      try {
        recs[s.recording] = parse_utkinect_joints(read_text_file(f), f);
      } catch (const std::exception& ex) {
        skip(d, id, "malformed", ex.what());
        continue;
      }
    }
    const UtkRecording& r = recs[s.recording];
    Clip c;
    c.id = id;
    c.label = (int)(cls - d.classes.begin());
    c.subject = std::atoi(s.recording.c_str() + 1);
    std::vector<int> rows;
    for (size_t i = 0; i < r.frame_ids.size(); ++i)
      if (r.frame_ids[i] >= s.start && r.frame_ids[i] <= s.end) rows.push_back((int)i);
    c.motion = Motion((int)rows.size(), 20);
    for (size_t i = 0; i < rows.size(); ++i)
      std::copy(r.motion.at(rows[i], 0), r.motion.at(rows[i], 0) + 60, c.motion.at((int)i, 0));
    admit(d, std::move(c), o);
  }
  return d;
}

static Motion motion_from_npy(const std::string& path, int J) {
  NpyArray a = npy_load(path);
  if (a.shape.size() != 3 || a.shape[2] != 3)
    throw std::runtime_error(path + ": expected shape (T, J, 3), got rank " + std::to_string(a.shape.size()));
  if (a.shape[1] != J)
    throw std::runtime_error(path + ": " + std::to_string(a.shape[1]) + " joints, the skeleton has " + std::to_string(J));
  Motion m((int)a.shape[0], J);
  m.xyz = std::move(a.data);
  return m;
}

Dataset load_humanact12(const std::string& dir, const LoadOptions& o) {
  require_dir(dir, "HumanAct12");
  Dataset d;
  d.name = "humanact12";
  d.root = dir;
  d.skeleton = skeleton_smpl24();
  d.classes = {"warm_up", "walk", "run", "jump", "drink", "lift_dumbbell", "sit", "eat", "turn_steering_wheel",
               "phone", "boxing", "throw"};
  std::vector<std::string> files;
  for (auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".npy") files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw std::runtime_error(dir + ": no .npy clips (HumanAct12 layout: P..G..R..F..T..A{cc}{ff}.npy)");
  for (const std::string& n : files) {
    Clip c;
    c.id = n.substr(0, n.size() - 4);
    if (!parse_humanact12_name(n, c.subject, c.label, c.fine_label)) {
      skip(d, c.id, "malformed", "name does not match P..G..R..F..T..A{cc}{ff}.npy");
      continue;
    }
    try {
      c.motion = motion_from_npy(dir + "/" + n, 24);
    } catch (const std::exception& ex) {
      skip(d, c.id, "malformed", ex.what());
      continue;
    }
    admit(d, std::move(c), o);
  }
  return d;
}

static std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> f;
  std::string cur;
  bool q = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char ch = line[i];
    if (q) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') { cur += '"'; ++i; }
      else if (ch == '"') q = false;
      else cur += ch;
    } else if (ch == '"') q = true;
    else if (ch == ',') { f.push_back(cur); cur.clear(); }
    else if (ch != '\r') cur += ch;
  }
  f.push_back(cur);
  for (auto& s : f) {
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    while (!s.empty() && s.back() == ' ') s.pop_back();
  }
  return f;
}

static std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

Skeleton load_skeleton_json(const std::string& sk, std::vector<std::string>* classes) {
  Skeleton s;
  Json j;
  try {
    j = Json::parse(read_text_file(sk));
    if (j.has("name")) s.name = j.at("name").str;
    for (auto& n : j.at("joints").arr) s.joints.push_back(n.str);
    for (auto& p : j.at("parents").arr) s.parents.push_back((int)p.num);
    if (j.has("lr_pairs"))
      for (auto& pr : j.at("lr_pairs").arr) {
        if (pr.size() != 2) throw std::runtime_error("each lr_pairs entry needs two joint indices");
        s.lr_pairs.push_back({(int)pr[0].num, (int)pr[1].num});
      }
    if (j.has("left_hip")) s.left_hip = (int)j.at("left_hip").num;
    if (j.has("canonical")) {  // io/canonical.h: canonical joint -> a joint name or a list of names
      const Json& cm = j.at("canonical");
      if (cm.kind != Json::Object) throw std::runtime_error("\"canonical\" must be an object");
      for (auto& [k, v] : cm.obj) {
        std::vector<std::string> names;
        if (v.kind == Json::String) names.push_back(v.str);
        else
          for (auto& x : v.arr) names.push_back(x.str);
        s.canonical[k] = names;
      }
    }
    if (j.has("right_hip")) s.right_hip = (int)j.at("right_hip").num;
    if (classes && j.has("classes"))
      for (auto& c : j.at("classes").arr) classes->push_back(c.str);
  } catch (const std::exception& e) {
    throw std::runtime_error(sk + ": " + e.what());
  }
  s.validate(sk);
  return s;
}

Dataset load_generic(const std::string& dir, const LoadOptions& o) {
  require_dir(dir, "generic dataset");
  Dataset d;
  d.name = fs::path(dir).filename().string();
  d.root = dir;
  std::string sk = dir + "/skeleton.json";
  d.skeleton = load_skeleton_json(sk, &d.classes);
  std::string csv = dir + "/clips.csv";
  std::istringstream in(read_text_file(csv));
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error(csv + ": empty (needs a header: file,label[,subject][,split][,kind])");
  std::vector<std::string> hdr = csv_fields(line);
  auto col = [&](const std::string& n) {
    auto it = std::find(hdr.begin(), hdr.end(), n);
    return it == hdr.end() ? -1 : (int)(it - hdr.begin());
  };
  int cf = col("file"), cl = col("label"), cs = col("subject"), csp = col("split"), ck = col("kind");
  int ca = col("anomalous"), caj = col("anomaly_joints"), caf = col("anomaly_frames");
  if (cf < 0 || cl < 0) throw std::runtime_error(csv + ": header needs 'file' and 'label' columns, got: " + line);
  struct Row {
    std::string file, label, split;
    int subject = -1;
    std::string kind;
    int anomalous = 0, line = 0;
    std::vector<int> joints;
    std::vector<std::pair<int, int>> frames;
  };
  std::vector<Row> rows;
  int ln = 1;
  while (std::getline(in, line)) {
    ++ln;
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> f = csv_fields(line);
    if ((int)f.size() < (int)hdr.size())
      throw std::runtime_error(csv + ": line " + std::to_string(ln) + ": " + std::to_string(f.size()) + " fields, header has " +
                               std::to_string(hdr.size()));
    Row r;
    r.file = f[cf];
    r.label = f[cl];
    r.split = csp >= 0 ? f[csp] : "";
    r.subject = cs >= 0 && !f[cs].empty() ? std::atoi(f[cs].c_str()) : -1;
    r.kind = ck >= 0 ? f[ck] : "";
    if (r.file.empty() || r.label.empty()) throw std::runtime_error(csv + ": line " + std::to_string(ln) + ": empty file or label");
    if (!r.split.empty() && r.split != "train" && r.split != "test")
      throw std::runtime_error(csv + ": line " + std::to_string(ln) + ": split '" + r.split + "' is not train or test");
    if (!rows.empty() && r.split.empty() != rows[0].split.empty())
      throw std::runtime_error(csv + ": line " + std::to_string(ln) +
                               ": the split column is filled on some rows and empty on others (fill it on every row, or on none)");
    std::string where = csv + ": line " + std::to_string(ln);
    r.line = ln;
    if (ca >= 0 && !f[ca].empty()) {
      if (f[ca] != "0" && f[ca] != "1") throw std::runtime_error(where + ": anomalous '" + f[ca] + "' is not 0 or 1");
      r.anomalous = f[ca] == "1";
    }
    if (caj >= 0) r.joints = parse_anomaly_joints(f[caj], d.skeleton, where);
    if (caf >= 0) r.frames = parse_anomaly_frames(f[caf], where);
    if (!r.anomalous && (!r.joints.empty() || !r.frames.empty()))
      throw std::runtime_error(where + ": anomaly_joints/anomaly_frames on a clip that is not anomalous");
    rows.push_back(r);
  }
  if (d.classes.empty()) {
    std::set<std::string> s;
    for (auto& r : rows) s.insert(r.label);
    d.classes.assign(s.begin(), s.end());
  }
  for (auto& r : rows) {
    Clip c;
    c.id = fs::path(r.file).stem().string();
    auto it = std::find(d.classes.begin(), d.classes.end(), r.label);
    if (it == d.classes.end()) { skip(d, c.id, "unknown_label", "label '" + r.label + "' not in skeleton.json classes"); continue; }
    c.label = (int)(it - d.classes.begin());
    c.subject = r.subject;
    c.split = r.split;
    c.kind = r.kind;
    c.anomalous = r.anomalous;
    c.anomaly_joints = r.joints;
    c.anomaly_frames = r.frames;
    try {
      c.motion = motion_from_npy(dir + "/" + r.file, d.skeleton.num_joints());
    } catch (const std::exception& ex) {
      skip(d, c.id, "malformed", ex.what());
      continue;
    }
    for (auto& fr : c.anomaly_frames)
      if (fr.second >= c.motion.T)
        throw std::runtime_error(csv + ": line " + std::to_string(r.line) + ": anomaly_frames " + std::to_string(fr.first) + "-" +
                                 std::to_string(fr.second) + " beyond the clip's " + std::to_string(c.motion.T) + " frames");
    admit(d, std::move(c), o);
  }
  return d;
}

Dataset load_dataset(const std::string& format, const std::string& dir, const LoadOptions& o) {
  if (format == "msr") return load_msr_action3d(dir, o);
  if (format == "utkinect") return load_utkinect(dir, o);
  if (format == "humanact12") return load_humanact12(dir, o);
  if (format == "generic") return load_generic(dir, o);
  throw std::invalid_argument("unknown dataset format '" + format + "' (msr, utkinect, humanact12, generic)");
}

void write_generic(const Dataset& d, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir + "/clips", ec);
  if (ec) throw std::runtime_error(dir + ": cannot create: " + ec.message());
  Json sk = Json::object();
  sk.set("name", Json::string(d.skeleton.name));
  Json joints = Json::array(), parents = Json::array(), pairs = Json::array(), classes = Json::array();
  for (auto& n : d.skeleton.joints) joints.push(Json::string(n));
  for (int p : d.skeleton.parents) parents.push(Json::number(p));
  for (auto [l, r] : d.skeleton.lr_pairs) pairs.push(Json::array().push(Json::number(l)).push(Json::number(r)));
  for (auto& c : d.classes) classes.push(Json::string(c));
  sk.set("joints", joints).set("parents", parents).set("lr_pairs", pairs).set("classes", classes);
  sk.set("left_hip", Json::number(d.skeleton.left_hip)).set("right_hip", Json::number(d.skeleton.right_hip));
  write_file_atomic(dir + "/skeleton.json", sk.dump(1) + "\n");
  bool kinds = std::any_of(d.clips.begin(), d.clips.end(), [](const Clip& c) { return !c.kind.empty(); });
  bool labels = std::any_of(d.clips.begin(), d.clips.end(), [](const Clip& c) { return c.anomalous != 0; });
  std::string csv = std::string("file,label,subject,split") + (kinds ? ",kind" : "") +
                    (labels ? ",anomalous,anomaly_joints,anomaly_frames" : "") + "\n";
  for (const Clip& c : d.clips) {
    std::string f = "clips/" + c.id + ".npy";
    npy_save(dir + "/" + f, {c.motion.T, c.motion.J, 3}, c.motion.xyz.data());
    csv += csv_quote(f) + "," + csv_quote(d.classes[c.label]) + "," + std::to_string(c.subject) + "," + csv_quote(c.split) +
           (kinds ? "," + csv_quote(c.kind) : std::string());
    if (labels)
      csv += "," + std::to_string(c.anomalous) + "," + format_anomaly_joints(c.anomaly_joints) + "," +
             format_anomaly_frames(c.anomaly_frames);
    csv += "\n";
  }
  write_file_atomic(dir + "/clips.csv", csv);
}

std::string find_data_root(const std::string& arg) {
  if (!arg.empty()) {
    if (!fs::is_directory(arg)) throw std::runtime_error(arg + ": data folder not found");
    return arg;
  }
  if (const char* e = std::getenv("HAAD_DATA")) {
    if (!fs::is_directory(e)) throw std::runtime_error(std::string(e) + ": HAAD_DATA is not a folder");
    return e;
  }
  std::vector<std::string> cands = {"../shared/data", "shared/data", "../../shared/data"};
#ifdef HAAD_SOURCE_DIR
  cands.push_back(std::string(HAAD_SOURCE_DIR) + "/../shared/data");
#endif
  for (auto& c : cands)
    if (fs::is_directory(c + "/msr_action3d") || fs::is_directory(c + "/utkinect")) return c;
  return "";
}

}  // namespace haad
