/*
 * The page lock (PG_locked): held by migration from before it unmaps a
 * page until the page's new copy is mapped. Waiters sleep on one of a few
 * shared wait queues chosen by hashing the pfn, as Linux does, so struct
 * page needs no wait queue of its own.
 */
#ifndef _MM_PAGE_LOCK_H
#define _MM_PAGE_LOCK_H

#include "atomic.h"
#include "wait.h"
#include "mm/mm.h"

#define PAGE_WAIT_TABLE_BITS 6

/* The shared wait queues, for the inline unlock_page(). */
extern struct wait_queue_head page_wait_table[1 << PAGE_WAIT_TABLE_BITS];

static inline struct wait_queue_head *page_waitqueue(const struct page *page)
{
	/* Fibonacci hashing of the pointer, as Linux's hash_ptr(): it
	 * spreads neighbouring pages over the table. */
	unsigned long h = (unsigned long)page * 0x9e3779b97f4a7c15UL;

	return &page_wait_table[h >> (64 - PAGE_WAIT_TABLE_BITS)];
}

/* Threads sleeping in lock_page() or wait_on_page_locked(), on any page. */
extern atomic_t nr_page_waiters;

/* Boot: set up the wait queues (before any page is locked). */
void page_lock_init(void);

/* Take the lock if it is free; true on success. Never sleeps. */
static inline bool trylock_page(struct page *page)
{
	return !(__atomic_fetch_or(&page->flags, BIT(PG_locked),
				   __ATOMIC_ACQUIRE) &
		 BIT(PG_locked));
}

/* Take the lock, sleeping until it is free. Thread context only. */
void lock_page(struct page *page);
/* Wake whoever sleeps on @page's queue (out of line: nearly never). */
void wake_page_waiters(struct page *page);

/*
 * Release the lock and wake everyone waiting on it. Nobody waits on almost
 * every unlock (migration unlocks two pages per page moved), so look at
 * the count of sleepers before hashing the page to its queue. The clearing
 * and-instruction is a full barrier, and a sleeper counts itself with one
 * before it tests PG_locked (page_lock.c): a sleeper either sees the lock
 * free or is counted here. (Linux keeps a PG_waiters bit per page for this
 * test; one count for all pages needs no page flag, and costs a load.)
 */
static inline void unlock_page(struct page *page)
{
	__atomic_fetch_and(&page->flags, ~BIT(PG_locked), __ATOMIC_SEQ_CST);
	if (unlikely(atomic_read(&nr_page_waiters)))
		wake_page_waiters(page);
}
/* Sleep until the page is unlocked (without taking the lock). */
void wait_on_page_locked(struct page *page);

#endif
