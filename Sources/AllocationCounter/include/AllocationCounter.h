// Counts heap allocations by interposing malloc, calloc, realloc and the aligned allocators
// (forwarded to glibc's __libc_* entry points). Link it into one executable only: it replaces
// the allocator's entry points for the whole process.
#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H

/// Calls to malloc, calloc, realloc, posix_memalign, aligned_alloc and memalign so far.
unsigned long allocation_count(void);
/// Calls to free (of a non-null pointer) so far.
unsigned long free_count(void);

#endif
