/*
 * Self-test of kcompactd's wake-up by an allocation: only the kernel runs
 * the thread, so only here can a lost wake-up (or a thread that wakes and
 * does nothing for the waker) be seen. `make mutants` breaks both ways.
 */
#include "ktest.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/gfp.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

/*
 * Take every free block of pageblock order a movable request can have.
 * Without __GFP_KSWAPD_RECLAIM the last, failing request wakes nobody.
 */
static void take_free_pageblocks(struct list_head *held)
{
	for (;;) {
		struct page *page = alloc_pages(__GFP_HIGHMEM | __GFP_MOVABLE |
							__GFP_NOWARN,
						pageblock_order);

		if (!page)
			break;
		list_add(&page->lru, held);
	}
}

static void give_back_pageblocks(struct list_head *held)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, held, lru) {
		list_del(&page->lru);
		__free_pages(page, pageblock_order);
	}
}

KTEST(kcompactd_wakes_for_a_failed_allocation)
{
	unsigned long runs0, wake0;
	struct page *page;
	LIST_HEAD(held);

	KTEST_ASSERT(kcompactd_enabled);
	/* Let a run that an earlier test started finish. */
	for (int i = 0; i < 100 && !READ_ONCE(kcompactd_state.sleeping); i++)
		msleep(20);
	take_free_pageblocks(&held);
	runs0 = READ_ONCE(kcompactd_state.nr_woken_runs);
	wake0 = sum_vm_event(KCOMPACTD_WAKE);
	/* No direct compaction: the request fails and asks kcompactd. */
	page = alloc_pages(GFP_NOWAIT | __GFP_MOVABLE | __GFP_NOWARN,
			   pageblock_order);
	KTEST_EXPECT(page == NULL, "an order-%u block appeared",
		     pageblock_order);
	if (page)
		__free_pages(page, pageblock_order);
	for (int i = 0;
	     i < 100 && READ_ONCE(kcompactd_state.nr_woken_runs) == runs0; i++)
		msleep(20);
	ktest_log("woken runs %lu -> %lu, compact_daemon_wake %lu -> %lu",
		  runs0, READ_ONCE(kcompactd_state.nr_woken_runs), wake0,
		  sum_vm_event(KCOMPACTD_WAKE));
	KTEST_EXPECT(READ_ONCE(kcompactd_state.nr_woken_runs) > runs0,
		     "kcompactd did not run for the failed order-%u request",
		     pageblock_order);
	KTEST_EXPECT(sum_vm_event(KCOMPACTD_WAKE) > wake0);
	give_back_pageblocks(&held);
}
