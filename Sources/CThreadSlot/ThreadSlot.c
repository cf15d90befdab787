#include "CThreadSlot.h"

_Thread_local void *losslab_thread_slot_value = 0;
