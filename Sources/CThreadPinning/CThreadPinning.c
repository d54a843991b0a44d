#define _GNU_SOURCE
#include "CThreadPinning.h"

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>

int otklik_current_core(void) { return sched_getcpu(); }

int otklik_allowed_cores(int *cores, int capacity) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    int count = 0;
    for (int core = 0; core < CPU_SETSIZE && count < capacity; core++) {
        if (CPU_ISSET(core, &set)) cores[count++] = core;
    }
    return count;
}

int otklik_pin_current_thread(int core) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(core, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

void otklik_name_current_thread(const char *name) { pthread_setname_np(pthread_self(), name); }

#else
int otklik_current_core(void) { return -1; }
int otklik_allowed_cores(int *cores, int capacity) { return -1; }
int otklik_pin_current_thread(int core) { return -1; }
void otklik_name_current_thread(const char *name) {}
#endif
