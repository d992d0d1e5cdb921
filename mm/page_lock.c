/* The page lock: see mm/page_lock.h. Linux keeps this in mm/filemap.c. */
#include "lockdep.h"
#include "wait.h"
#include "mm/page_lock.h"

struct wait_queue_head page_wait_table[1 << PAGE_WAIT_TABLE_BITS];
atomic_t nr_page_waiters;

void page_lock_init(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(page_wait_table); i++)
		init_waitqueue_head(&page_wait_table[i]);
}

/*
 * The waiter's test: a full barrier first, so that being on the queue
 * (prepare_to_wait) is visible before PG_locked is read. unlock_page()
 * does the mirror image, so one of the two always sees the other.
 */
static bool page_lock_released(const struct page *page)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return !PageLocked(page);
}

/*
 * Sleep until @page is unlocked, counted in nr_page_waiters meanwhile. The
 * count goes up with a full barrier before PG_locked is first tested, so
 * an unlock_page() that misses the count cleared PG_locked before the
 * test, which then sees it.
 */
static void page_wait_unlocked(struct page *page)
{
	atomic_inc_return(&nr_page_waiters);
	wait_event(*page_waitqueue(page), page_lock_released(page));
	atomic_dec_return(&nr_page_waiters);
}

void lock_page(struct page *page)
{
	might_sleep();
	while (!trylock_page(page))
		page_wait_unlocked(page);
}

void wait_on_page_locked(struct page *page)
{
	might_sleep();
	page_wait_unlocked(page);
}

void wake_page_waiters(struct page *page)
{
	struct wait_queue_head *wq = page_waitqueue(page);

	if (waitqueue_active(wq))
		wake_up_all(wq);
}
