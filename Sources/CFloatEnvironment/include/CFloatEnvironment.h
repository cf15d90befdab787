#ifndef LOSSLAB_CFLOATENVIRONMENT_H
#define LOSSLAB_CFLOATENVIRONMENT_H
#include <stdint.h>

/// Sets the calling thread's floating-point control to flush subnormal results to zero and to
/// read subnormal operands as zero (x86-64: MXCSR FTZ and DAZ; AArch64: FPCR.FZ), as
/// TensorFlow's and XLA's CPU kernels run (ScopedFlushDenormal, tensorflow/core/platform/
/// denormal.cc). Returns the previous control word, for `losslab_restore_float_control`.
uint64_t losslab_flush_subnormals(void);

/// Restores the control word `losslab_flush_subnormals` returned.
void losslab_restore_float_control(uint64_t previous);

#endif
