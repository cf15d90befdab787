#ifndef LOSSLAB_CTHREADSLOT_H
#define LOSSLAB_CTHREADSLOT_H

/// One pointer per thread, read inline: the reference's per-thread arena (LossLabReference's
/// `threadSlot`), read on every MPFR operation. A C thread-local variable costs a load from the
/// thread pointer in the executable, where `pthread_getspecific` is a call into libc; the
/// pthread key stays, for its destructor at thread exit.
extern _Thread_local void *losslab_thread_slot_value;

static inline void *losslab_thread_slot(void) { return losslab_thread_slot_value; }
static inline void losslab_set_thread_slot(void *slot) { losslab_thread_slot_value = slot; }

#endif
