#include "CFloatEnvironment.h"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
// MXCSR bit 15 is FTZ (flush-to-zero), bit 6 DAZ (denormals-are-zero).
uint64_t losslab_flush_subnormals(void) {
  unsigned int previous = _mm_getcsr();
  _mm_setcsr(previous | 0x8040u);
  return previous;
}
void losslab_restore_float_control(uint64_t previous) { _mm_setcsr((unsigned int)previous); }
#elif defined(__aarch64__)
// FPCR bit 24 is FZ (flush-to-zero for single and double precision, inputs and results).
uint64_t losslab_flush_subnormals(void) {
  uint64_t previous;
  __asm__ volatile("mrs %0, fpcr" : "=r"(previous));
  __asm__ volatile("msr fpcr, %0" : : "r"(previous | (1ull << 24)));
  return previous;
}
void losslab_restore_float_control(uint64_t previous) { __asm__ volatile("msr fpcr, %0" : : "r"(previous)); }
#else
#error "LossLab flushes subnormals on x86-64 and AArch64 only"
#endif
