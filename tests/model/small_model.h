// Small encoder, training and evaluation settings for the model tests: seconds,
// not minutes, on the procedural motion set.
#pragma once
#include <string>
#include <vector>
#include "contrastive/eval.h"

namespace haad::test {

inline EncoderConfig small_cfg(const std::string& arch = "gcn") {
  EncoderConfig c;
  c.arch = arch;
  c.joints = 20;
  c.in_features = 30;  // M = 10
  c.hidden = 32;
  c.blocks = 2;
  c.embed = 16;
  return c;
}

inline TrainConfig small_train() {
  TrainConfig t;
  t.steps = 40;
  t.eval_every = 20;
  t.P = 6;
  t.Q = 3;
  t.feat.M = 10;
  t.feat.H = 30;
  t.verbose = false;
  return t;
}

// an evaluation with few draws and folds, a short AE baseline, quiet
inline EvalConfig small_eval(const std::vector<int>& Ks) {
  EvalConfig c;
  c.enc = small_cfg();
  c.train = small_train();
  c.Ks = Ks;
  c.draws = 2;
  c.folds = 2;
  c.ae_draws = 1;
  c.ae_steps = 20;
  c.verbose = false;
  return c;
}

}  // namespace haad::test
