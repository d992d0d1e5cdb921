/*
 * Writer threads: they keep writing and reading pages of the mkfrag
 * workload while compaction moves those pages underneath them. Each write
 * bumps the page's version in the workload's shadow (unmovable memory), so
 * `verify` can check every page against its latest write afterwards.
 * The writers are spread over the CPUs, so with more than one CPU they
 * also catch a stale TLB entry that a missing shootdown left: a write
 * through it lands in the old frame and is lost, a read through it sees
 * an older version or the poison of a freed page.
 */
#ifndef _KERNEL_WRITERS_H
#define _KERNEL_WRITERS_H

#include "types.h"

#define MAX_WRITERS 16

struct writers_stats {
	unsigned int running;
	unsigned long writes;
	unsigned long mismatches; /* pages that read back wrong before a write */
};

/**
 * writers_start - start @n writer threads on the workload
 *
 * Writer k owns the pages whose index is k modulo @n, so writers never
 * race each other: any mismatch is the memory manager's fault.
 * Return: 0, -ENOENT without a workload, -EBUSY if writers run already,
 * -ENOMEM if a thread could not be created (those started are stopped).
 */
int writers_start(unsigned int n);

/* Stop the writers and wait until every one has exited. */
void writers_stop(void);

bool writers_running(void);
void writers_get_stats(struct writers_stats *st);

#endif
