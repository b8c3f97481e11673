// haad's embedded procedural motion set: the fallback when no real data is
// present (haad run without ../shared/data). Ten action classes on the MSR
// 20-joint skeleton, made by forward kinematics: each class drives a few joints
// with sinusoidal rotations (wave, punch, kick, bend, squat, jog, clap, ...);
// subjects vary body size and style, repetitions vary speed, phase, length and
// noise. 10 subjects x 3 repetitions x 10 classes = 300 clips.
#pragma once
#include <cstdint>
#include "io/dataset.h"

namespace haad {

Dataset procedural_dataset(uint64_t seed = 1, int subjects = 10, int reps = 3);

}  // namespace haad
