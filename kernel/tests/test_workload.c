/*
 * Self-tests of the fragmentation workload itself: it fills memory down to
 * every zone's watermarks and reserves, never past them, so its page
 * faults are all served, and it leaves nothing behind.
 */
#include "kernel/shell/workload.h"
#include "ktest.h"
#include "mm/vmstat.h"

KTEST(workload_fill_stops_at_the_watermarks)
{
	unsigned long fail0 = sum_vm_event(PGALLOC_FAIL);
	unsigned long free0 = global_zone_page_state(NR_FREE_PAGES);

	KTEST_ASSERT(workload_create(FRAG_RANDOM, 100) == 0);
	/* The fill stopped because free memory reached the watermarks and
	 * lowmem_reserves (memory_is_low()), not because a fault found no
	 * page: one that did would have failed an allocation. */
	KTEST_EXPECT_EQ(workload->stop, FILL_LOW_MEMORY);
	KTEST_EXPECT_EQ(sum_vm_event(PGALLOC_FAIL), fail0);
	KTEST_EXPECT(workload->npages > 0);
	ktest_log("%lu of %lu pages mapped; %lu pages free before, %lu after",
		  workload->npages, workload->target, free0,
		  global_zone_page_state(NR_FREE_PAGES));
	workload_release();
}
