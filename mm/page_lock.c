/* The page lock: see mm/page_lock.h. Linux keeps this in mm/filemap.c. */
#include "lockdep.h"
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

void lock_page(struct page *page)
{
	might_sleep();
	while (!trylock_page(page))
		wait_event(*page_waitqueue(page), !PageLocked(page));
}

void unlock_page(struct page *page)
{
	__atomic_fetch_and(&page->flags, ~BIT(PG_locked), __ATOMIC_RELEASE);
	wake_up_all(page_waitqueue(page));
}

void wait_on_page_locked(struct page *page)
{
	might_sleep();
	wait_event(*page_waitqueue(page), !PageLocked(page));
}
