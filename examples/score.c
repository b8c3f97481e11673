/* A C consumer of libhaad: load a model, set K support clips, score test clips.
 *   score_c MODEL.safetensors SUPPORT.npy... -- TEST.npy...
 * Prints "FILE SCORE" per test clip; exits non-zero with haad's message on errors.
 * SCORE_SUPPORT_VARIANTS="mirror" (say) chooses the support clips' variants (default mirror,head,tail). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "haad/haad.h"
#include "npy.h"

int main(int argc, char** argv) {
  int sep = 0;
  for (int i = 2; i < argc; ++i)
    if (!strcmp(argv[i], "--")) sep = i;
  if (argc < 5 || sep < 3 || sep == argc - 1) {
    fprintf(stderr, "usage: %s MODEL SUPPORT.npy... -- TEST.npy...   (haad %s)\n", argv[0], haad_version());
    return 2;
  }
  haad_detector* d = NULL;
  if (haad_detector_load(argv[1], NULL, &d) != HAAD_OK) {
    fprintf(stderr, "%s\n", haad_last_error());
    return 1;
  }
  int nsup = sep - 2, ntest = argc - sep - 1, joints = 0;
  const float** sup = calloc(nsup, sizeof(float*));
  const float** test = calloc(ntest, sizeof(float*));
  int* sf = calloc(nsup, sizeof(int));
  int* tf = calloc(ntest, sizeof(int));
  for (int i = 0; i < nsup; ++i)
    if (!(sup[i] = npy_read_clip(argv[2 + i], &sf[i], &joints))) { fprintf(stderr, "%s: cannot read\n", argv[2 + i]); return 1; }
  for (int i = 0; i < ntest; ++i)
    if (!(test[i] = npy_read_clip(argv[sep + 1 + i], &tf[i], &joints))) { fprintf(stderr, "%s: cannot read\n", argv[sep + 1 + i]); return 1; }
  double* scores = calloc(ntest, sizeof(double));
  const char* variants = getenv("SCORE_SUPPORT_VARIANTS");
  if ((variants && haad_detector_set_support_variants(d, variants) != HAAD_OK) ||
      haad_detector_set_support(d, sup, sf, nsup) != HAAD_OK ||
      haad_detector_score_batch(d, test, tf, ntest, scores) != HAAD_OK) {
    fprintf(stderr, "%s\n", haad_last_error());
    return 1;
  }
  for (int i = 0; i < ntest; ++i) printf("%s %.9g\n", argv[sep + 1 + i], scores[i]);
  for (int i = 0; i < nsup; ++i) free((void*)sup[i]);
  for (int i = 0; i < ntest; ++i) free((void*)test[i]);
  free(sup); free(test); free(sf); free(tf); free(scores);
  haad_detector_free(d);
  return 0;
}
