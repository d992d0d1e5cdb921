/*
 * The page lock (PG_locked): held by migration from before it unmaps a
 * page until the page's new copy is mapped. Waiters sleep on one of a few
 * shared wait queues chosen by hashing the pfn, as Linux does, so struct
 * page needs no wait queue of its own.
 */
#ifndef _MM_PAGE_LOCK_H
#define _MM_PAGE_LOCK_H

#include "mm/mm.h"

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
/* Release the lock and wake everyone waiting on it. */
void unlock_page(struct page *page);
/* Sleep until the page is unlocked (without taking the lock). */
void wait_on_page_locked(struct page *page);

#endif
