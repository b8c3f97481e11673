/* A minimal reader for (T, J, 3) float32 little-endian C-order .npy clips, for
 * the examples (haad itself reads .npy with io/npy.h). Returns NULL on error. */
#ifndef HAAD_EXAMPLE_NPY_H
#define HAAD_EXAMPLE_NPY_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static float* npy_read_clip(const char* path, int* frames, int* joints) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  unsigned char pre[10];
  float* data = NULL;
  if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0 || pre[6] != 1) goto done;
  {
    unsigned hl = pre[8] | (pre[9] << 8);
    char* h = (char*)calloc(hl + 1, 1);
    long t = 0, j = 0, c = 0;
    if (fread(h, 1, hl, f) != hl || !strstr(h, "'<f4'") || strstr(h, "True") ||
        sscanf(strstr(h, "'shape': (") + 10, "%ld, %ld, %ld", &t, &j, &c) != 3 || c != 3) {
      free(h);
      goto done;
    }
    free(h);
    data = (float*)malloc((size_t)t * j * 3 * sizeof(float));
    if (fread(data, sizeof(float), (size_t)t * j * 3, f) != (size_t)t * j * 3) {
      free(data);
      data = NULL;
      goto done;
    }
    *frames = (int)t;
    *joints = (int)j;
  }
done:
  fclose(f);
  return data;
}
#endif
