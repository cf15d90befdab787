// arb-floor: the certified reference per point in Arb (Debian's libflint-arb), the floor that
// losslab-bench holds LossLab's certified reference to (Sources/losslab-bench/ArbBench.swift;
// `make bench` builds this into .build/arb-floor).
//
//   arb-floor CASE BITS FILE [SECONDS RUNS]
//
// CASE is bce-logits or sparse-cce-logits. FILE holds the points as text: a first line "N C",
// then N lines, each "y x" when C is 1 (bce-logits) or "label x1 ... xC" (sparse-cce-logits);
// the numbers are doubles (hex floats keep them exact). Each point's loss is one Arb ball at
// BITS bits, rounded to the nearest double when every point of the ball rounds alike; else the
// point is computed again at twice the precision (up to 4096 bits, LossLab's cap), as LossLab's
// certified reference does. All Arb variables are initialised once, outside the loop.
//
// Prints the N doubles (hex, one per line), then "retried K" (points that needed more than BITS
// bits) and "uncertified K" (points 4096 bits left undecided; their midpoint is printed). With
// SECONDS > 0 and RUNS > 0 (defaults 0.5 and 5) it then times the whole pass, repeated for at
// least SECONDS per run, and prints the best run as "seconds-per-point S". Exit status 2 on a
// bad argument or file.
#define _POSIX_C_SOURCE 200809L  // clock_gettime under -std=c99

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>

#include <arb.h>

enum { CAP_BITS = 4096 };

/// The work area of one case: inputs (exact: a double fits in any precision) and scratch.
typedef struct {
  arb_t x, y, t, u;
  arb_ptr row;
  long classes;
  arf_t low, high;
} scratch;

/// bce-logits, TensorFlow's stable form max(x, 0) - x y + log1p(exp(-|x|)). It is LossLab's
/// ideal y softplus(-x) + (1 - y) softplus(x) (BinaryCrossEntropyFromLogits.swift) rewritten
/// with softplus(-x) = softplus(x) - x: one exp and one log1p instead of two of each, the least
/// work that gives the value. For y in [0, 1] both terms are >= 0: no cancellation.
static void bce_logits(arb_t loss, double y, double x, slong prec, scratch *s) {
  arb_set_d(s->x, x);
  arb_set_d(s->y, y);
  arb_abs(s->t, s->x);
  arb_neg(s->t, s->t);
  arb_exp(s->t, s->t, prec);
  arb_log1p(s->t, s->t, prec);
  arb_mul(s->u, s->x, s->y, prec);
  if (x > 0) {
    arb_sub(s->u, s->x, s->u, prec);
  } else {
    arb_neg(s->u, s->u);
  }
  arb_add(loss, s->u, s->t, prec);
}

/// sparse-cce-logits, logsumexp(x) - x[label] as LossLab's ideal computes it (logSumExpAbove in
/// SparseCategoricalCrossEntropyFromLogits.swift): k the first largest logit, m = x[k];
/// (m - x[label]) + log1p(sum over j != k of exp(x[j] - m)).
static void sparse_cce_logits(arb_t loss, long label, const double *x, slong prec, scratch *s) {
  long k = 0;
  for (long c = 0; c < s->classes; c++) {
    arb_set_d(s->row + c, x[c]);
    if (x[c] > x[k]) k = c;
  }
  arb_zero(s->u);
  for (long c = 0; c < s->classes; c++) {
    if (c == k) continue;
    arb_sub(s->t, s->row + c, s->row + k, prec);
    arb_exp(s->t, s->t, prec);
    arb_add(s->u, s->u, s->t, prec);
  }
  arb_log1p(s->u, s->u, prec);
  arb_sub(s->t, s->row + k, s->row + label, prec);
  arb_add(loss, s->t, s->u, prec);
}

/// The points of FILE: n rows of `columns` values (x), and a target (y) or label per row.
typedef struct {
  long n, columns;
  double *x, *y;
  long *labels;
} points;

static int read_points(points *p, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  int ok = fscanf(f, "%ld %ld", &p->n, &p->columns) == 2 && p->n > 0 && p->columns > 0;
  if (ok) {
    p->x = malloc(sizeof(double) * p->n * p->columns);
    p->y = malloc(sizeof(double) * p->n);
    p->labels = malloc(sizeof(long) * p->n);
  }
  for (long i = 0; ok && i < p->n; i++) {
    if (p->columns == 1) {
      ok = fscanf(f, "%lf %lf", &p->y[i], &p->x[i]) == 2;
    } else {
      ok = fscanf(f, "%ld", &p->labels[i]) == 1 && p->labels[i] >= 0
        && p->labels[i] < p->columns;
      for (long c = 0; ok && c < p->columns; c++) {
        ok = fscanf(f, "%lf", &p->x[i * p->columns + c]) == 1;
      }
    }
  }
  fclose(f);
  return ok;
}

/// The double nearest to every point of `ball` into *out, 1; or 0 (*out the midpoint's double)
/// when its two ends round to different doubles. Rounding to nearest is monotone, so bounds
/// rounded outwards that round alike decide every point between them.
static int nearest_double(double *out, const arb_t ball, slong prec, scratch *s) {
  *out = arf_get_d(arb_midref(ball), ARF_RND_NEAR);
  if (!arb_is_finite(ball)) return 0;
  arb_get_lbound_arf(s->low, ball, prec);
  arb_get_ubound_arf(s->high, ball, prec);
  double low = arf_get_d(s->low, ARF_RND_NEAR), high = arf_get_d(s->high, ARF_RND_NEAR);
  return low == high;
}

/// One pass over every point: results into `out`; counts the points retried and uncertified.
static void pass(
  double *out, const points *p, int bce, slong bits, scratch *s, arb_t loss, long *retried,
  long *uncertified)
{
  *retried = *uncertified = 0;
  for (long i = 0; i < p->n; i++) {
    for (slong prec = bits;; prec *= 2) {
      if (bce) {
        bce_logits(loss, p->y[i], p->x[i], prec, s);
      } else {
        sparse_cce_logits(loss, p->labels[i], p->x + i * p->columns, prec, s);
      }
      if (nearest_double(&out[i], loss, prec, s)) break;
      if (prec >= CAP_BITS) {
        (*uncertified)++;
        break;
      }
      if (prec == bits) (*retried)++;
    }
  }
}

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 6) {
    fprintf(stderr, "usage: arb-floor bce-logits|sparse-cce-logits BITS FILE [SECONDS RUNS]\n");
    return 2;
  }
  int bce = strcmp(argv[1], "bce-logits") == 0;
  if (!bce && strcmp(argv[1], "sparse-cce-logits") != 0) {
    fprintf(stderr, "error: unknown case '%s' (bce-logits or sparse-cce-logits)\n", argv[1]);
    return 2;
  }
  slong bits = atol(argv[2]);
  double minimum = argc == 6 ? atof(argv[4]) : 0.5;
  long runs = argc == 6 ? atol(argv[5]) : 5;
  points p = {0};
  if (bits < 2 || bits > CAP_BITS || !read_points(&p, argv[3]) || (p.columns == 1) != bce) {
    fprintf(
      stderr, "error: BITS must be 2 to %d and %s hold %s points\n", CAP_BITS, argv[3], argv[1]);
    return 2;
  }

  scratch s;
  arb_init(s.x);
  arb_init(s.y);
  arb_init(s.t);
  arb_init(s.u);
  s.classes = p.columns;
  s.row = _arb_vec_init(p.columns);
  arf_init(s.low);
  arf_init(s.high);
  arb_t loss;
  arb_init(loss);
  double *out = malloc(sizeof(double) * p.n);

  long retried, uncertified;
  pass(out, &p, bce, bits, &s, loss, &retried, &uncertified);
  for (long i = 0; i < p.n; i++) printf("%a\n", out[i]);
  printf("retried %ld\nuncertified %ld\n", retried, uncertified);

  if (minimum > 0 && runs > 0) {
    // The first pass above was the warm-up; it sets how many passes fill `minimum` seconds.
    double start = seconds();
    pass(out, &p, bce, bits, &s, loss, &retried, &uncertified);
    double once = seconds() - start;
    long repetitions = once >= minimum ? 1 : (long)(minimum / (once > 1e-9 ? once : 1e-9)) + 1;
    double best = HUGE_VAL;
    for (long run = 0; run < runs; run++) {
      start = seconds();
      for (long r = 0; r < repetitions; r++) {
        pass(out, &p, bce, bits, &s, loss, &retried, &uncertified);
      }
      double each = (seconds() - start) / (double)repetitions;
      if (each < best) best = each;
    }
    printf("seconds-per-point %.6e\n", best / (double)p.n);
  }

  arb_clear(s.x);
  arb_clear(s.y);
  arb_clear(s.t);
  arb_clear(s.u);
  _arb_vec_clear(s.row, p.columns);
  arf_clear(s.low);
  arf_clear(s.high);
  arb_clear(loss);
  free(out);
  free(p.x);
  free(p.y);
  free(p.labels);
  flint_cleanup();
  return 0;
}
