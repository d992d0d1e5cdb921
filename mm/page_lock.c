/* The page lock: see mm/page_lock.h. Linux keeps this in mm/filemap.c. */
#include "lockdep.h"
#include "wait.h"
#include "mm/page_lock.h"

struct wait_queue_head page_wait_table[1 << PAGE_WAIT_TABLE_BITS];

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

void lock_page(struct page *page)
{
	might_sleep();
	while (!trylock_page(page))
		wait_event(*page_waitqueue(page), page_lock_released(page));
}

void wait_on_page_locked(struct page *page)
{
	might_sleep();
	wait_event(*page_waitqueue(page), page_lock_released(page));
}
