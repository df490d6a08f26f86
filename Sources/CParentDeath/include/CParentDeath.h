#ifndef NUMSYNC_CPARENTDEATH_H
#define NUMSYNC_CPARENTDEATH_H

/// Asks the kernel to send `signal` to this process when the thread that started it exits
/// (Linux's prctl(PR_SET_PDEATHSIG)). Returns 0 on success, -1 where the platform has no such
/// request. prctl is variadic in C, which Swift cannot call: hence this one-line shim.
int numsync_set_parent_death_signal(int signal);

#endif
