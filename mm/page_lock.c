/* The page lock: see mm/page_lock.h. Linux keeps this in mm/filemap.c. */
#include "wait.h"
#include "mm/page_lock.h"

#define PAGE_WAIT_TABLE_BITS 6

static struct wait_queue_head page_wait_table[1 << PAGE_WAIT_TABLE_BITS];

void page_lock_init(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(page_wait_table); i++)
		init_waitqueue_head(&page_wait_table[i]);
}

static struct wait_queue_head *page_waitqueue(const struct page *page)
{
	/* Fibonacci hashing spreads neighbouring pfns over the table. */
	unsigned long h = page_to_pfn(page) * 0x9e3779b97f4a7c15UL;

	return &page_wait_table[h >> (64 - PAGE_WAIT_TABLE_BITS)];
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
	while (!trylock_page(page))
		wait_event(*page_waitqueue(page), page_lock_released(page));
}

/*
 * Nobody waits on almost every unlock (migration unlocks two pages per
 * page moved), so test the queue before taking its lock. The clearing
 * and-instruction is a full barrier: a waiter that queued itself before
 * it is seen here finds PG_locked clear when it tests, and one seen here
 * is woken. (Linux keeps a PG_waiters bit in the page for the same test;
 * our hashed queue is as cheap to look at and needs no flag.)
 */
void unlock_page(struct page *page)
{
	struct wait_queue_head *wq = page_waitqueue(page);

	__atomic_fetch_and(&page->flags, ~BIT(PG_locked), __ATOMIC_SEQ_CST);
	if (waitqueue_active(wq))
		wake_up_all(wq);
}

void wait_on_page_locked(struct page *page)
{
	wait_event(*page_waitqueue(page), page_lock_released(page));
}
