#ifndef C_THREAD_PINNING_H
#define C_THREAD_PINNING_H

// Linux's per-thread core calls, which glibc declares only under _GNU_SOURCE (not visible to Swift's Glibc
// module). Elsewhere they answer -1: the caller then runs without pinning.

/// The core the calling thread is running on, or -1.
int otklik_current_core(void);

/// Writes the cores the process may run on to `cores` (up to `capacity`); returns how many, or -1.
int otklik_allowed_cores(int *cores, int capacity);

/// Pins the calling thread to `core`; 0 on success.
int otklik_pin_current_thread(int core);

/// Names the calling thread (at most 15 bytes are kept), as `top` and `perf` show it.
void otklik_name_current_thread(const char *name);

#endif
