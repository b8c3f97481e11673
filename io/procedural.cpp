#include "io/procedural.h"
#include <array>
#include <cmath>

namespace haad {

namespace {

using Mat = std::array<double, 9>;
Mat mul(const Mat& a, const Mat& b) {
  Mat c{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) c[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
  return c;
}
Mat rot(int axis, double a) {
  double c = std::cos(a), s = std::sin(a);
  if (axis == 0) return {1, 0, 0, 0, c, -s, 0, s, c};
  if (axis == 1) return {c, 0, s, 0, 1, 0, -s, 0, c};
  return {c, -s, 0, s, c, 0, 0, 0, 1};
}

struct Driver { int joint, axis; double amp, freq, phase; };

// MSR joint order; offsets from the parent in metres, y up, facing +z
const double kOffsets[20][3] = {{-0.18, -0.02, 0}, {0.18, -0.02, 0}, {0, 0.25, 0}, {0, 0.25, 0}, {-0.1, -0.05, 0},
                                {0.1, -0.05, 0},   {0, 1.0, 0},       {0, -0.28, 0}, {0, -0.28, 0}, {0, -0.25, 0},
                                {0, -0.25, 0},     {0, -0.08, 0},     {0, -0.08, 0}, {0, -0.42, 0}, {0, -0.42, 0},
                                {0, -0.42, 0},     {0, -0.42, 0},     {0, -0.05, 0.1}, {0, -0.05, 0.1}, {0, 0.2, 0}};

std::vector<std::vector<Driver>> classes() {
  const double P = 3.14159265358979;
  return {
      {{1, 2, 1.2, 2, 0}, {8, 2, 0.5, 2, 0.5}},                          // right arm wave
      {{0, 2, -1.2, 2, 0}, {7, 2, -0.5, 2, 0.5}},                        // left arm wave
      {{0, 2, -1.2, 2, 0}, {1, 2, 1.2, 2, 0}},                           // two-hand wave
      {{1, 0, -1.3, 1.5, 0}, {8, 0, -1.2, 1.5, P}},                      // right punch
      {{3, 0, 0.9, 0.5, 0}, {2, 0, 0.3, 0.5, 0}},                        // bend
      {{5, 0, -1.0, 1, 0}, {14, 0, 0.6, 1, P / 2}},                      // right kick
      {{4, 0, -1.0, 1, 0}, {13, 0, 0.6, 1, P / 2}},                      // left kick
      {{4, 0, -0.7, 1, 0}, {5, 0, -0.7, 1, 0}, {13, 0, 1.2, 1, 0}, {14, 0, 1.2, 1, 0}},  // squat
      {{4, 0, 0.6, 3, 0}, {5, 0, 0.6, 3, P}, {0, 0, 0.5, 3, P}, {1, 0, 0.5, 3, 0}},      // jog
      {{0, 1, 0.8, 3, 0}, {1, 1, -0.8, 3, 0}, {0, 0, -1.2, 0, P / 2}, {1, 0, -1.2, 0, P / 2}},  // clap
  };
}

}  // namespace

Dataset procedural_dataset(uint64_t seed, int subjects, int reps) {
  Dataset d;
  d.name = "procedural";
  d.root = "(embedded)";
  d.skeleton = skeleton_msr20();
  d.classes = {"right_wave", "left_wave", "two_hand_wave", "right_punch", "bend", "right_kick", "left_kick", "squat", "jog", "clap"};
  auto cls = classes();
  const Skeleton& s = d.skeleton;
  std::vector<int> order;  // parents before children
  std::vector<char> done(20, 0);
  while (order.size() < 20)
    for (int j = 0; j < 20; ++j)
      if (!done[j] && (s.parents[j] < 0 || done[s.parents[j]])) { order.push_back(j); done[j] = 1; }
  Rng r(seed);
  for (int subj = 1; subj <= subjects; ++subj) {
    double size = 0.9 + 0.2 * r.uniform(), style = 0.85 + 0.3 * r.uniform();
    for (int c = 0; c < (int)cls.size(); ++c)
      for (int rep = 1; rep <= reps; ++rep) {
        int T = 30 + (int)r.randint(31);
        double speed = 0.85 + 0.3 * r.uniform(), ph = 0.5 * r.normal();
        Clip clip;
        clip.id = "p" + std::to_string(c) + "_s" + std::to_string(subj) + "_e" + std::to_string(rep);
        clip.label = c;
        clip.subject = subj;
        clip.motion = Motion(T, 20);
        for (int t = 0; t < T; ++t) {
          std::array<Mat, 20> local, global;
          for (int j = 0; j < 20; ++j) local[j] = rot(0, 0);
          for (const Driver& dr : cls[c]) {
            double a = dr.freq == 0 ? dr.amp : style * dr.amp * std::sin(2 * 3.14159265 * dr.freq * speed * t / 30.0 + dr.phase + ph);
            local[dr.joint] = mul(local[dr.joint], rot(dr.axis, a));
          }
          std::array<std::array<double, 3>, 20> pos;
          for (int j : order) {
            int p = s.parents[j];
            if (p < 0) {
              global[j] = local[j];
              pos[j] = {0.3 * (subj % 3), kOffsets[j][1] * size, 2.5};
              continue;
            }
            global[j] = mul(global[p], local[j]);
            for (int k = 0; k < 3; ++k) {
              double v = 0;
              for (int q = 0; q < 3; ++q) v += global[p][k * 3 + q] * kOffsets[j][q] * size;
              pos[j][k] = pos[p][k] + v;
            }
          }
          for (int j = 0; j < 20; ++j)
            for (int k = 0; k < 3; ++k) clip.motion.at(t, j)[k] = (float)(pos[j][k] + 0.004 * r.normal());
        }
        d.clips.push_back(std::move(clip));
      }
  }
  return d;
}

}  // namespace haad
