// The haad command line: one binary, subcommands with --help.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include "apps/commands.h"
#include "engine/device.h"
#include "kernels/cpu/isa.h"

using namespace haad;

static void usage() {
  std::printf(
      "usage: haad <command> [options]   (haad <command> --help for details)\n\n"
      "commands:\n"
      "  run         the main job: train on MSR Action3D, evaluate seen/unseen K=1,5,10, print the table\n"
      "  train       train the contrastive encoder, write a safetensors model\n"
      "  pretrain    train one encoder on every dataset at once (canonical skeleton): a model to start from\n"
      "  eval        the full evaluation protocol with baselines (JSON, Markdown, ROC SVG)\n"
      "  score       anomaly scores of clips against K normal support clips\n"
      "  embed       write clip embeddings as .npy\n"
      "  stream      score a live stream of frames from standard input, window by window\n"
      "  train-diffusion  train the motion diffusion model (action-conditioned transformer denoiser)\n"
      "  generate    sample clips of a class, or variants of a clip (partial diffusion), as .npy\n"
      "  gen-eval    quality of generated clips: Frechet distance, diversity, bone length, jitter, SVG\n"
      "  info        build and device information\n"
      "  data-info   load the datasets, print counts and skipped clips\n"
      "  convert     convert msr|utkinect|humanact12 data to haad's generic layout\n"
      "  perturb     make controlled anomalies inside categories (frozen limb, swapped side, ...), labelled\n");
}

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    usage();
    return argc < 2 ? 2 : 0;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines reach a log file as they happen
  std::string cmd = argv[1];
  try {
    Args a = parse_args(argc, argv, {"help", "verbose", "no-aug", "cpu", "resume", "no-seen", "no-unseen", "no-ae", "localize", "ddpm", "no-graph", "gen-aug", "all-subjects", "strict", "binary", "completion", "validation"});
    if (cmd == "info") {
      std::printf("haad: few-shot human action anomaly detection engine\n");
      std::printf("cpu: built for %s; features: %s\n", cpu_build_target(), cpu_features().c_str());
      std::printf("cpu kernels: %s%s (HAAD_ISA=avx2|avx512 forces one; avx512 %s here)\n", isa_name(cpu_isa()),
                  std::getenv("HAAD_ISA") && *std::getenv("HAAD_ISA") ? " (forced)" : "",
                  cpu_isa_supported(Isa::AVX512) ? "available" : "not available");
      std::printf("%s\n", cuda_describe().c_str());
      return 0;
    }
    if (cmd == "data-info") return cmd_data_info(a);
    if (cmd == "convert") return cmd_convert(a);
    if (cmd == "perturb") return cmd_perturb(a);
    if (cmd == "run") return cmd_run(a);
    if (cmd == "train") return cmd_train(a);
    if (cmd == "pretrain") return cmd_pretrain(a);
    if (cmd == "eval") return cmd_eval(a);
    if (cmd == "score") return cmd_score(a);
    if (cmd == "embed") return cmd_embed(a);
    if (cmd == "stream") return cmd_stream(a);
    if (cmd == "train-diffusion") return cmd_train_diffusion(a);
    if (cmd == "generate") return cmd_generate(a);
    if (cmd == "gen-eval") return cmd_gen_eval(a);
    std::fprintf(stderr, "haad: unknown command '%s'\n", cmd.c_str());
    usage();
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "haad %s: error: %s\n", cmd.c_str(), e.what());
    return 1;
  }
}
