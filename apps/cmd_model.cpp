// haad train / eval / run / score / embed
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include "apps/commands.h"
#include "contrastive/eval.h"
#include "contrastive/localize.h"
#include "contrastive/mix.h"
#include "io/canonical.h"
#include "io/perturb.h"
#include "engine/rng.h"
#include "io/npy.h"
#include "io/procedural.h"
#include "io/splits.h"
#include "nn/checkpoint.h"

namespace fs = std::filesystem;

namespace haad {

const char* kDataOptions =
    "  --data DIR          data root holding msr_action3d/, utkinect/, ... (default: $HAAD_DATA or ../shared/data)\n"
    "  --dataset NAME      msr (default) | utkinect | humanact12 | generic\n"
    "  --path DIR          the dataset folder itself (instead of --data)\n"
    "  --seed N (1)        seeds everything: CPU runs are bit-reproducible\n";
const char* kEncoderOptions =
    "  --preset paper      the authors' configuration: LTD encoder (--arch ltd), H 60, M 10, no dropout, tau 1,\n"
    "                      AdamW lr 1e-3 wd 1e-3, constant then linear decay, 9 categories x 2 clips, one view,\n"
    "                      no augmentation, 1500 steps, --score mean-l2, pooled embedding, no instance term\n"
    "                      (any option given explicitly still wins)\n"
    "  --arch gcn|stgcn|ltd  encoder (default gcn)  --hidden N (128)  --blocks N (4)  --embed N (128)\n"
    "  --norm layer|batch (layer)  --dropout X (0.1)\n"
    "  --embed-from nodes|backbone|head|both  which features score clips (default nodes: every joint's backbone\n"
    "                      features, flattened; backbone: pooled over joints, before the head; both: the two)\n"
    "  --steps N (600)     --lr X (2e-3)  --tau X (0.1)  --P N (8)  --Q N (4)  --wd X (1e-4) weight decay\n"
    "  --schedule cosine|paper (cosine)    --views N (2) views of each clip per batch\n"
    "  --patience N (4)    stop after N validation-loss checks (every 25 steps) without improvement and keep\n"
    "                      the best model; 0: train every step, keep the last   --val-frac X (0.15) clips held\n"
    "                      out of training for that validation loss\n"
    "  --inst-weight X (0.5)  weight of an instance-level contrastive term beside the category-level one\n"
    "                      (only a clip's own other views are its positives; 0 turns it off)   --inst-tau X (0.1)\n"
    "  --recombine X (0)   share of batch categories that are pseudo-categories: one category's clips with\n"
    "                      some limbs doing another category's motion (body-part recombination)\n"
    "  --fault-ratio X (0) share of batch clips that also enter the batch done wrongly (haad perturb's kinds,\n"
    "                      severity 0.25-1) as negatives of their own   --fault-kinds a,b (all kinds)\n"
    "  --aug all|geometric|none (all)  training augmentation; geometric: rotation, scale, noise only\n"
    "                      (no crop, speed change or mirror); --no-aug = --aug none\n"
    "  --H N (60)          frames after resampling   --M N (20) DCT coefficients kept\n"
    "  --view-frames N (0) the body's facing is the left->right hip vector summed over the first N frames\n"
    "                      (0: every frame; 1 under --preset paper); clips are turned so it points along +x\n";

Dataset load_from_args(const Args& a) {
  std::string ds = a.get("dataset", "msr");
  std::string path = a.get("path");
  if (path.empty()) {
    std::string root = find_data_root(a.get("data"));
    if (root.empty()) {
      std::printf("no data folder found (--data, $HAAD_DATA, ../shared/data): using haad's procedural motion set\n");
      return procedural_dataset(a.get_int("seed", 1));
    }
    std::string sub = ds == "msr" ? "msr_action3d" : ds;
    path = root + "/" + sub;
  }
  Dataset d = load_dataset(ds, path);
  std::printf("%s", d.summary().c_str());
  return d;
}

std::vector<int> training_clips(const Args& a, const Dataset& d, CategorySplit* split) {
  std::vector<std::string> held = a.get_list("heldout");
  CategorySplit cs = held.empty() ? seen_split(d) : unseen_split_by_name(d, held);
  std::vector<int> pool;
  if (a.has("all-subjects")) {
    for (size_t i = 0; i < d.clips.size(); ++i) pool.push_back((int)i);
  } else {
    pool = cross_subject(d).train;
  }
  std::vector<int> idx;
  for (int i : pool)
    if (std::count(cs.train_classes.begin(), cs.train_classes.end(), d.clips[i].label)) idx.push_back(i);
  if (split) *split = cs;
  return idx;
}

bool paper_preset(const Args& a) {
  std::string p = a.get("preset");
  if (!p.empty() && p != "paper") throw std::invalid_argument("--preset expects paper, got '" + p + "'");
  return p == "paper";
}

void configs_from_args(const Args& a, const Dataset& d, EncoderConfig& e, TrainConfig& t) {
  // --preset paper changes the defaults; an option given explicitly still wins
  const bool P = paper_preset(a);
  t.feat.H = (int)a.get_int("H", 60);
  t.feat.M = (int)a.get_int("M", P ? 10 : 20);
  if (t.feat.M > t.feat.H) throw std::invalid_argument("--M must not exceed --H");
  // every frame's hips set the facing: chosen on validation (bench/RESULTS.md, "Third round", "The facing")
  t.feat.pre.view_frames = (int)a.get_int("view-frames", P ? 1 : 0);
  if (t.feat.pre.view_frames < 0) throw std::invalid_argument("--view-frames must be >= 0 (0: every frame)");
  e.arch = a.get("arch", P ? "ltd" : "gcn");
  e.joints = d.skeleton.num_joints();
  e.in_features = 3 * t.feat.M;
  e.hidden = (int)a.get_int("hidden", 128);
  e.blocks = (int)a.get_int("blocks", 4);
  e.embed = (int)a.get_int("embed", 128);
  e.dropout = a.get_double("dropout", P ? 0.0 : 0.1);
  e.norm = a.get("norm", P ? "batch" : "layer");
  // defaults chosen on validation data (bench/validate.sh; bench/RESULTS.md "Chosen on validation"):
  // per-joint embeddings and an instance-level term beside the category-level loss
  e.embed_from = a.get("embed-from", P ? "backbone" : "nodes");
  if (e.embed_from != "backbone" && e.embed_from != "head" && e.embed_from != "nodes" && e.embed_from != "both")
    throw std::invalid_argument("--embed-from expects backbone, head, nodes or both, got '" + e.embed_from + "'");
  t.steps = (int)a.get_int("steps", P ? 1500 : 600);
  t.lr = a.get_double("lr", P ? 1e-3 : 2e-3);
  t.weight_decay = a.get_double("wd", P ? 1e-3 : 1e-4);
  t.tau = a.get_double("tau", P ? 1.0 : 0.1);
  t.P = (int)a.get_int("P", P ? 9 : 8);
  t.Q = (int)a.get_int("Q", P ? 2 : 4);
  t.schedule = a.get("schedule", P ? "paper" : "cosine");
  t.views = (int)a.get_int("views", P ? 1 : 2);
  t.seed = (uint64_t)a.get_int("seed", 1);
  t.inst_weight = a.get_double("inst-weight", P ? 0.0 : 0.5);
  t.inst_tau = a.get_double("inst-tau", 0.1);
  t.recombine = a.get_double("recombine", 0.0);
  if (t.recombine < 0 || t.recombine >= 1) throw std::invalid_argument("--recombine must be in [0, 1)");
  t.fault_ratio = a.get_double("fault-ratio", 0.0);
  t.patience = (int)a.get_int("patience", 4);
  t.val_frac = a.get_double("val-frac", 0.15);
  if (t.patience < 0 || t.val_frac < 0 || t.val_frac >= 1) throw std::invalid_argument("--patience must be >= 0, --val-frac in [0, 1)");
  if (t.fault_ratio < 0 || t.fault_ratio > 1) throw std::invalid_argument("--fault-ratio must be in [0, 1]");
  if (a.has("fault-kinds")) {
    t.fault_kinds = a.get_list("fault-kinds");
    try {
      for (const std::string& k : t.fault_kinds) parse_perturbation(k);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("--fault-kinds: ") + e.what());
    }
  }
  if (t.inst_weight < 0 || !(t.inst_tau > 0)) throw std::invalid_argument("--inst-weight must be >= 0 and --inst-tau > 0");
  if (t.inst_weight > 0 && t.views < 2) {
    if (a.has("inst-weight")) throw std::invalid_argument("--inst-weight needs --views >= 2 (a clip's positive is its other view)");
    t.inst_weight = 0;  // the default term needs two views; one view turns it off
  }
  std::string aug = a.has("no-aug") ? "none" : a.get("aug", P ? "none" : "all");
  t.augment = aug != "none";
  if (t.augment) t.aug = augment_policy(aug);
  if (t.steps < 1 || t.P < 2 || t.Q < 1) throw std::invalid_argument("--steps >= 1, --P >= 2, --Q >= 1");
  if (t.views < 1) throw std::invalid_argument("--views must be >= 1");
  if (t.views == 1 && t.Q < 2) throw std::invalid_argument("--views 1 needs --Q >= 2 (a clip needs a positive)");
  if (t.schedule != "cosine" && t.schedule != "paper") throw std::invalid_argument("--schedule expects cosine or paper");
}

// A model of several datasets alone (leave one dataset out, haad pretrain), chosen on validation
// (bench/RESULTS.md, "Third round", "Leave one dataset out, trained longer"): it keeps gaining on an unseen dataset
// long after its own loss stops falling, so it trains every step, on every clip, 3000 steps.
// Options given explicitly win.
static void multi_dataset_defaults(const Args& a, TrainConfig& t) {
  if (!a.has("steps")) t.steps = 3000;
  if (!a.has("patience")) t.patience = 0;
  if (!a.has("val-frac")) t.val_frac = 0;
}

static std::string eval_usage(const char* head) {
  return std::string(head) + kDataOptions + kEncoderOptions +
         "  --protocol standard|paper|within (standard)  standard: other categories are the anomalies;\n"
         "                      paper: the authors' protocol (per category first 80% of clips by file order train,\n"
         "                      one model on the seen categories, --unseen a,b,c held out: default the last quarter\n"
         "                      of the class list, on HumanAct12 phone, boxing, throw; use --k 3 for their K);\n"
         "                      within: wrong executions of the category itself (labelled clips, e.g. from haad perturb)\n"
         "  --unseen a,b,c      (paper protocol) the unseen categories\n"
         "  --data-mix a,b,c    also train on these datasets (msr, utkinect, utd_mhad, nw_ucla, kard, or generic folders):\n"
         "                      every dataset mapped onto the canonical 16-joint skeleton, categories namespaced by\n"
         "                      dataset, each dataset's own training subjects   --mix-ratio X (0.5) share of batch categories\n"
         "  --init MODEL        start every model from a pretrained encoder (haad pretrain; canonical skeleton)\n"
         "  --canonical         map the dataset onto the canonical 16-joint skeleton (as --init and --data-mix do)\n"
         "  --protocol lodo --target NAME   leave one dataset out: train on the other datasets (all their clips;\n"
         "                      --data-mix to choose them), evaluate every category of NAME as unseen; defaults\n"
         "                      there: --steps 3000 --patience 0 --val-frac 0 (chosen on validation)\n"
         "  --k 1,5,10          support sizes      --draws N (10)   --folds N (5)\n"
         "  --validation        choose settings here: only the training subjects' clips, dealt into pseudo-train\n"
         "                      and pseudo-test subjects (no test-subject clip is read); output results/<name>_validation\n"
         "  --train-seed N      seed of the encoders' training only (default --seed, which also deals the folds\n"
         "                      and draws the supports): several training seeds on the same episodes\n"
         "  --raw-weight W (0)  score with learned and raw DCT rows side by side: a cosine is (1 - W) learned +\n"
         "                      W raw; experimental\n"
         "  --ensemble N (1)    encoders per model, each trained with its own seed; a clip's score uses the mean\n"
         "                      of their cosines (N times the training time)\n"
                "  --score max|knn|mahalanobis|mean-l2|hybrid (max)      --no-seen  --no-unseen  --no-ae\n"
                "  --out DIR           results.json, results.md, roc_*.svg, train_*.csv (default results/<dataset>)\n"
                "generative augmentation (a diffusion model per training set, trained on its clips only):\n"
                "  --gen-aug           train the encoders with generated clips mixed into batches\n"
                "  --gen-ablation N    also train with and without them for N seeds; report the AUC difference\n"
                "  --gen-ratio X (0.25) share of batch classes from the generated pool\n"
                "  --gen-per-class N (20)  --gen-partial N (1) variants per real clip  --gen-strength X (0.4)\n"
                "  --gen-ddim S (50)  --gen-guidance G (2)  --gen-kinds class,partial  (which generated clips to use)\n"
                "  --gen-kinds completion   the authors' training pairs: a class-free completion model, --gen-partial A\n"
                "                      completions of each real training clip as positives of its category\n"
                "  --diff-steps N (1200)  --diff-latent N (128)  --diff-ff N (512)  --diff-layers N (4)  --diff-frames N (auto)\n"
                "  --device cpu|cuda   where the diffusion models train and sample\n"
                "generative support expansion (the authors' scoring; a class-free completion model per training set):\n"
                "  --support-aug A     A completions per support clip join the support set (reported beside haad)\n"
                "  --support-variants mirror,head,tail  variants of each support clip that join its set (default these:\n"
                "                      left/right mirror, first / last 85% of the frames; also rot+15, rot-15; none\n"
                "                      under --preset paper)  --no-support-mirror drops the mirror, --support-mirror adds it\n"
                "  --support-observe f (0.5) share of the clip observed  --diff-space time|dct (dct)  --diff-steps (1500)\n"
                "  --gen-cache DIR     where completion models and completions are cached (default --out)\n"
                "  pools and diffusion checkpoints are cached in --out (diffusion_<tag>.safetensors, genpool_<tag>/)\n";
}

// The datasets of `list` (--data-mix) on the canonical skeleton as extra training
// clips (into `holder`, which must outlive training), and --mix-ratio checked.
static double use_data_mix(const Args& a, const std::string& list, const FeatureConfig& f, bool all_clips,
                           ExtraClips& holder) {
  MixClips mix = load_mix(parse_mix(list, find_data_root(a.get("data"))), f, all_clips);
  for (const std::string& l : mix.summary) std::printf("data-mix: %s\n", l.c_str());
  holder = mix.extra();
  double ratio = a.get_double("mix-ratio", 0.5);
  if (!(ratio > 0 && ratio < 1)) throw std::invalid_argument("--mix-ratio must be in (0, 1)");
  return ratio;
}

std::vector<std::string> support_variants_from_args(const Args& a) {
  std::vector<std::string> v;
  try {
    v = parse_support_variants(a.get("support-variants", paper_preset(a) ? "none" : "mirror,head,tail"));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--support-variants: ") + e.what());
  }
  if (a.has("no-support-mirror")) v.erase(std::remove(v.begin(), v.end(), std::string("mirror")), v.end());
  if (a.has("support-mirror") && std::find(v.begin(), v.end(), "mirror") == v.end()) v.insert(v.begin(), "mirror");
  return v;
}

int cmd_eval(const Args& a) {
  std::string usage = eval_usage("usage: haad eval [options]\nTrains and evaluates few-shot anomaly detection: seen and unseen categories,\n"
                                 "K-shot supports, AUC/AP/EER over seeded support draws, baselines on the same episodes.\n");
  if (a.has("help")) {
    std::printf("%s", usage.c_str());
    return 0;
  }
  check_options(a, usage);
  manual_seed((uint64_t)a.get_int("seed", 1));
  std::string protocol = a.get("protocol", "standard");
  const bool lodo = protocol == "lodo";
  if (a.has("target") && !lodo) throw std::invalid_argument("--target belongs to --protocol lodo");
  Dataset d;
  std::string mix_list = a.get("data-mix");
  if (lodo) {  // the target dataset by name; by default every other built-in dataset trains
    if (!a.has("target")) throw std::invalid_argument("--protocol lodo needs --target NAME (msr, utkinect, utd_mhad, nw_ucla, kard)");
    std::string root = find_data_root(a.get("data"));
    if (root.empty()) throw std::invalid_argument("--protocol lodo: no data folder found (--data, $HAAD_DATA, ../shared/data)");
    std::string target = a.get("target");
    MixSource t = parse_mix(target, root)[0];
    d = load_dataset(t.format, t.path);
    if (d.name.empty() || d.name == "generic") d.name = t.name;
    if (mix_list.empty())
      for (const std::string& n : mix_known_names())
        if (n != target) mix_list += (mix_list.empty() ? "" : ",") + n;
  } else {
    d = load_from_args(a);
  }
  if (a.has("validation")) {
    // lodo: the model trains on the other datasets alone either way; validation evaluates on the
    // target's training subjects (pseudo-train supports, pseudo-test clips), never its test subjects
    d = validation_subset(d);
    std::printf("validation: %zu clips of the training subjects, re-split into pseudo-train and pseudo-test\n", d.clips.size());
  }
  // a pretrained model or other datasets: everything on the canonical skeleton
  if (a.has("init") || !mix_list.empty() || a.has("canonical")) d = to_canonical(d, canonical_map(d.skeleton));
  EvalConfig c;
  configs_from_args(a, d, c.enc, c.train);
  if (lodo) multi_dataset_defaults(a, c.train);
  ExtraClips mix_extra;
  if (!mix_list.empty()) {
    c.mix_ratio = use_data_mix(a, mix_list, c.train.feat, lodo, mix_extra);
    c.mix = &mix_extra;
  }
  c.init = a.get("init");
  c.Ks = a.get_ints("k", {1, 5, 10});
  c.draws = (int)a.get_int("draws", 10);
  c.folds = (int)a.get_int("folds", 5);
  c.seed = (uint64_t)a.get_int("seed", 1);
  c.train_seed = (uint64_t)a.get_int("train-seed", 0);
  c.ensemble = (int)a.get_int("ensemble", 1);
  if (c.ensemble < 1 || c.ensemble > 16) throw std::invalid_argument("--ensemble expects 1..16 encoders");
  c.mode = parse_score_mode(a.get("score", paper_preset(a) ? "mean-l2" : "max"));
  c.seen = !a.has("no-seen") && !lodo;
  c.unseen = !a.has("no-unseen");
  c.baseline_ae = !a.has("no-ae");
  c.out_dir = a.get("out", "results/" + d.name);
  if (a.has("gen-aug") || a.has("gen-ablation")) {
    c.gen_aug = make_gen_aug(a, d, c.out_dir);
    c.gen_ratio = a.get_double("gen-ratio", 0.25);
    c.ablation_seeds = (int)a.get_int("gen-ablation", 0);
  }
  if (a.has("support-aug")) c.support_gen = make_support_gen(a, d, c.train.feat, c.out_dir);
  // chosen on validation (bench/RESULTS.md "Chosen on validation"); --preset paper keeps the authors' scoring
  c.support_variants = support_variants_from_args(a);
  c.raw_weight = a.get_double("raw-weight", 0.0);
  if (!(c.raw_weight >= 0 && c.raw_weight < 1)) throw std::invalid_argument("--raw-weight expects a number in [0, 1)");
  if (a.has("unseen") && protocol != "paper") throw std::invalid_argument("--unseen belongs to --protocol paper");
  if (protocol == "within") {
    if (c.gen_aug || c.support_gen)
      throw std::invalid_argument("--protocol within does not take the generative augmentation options");
    EvalReport r = run_within_eval(d, c);
    std::printf("\n%s\nresults: %s/results_within.json, results_within.md\n", r.markdown.c_str(), c.out_dir.c_str());
    return 0;
  }
  if (protocol != "standard" && protocol != "paper" && protocol != "lodo")
    throw std::invalid_argument("--protocol expects standard, paper, lodo or within, got '" + protocol + "'");
  c.protocol = protocol;
  c.unseen_names = a.get_list("unseen");
  EvalReport r = run_eval(d, c);
  std::printf("\n%s\nresults: %s/results.json, results.md, roc_seen.svg, roc_unseen.svg\n", r.markdown.c_str(), c.out_dir.c_str());
  return 0;
}

// haad pretrain: one encoder on every dataset's training subjects, on the canonical skeleton
int cmd_pretrain(const Args& a) {
  std::string usage = std::string("usage: haad pretrain --out MODEL.safetensors [options]\n"
                                  "Trains the encoder on the training subjects of several datasets at once (canonical 16-joint\n"
                                  "skeleton, categories namespaced by dataset): a model to start from (train/eval --init).\n"
                                  "Defaults here: --steps 3000 --patience 0 (as --protocol lodo; chosen on validation).\n"
                                  "  --data DIR          data root (default: $HAAD_DATA or ../shared/data)\n"
                                  "  --datasets a,b,c    (default msr,utkinect,utd_mhad,nw_ucla,kard) or generic-layout folders\n"
                                  "  --generator G.safetensors  also train a class-free motion completion model on the same clips\n"
                                  "                      (--diff-steps N (2000) --diff-latent N (128) --diff-space dct|time (dct);\n"
                                  "                      for score --support-aug --diffusion G on the canonical skeleton)\n"
                                  "  --seed N (1)\n") +
                      kEncoderOptions;
  if (a.has("help")) {
    std::printf("%s", usage.c_str());
    return 0;
  }
  check_options(a, usage);
  if (!a.has("out")) throw std::invalid_argument("--out MODEL.safetensors is required");
  manual_seed((uint64_t)a.get_int("seed", 1));
  std::string root = find_data_root(a.get("data"));
  std::string list = a.get("datasets");
  if (list.empty())
    for (const std::string& n : mix_known_names()) list += (list.empty() ? "" : ",") + n;
  Dataset canon;  // no clips of its own: every training clip comes from the mix
  canon.name = "pretrain";
  canon.skeleton = skeleton_canonical();
  EncoderConfig e;
  TrainConfig t;
  configs_from_args(a, canon, e, t);
  multi_dataset_defaults(a, t);
  MixClips mix = load_mix(parse_mix(list, root), t.feat, false);
  for (const std::string& l : mix.summary) std::printf("pretrain: %s\n", l.c_str());
  ExtraClips ex = mix.extra();
  t.use_extra(ex, 1.0);
  t.checkpoint = a.get("out");
  t.log_csv = a.get("out") + ".csv";
  std::unique_ptr<Encoder> enc = make_encoder(e, canon.skeleton);
  std::printf("encoder %s: %lld parameters, %zu clips of %zu categories\n", e.arch.c_str(), (long long)enc->num_parameters(),
              ex.motions.size(), mix.classes.size());
  TrainResult r = train_contrastive(*enc, canon, {}, t);
  save_encoder(t.checkpoint, *enc, t.feat, canon.skeleton, mix.classes,
               {{"step", std::to_string(r.steps)}, {"pretrained_on", list}});
  std::printf("pretrained %d steps in %.1fs (%.0f clips/s); model: %s (%.2f MB)\n", r.steps, r.seconds, r.clips_per_sec,
              t.checkpoint.c_str(), std::filesystem::file_size(t.checkpoint) / 1048576.0);
  if (a.has("generator")) {  // the completion generator, on the same training clips
    DiffusionTrainConfig g;
    g.completion = true;
    g.model.space = a.get("diff-space", "dct");
    g.model.latent = (int)a.get_int("diff-latent", 128);
    g.model.ff = 4 * g.model.latent;
    g.steps = (int)a.get_int("diff-steps", 2000);
    g.seed = (uint64_t)a.get_int("seed", 1);
    g.pre = t.feat.pre;
    g.log_every = 250;
    g.checkpoint = a.get("generator");
    g.log_csv = g.checkpoint + ".csv";
    std::vector<int> idx;
    Dataset all = dataset_with_mix(canon, mix, idx);
    DiffusionModel m;
    DiffusionTrainResult gr = train_diffusion(m, all, idx, g);
    std::printf("completion generator: %d steps in %.1fs; model: %s (%.2f MB)\n", gr.steps, gr.seconds,
                g.checkpoint.c_str(), std::filesystem::file_size(g.checkpoint) / 1048576.0);
  }
  return 0;
}

int cmd_train(const Args& a) {
  std::string usage = std::string("usage: haad train --out MODEL.safetensors [options]\nTrains the encoder on the train subjects (odd subjects).\n") +
                      kDataOptions + kEncoderOptions +
                      "  --heldout a,b       leave these categories out of training (unseen setting)\n"
                      "  --all-subjects      train on every subject's clips\n"
                      "  --resume            continue from --out if it exists\n"
                      "  --gen-pool DIR      generated clips (haad generate --class all ... --out DIR) mixed into batches\n"
                      "  --gen-ratio X (0.25) share of each batch's categories drawn from them\n"
                      "  --init MODEL        fine-tune a pretrained encoder (haad pretrain; the data is mapped onto its\n"
                      "                      canonical skeleton)\n"
                      "  --canonical         map the dataset onto the canonical 16-joint skeleton\n"
                      "  --data-mix a,b,c    also train on these datasets' training subjects (canonical skeleton, categories\n"
                      "                      namespaced)   --mix-ratio X (0.5) share of each batch's categories from them\n";
  if (a.has("help")) {
    std::printf("%s", usage.c_str());
    return 0;
  }
  check_options(a, usage);
  if (!a.has("out")) throw std::invalid_argument("--out MODEL.safetensors is required");
  manual_seed((uint64_t)a.get_int("seed", 1));
  Dataset d = load_from_args(a);
  if (a.has("init") || a.has("data-mix") || a.has("canonical")) d = to_canonical(d, canonical_map(d.skeleton));
  if (a.has("data-mix") && a.has("gen-pool")) throw std::invalid_argument("--data-mix and --gen-pool do not combine");
  EncoderConfig e;
  TrainConfig t;
  configs_from_args(a, d, e, t);
  CategorySplit cs;
  std::vector<int> idx = training_clips(a, d, &cs);
  std::unique_ptr<Encoder> enc = make_encoder(e, d.skeleton);
  if (a.has("init")) load_module(a.get("init"), *enc);
  std::printf("encoder %s: %lld parameters\n", e.arch.c_str(), (long long)enc->num_parameters());
  t.checkpoint = a.get("out");
  t.resume = a.has("resume");
  ExtraClips pool;
  if (a.has("gen-pool")) {
    pool = load_pool_for_training(a.get("gen-pool"), d, cs.train_classes);
    t.use_extra(pool, a.get_double("gen-ratio", 0.25));
    std::printf("generated pool: %zu clips from %s, ratio %.2f\n", pool.motions.size(), a.get("gen-pool").c_str(), t.extra_ratio);
  }
  ExtraClips mix_extra;
  if (a.has("data-mix")) {
    double ratio = use_data_mix(a, a.get("data-mix"), t.feat, false, mix_extra);
    t.use_extra(mix_extra, ratio);
  }
  t.log_csv = a.get("out") + ".csv";
  TrainResult r = train_contrastive(*enc, d, idx, t);
  std::map<std::string, std::string> meta = spread_metadata(*enc, d, idx, t.feat);  // the hybrid score's K = 1 calibration
  meta["step"] = std::to_string(r.steps);
  meta["best_val"] = std::to_string(r.best_val);
  save_encoder(t.checkpoint, *enc, t.feat, d.skeleton, d.classes, meta);
  std::printf("trained %d steps in %.1fs (%.0f clips/s); model: %s, loss log: %s\n", r.steps, r.seconds, r.clips_per_sec,
              t.checkpoint.c_str(), t.log_csv.c_str());
  return 0;
}

int cmd_run(const Args& a) {
  if (a.has("help")) {
    std::printf("%s", eval_usage("usage: haad run [options]\nThe main job: train on MSR Action3D (odd subjects), evaluate seen and\n"
                                 "unseen categories with K = 1, 5, 10 and print the table (= haad eval with its defaults).\n").c_str());
    return 0;
  }
  return cmd_eval(a);
}

}  // namespace haad
