/*
 * The page allocator: a binary buddy allocator per zone, grouping pages by
 * mobility, with per-CPU lists in front of it. The structure and the names
 * follow Linux's mm/page_alloc.c, so the two can be read side by side.
 *
 * Buddies. A free block of 2^order pages starts at a pfn that is a multiple
 * of 2^order; its buddy is the block of the same order at pfn ^ (1 << order).
 * When a block is freed and its buddy is free too, the two merge into one
 * block of the next order, and so on up to MAX_ORDER. An allocation takes
 * the smallest free block that is big enough and splits it, putting the
 * unused halves back on the free lists (expand()). The head page of a free
 * block has PG_buddy and its order in page->private; nothing else does.
 *
 * Grouping by mobility. Memory is cut into pageblocks of 2^pageblock_order
 * pages, and every pageblock has a migratetype: movable (user pages, which
 * compaction can move), unmovable (kernel memory) or reclaimable. Each zone
 * keeps one free list per migratetype and order, and a free block always sits
 * on the list of its pageblock's type. An allocation takes from the lists of
 * its own type first. Why: one unmovable page in a pageblock is enough to
 * stop compaction from ever emptying it, so unmovable pages must be packed
 * into as few pageblocks as possible. When a type's lists are empty, the
 * allocation falls back to another type (fallbacks[] below). It then takes
 * the largest block it can find and, where it can, claims the whole pageblock
 * for its own type: the next allocations of that type are served from the
 * same pageblock instead of polluting another one. A movable allocation that
 * cannot claim takes the smallest block instead: a movable page in an
 * unmovable pageblock does little harm, since compaction can move it out.
 *
 * The page allocator's other files, cut along the same seams as Linux's:
 * mm/page_alloc_pcp.c sizes, drains and switches off the per-CPU lists in
 * front of the buddy lists (this file fills and empties them on the fast
 * paths); mm/page_alloc_wmark.c holds the watermarks, the lowmem reserves
 * and the high-atomic reserve; mm/debug_page_alloc.c the checks of every
 * page allocated and freed, page poisoning and the free lists' self-check;
 * mm/vmstat.c the formats. Their shared helpers are in mm/internal.h.
 *
 * Locking: zone->lock (taken with interrupts disabled) protects the free
 * lists, their counters and the pageblock bits; a CPU's per-CPU lists are
 * protected by disabling interrupts on that CPU.
 */
#include <asm/copy_page.h>

#include "kerrno.h"
#include "kernel/sched.h"
#include "lib.h"
#include "lockdep.h"
#include "param.h"
#include "printk.h"
#include "seq_file.h"
#include "smp.h"
#include "mm/compaction.h"
#include "mm/internal.h"
#include "mm/memblock.h"
#include "mm/mmdebug.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

bool page_group_by_mobility_disabled;
param_flag("nogrouping", page_group_by_mobility_disabled,
	   "no grouping by mobility: every allocation is one migratetype");
bool linux_fallback;
param_flag("linux_fallback", linux_fallback,
	   "Linux's fallback rules for unmovable allocations, to compare");

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

/* Where each type falls back to, in order, when its own lists are empty. */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/* --- pageblock bits ---------------------------------------------------------- */

static void zone_set_pfnblock_flags(struct zone *zone, unsigned long pfn,
				    unsigned long flags, unsigned long mask)
{
	unsigned long bitidx = pfn_to_bitidx(zone, pfn);
	unsigned long *word = &zone->pageblock_flags[bitidx / BITS_PER_LONG];
	unsigned long shift = bitidx % BITS_PER_LONG;
	unsigned long old = READ_ONCE(*word);

	mask <<= shift;
	flags <<= shift;
	/* Compaction sets skip bits without the zone lock: update atomically. */
	while (!__atomic_compare_exchange_n(word, &old, (old & ~mask) | flags,
					    false, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
}

/**
 * set_pfnblock_flags_mask - change bits of a pageblock
 * @page: a page of the pageblock
 * @flags: the new value of the bits in @mask
 * @pfn: page_to_pfn(@page)
 * @mask: which bits (PB_* positions) to change
 */
void set_pfnblock_flags_mask(struct page *page, unsigned long flags,
			     unsigned long pfn, unsigned long mask)
{
	struct zone *zone = page_zone(page);

	VM_BUG_ON_PAGE(!zone_spans_pfn(zone, pfn), page);
	zone_set_pfnblock_flags(zone, pfn, flags, mask);
}

/**
 * set_pageblock_migratetype - set the migratetype of @page's pageblock
 * @page: a page of the pageblock
 * @migratetype: the new type
 *
 * Only the bits change: free pages of the pageblock stay on the lists they
 * are on, so callers holding free pages there use move_freepages_block().
 * Context: zone->lock held, except during boot.
 */
void set_pageblock_migratetype(struct page *page, int migratetype)
{
	if (page_alloc_ready)
		lockdep_assert_held(&page_zone(page)->lock);
	set_pfnblock_flags_mask(page, (unsigned long)migratetype,
				page_to_pfn(page), MIGRATETYPE_MASK);
}

/* Set the type of every pageblock of the 2^order block at @page. */
void change_pageblock_range(struct page *page, unsigned int order,
			    int migratetype)
{
	unsigned long nr = 1UL << (order - pageblock_order);

	while (nr--) {
		set_pageblock_migratetype(page, migratetype);
		page += pageblock_nr_pages;
	}
}

/* --- freeing --------------------------------------------------------------------- */

/*
 * The running thread, if it is compacting directly, may take the block
 * being freed if it has the order it compacts for: nobody else can grab it
 * first (Linux's task_capc()).
 */
static inline bool capture_freed_block(struct zone *zone, struct page *page,
				       unsigned int order, int mt)
{
	return unlikely(READ_ONCE(current->capture_control)) &&
	       compaction_capture(zone, page, order, mt);
}

/*
 * Free the block (@page, @pfn, @order) of type @mt: merge it with its buddy
 * for as long as the buddy is free, then put it on its free list.
 * Pageblocks of different types merge only if both types are mergeable: a
 * high-atomic or isolated pageblock keeps its free pages to itself. A
 * mergeable buddy of another type takes our type, so that expand() later
 * puts the halves on the right lists.
 * Context: zone->lock held.
 */
static __always_inline void __free_one_page(struct page *page,
					    unsigned long pfn,
					    struct zone *zone,
					    unsigned int order, int mt)
{
	unsigned long buddy_pfn;
	struct page *buddy;

	lockdep_assert_held(&zone->lock);
	while (order < MAX_ORDER) {
		int buddy_mt = mt;

		if (capture_freed_block(zone, page, order, mt))
			return;
		buddy = find_buddy_page_pfn(page, pfn, order, &buddy_pfn);
		if (!buddy)
			break;
		if (unlikely(order >= pageblock_order)) {
			buddy_mt = get_pfnblock_migratetype(buddy, buddy_pfn);
			if (buddy_mt != mt &&
			    (!migratetype_is_mergeable(mt) ||
			     !migratetype_is_mergeable(buddy_mt)))
				break;
		}
		del_page_from_free_list(buddy, zone, order, buddy_mt);
		if (unlikely(buddy_mt != mt))
			change_pageblock_range(buddy, order, mt);
		/*
		 * @page may become a tail of the merged block: only a free
		 * block's head keeps an order in ->private. A stale order in
		 * a tail would be taken for the allocation order once
		 * split_page() hands the tail out on its own.
		 */
		page->private = 0;
		pfn &= buddy_pfn;
		page = pfn_to_page(pfn);
		order++;
	}
	add_to_free_list(page, zone, order, mt);
}

/*
 * Free a block that may span several pageblocks, one pageblock at a time:
 * each part goes to the list of its own pageblock's type (they may differ),
 * and merges back into a bigger block where the types allow.
 * Context: zone->lock held.
 */
static __always_inline void split_large_buddy(struct zone *zone,
					      struct page *page,
					      unsigned long pfn,
					      unsigned int order)
{
	unsigned long end = pfn + (1UL << order);

	lockdep_assert_held(&zone->lock);
	if (order > pageblock_order)
		order = pageblock_order;
	for (; pfn < end; pfn += 1UL << order) {
		page = pfn_to_page(pfn);
		__free_one_page(page, pfn, zone, order,
				get_pfnblock_migratetype(page, pfn));
	}
}

static __noinline void free_one_page(struct zone *zone, struct page *page,
				     unsigned long pfn, unsigned int order)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	split_large_buddy(zone, page, pfn, order);
	__count_vm_events(PGFREE, 1L << order);
	spin_unlock_irqrestore(&zone->lock, flags);
}

/*
 * Give @count pages from @pcp back to the buddy lists, taking the coldest
 * page of each list in turn, starting with list @pindex.
 * Context: interrupts disabled.
 */
void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp,
			int pindex)
{
	lockdep_assert_irqs_disabled();
	count = min(count, pcp->count);
	pindex--; /* the loop below moves on first */
	spin_lock(&zone->lock);
	while (count > 0) {
		struct list_head *list;
		unsigned int order;

		do {
			if (++pindex >= NR_PCP_LISTS)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));
		order = pindex_to_order((unsigned int)pindex);
		do {
			struct page *page =
				list_last_entry(list, struct page, lru);
			unsigned long pfn = page_to_pfn(page);

			list_del(&page->lru);
			count -= 1 << order;
			pcp->count -= 1 << order;
			__free_one_page(page, pfn, zone, order,
					get_pfnblock_migratetype(page, pfn));
		} while (count > 0 && !list_empty(list));
	}
	spin_unlock(&zone->lock);
}

/* Pages to give back once a per-CPU list set reaches pcp->high. */
static inline int nr_pcp_free(const struct per_cpu_pages *pcp)
{
	/* high below batch means the lists are disabled: empty them. */
	return pcp->high < pcp->batch ? pcp->count : pcp->batch;
}

/* The list set is over pcp->high: give a batch back, then let interrupts
 * in again. Out of line, so the common free needs no saved registers. */
static __noinline void free_pcp_overflow(struct zone *zone,
					 struct per_cpu_pages *pcp,
					 unsigned int pindex,
					 unsigned long flags)
{
	free_pcppages_bulk(zone, nr_pcp_free(pcp), pcp, (int)pindex);
	local_irq_restore(flags);
}

/*
 * The per-CPU list a freed block of @order from a pageblock of type @mt
 * goes to, or -1 if the pageblock is isolated: then the block goes
 * straight back to the buddy lists. High-atomic (and CMA) pages go on the
 * movable list: they return to their own free lists when the list is
 * drained, and meanwhile may serve movable requests.
 */
static __always_inline int free_pcp_index(int mt, unsigned int order)
{
	if (unlikely(mt >= MIGRATE_PCPTYPES)) {
		if (is_migrate_isolate(mt))
			return -1;
		mt = MIGRATE_MOVABLE;
	}
	return (int)order_to_pindex(mt, order);
}

/* Put a freed block on @pcp's list @pindex; true if the list set went over
 * pcp->high. The caller counts PGFREE. Context: interrupts disabled. */
static __always_inline bool free_pcp_add(struct per_cpu_pages *pcp,
					 struct page *page, unsigned int order,
					 int pindex)
{
	page->private = order;
	list_add(&page->lru, &pcp->lists[pindex]);
	pcp->count += 1 << order;
	return pcp->count >= pcp->high;
}

/* Free a block of a per-CPU order to this CPU's lists. */
static __always_inline void free_unref_page(struct page *page,
					    unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	struct zone *zone = page_zone(page);
	int pindex =
		free_pcp_index(zone_pfnblock_migratetype(zone, pfn), order);
	struct per_cpu_pages *pcp;
	unsigned long flags;

	if (pindex < 0) {
		free_one_page(zone, page, pfn, order);
		return;
	}
	local_irq_save(flags);
	pcp = this_cpu_pcp(zone);
	__count_vm_events(PGFREE, 1L << order);
	if (unlikely(free_pcp_add(pcp, page, order, pindex))) {
		free_pcp_overflow(zone, pcp, (unsigned int)pindex, flags);
		return;
	}
	local_irq_restore(flags);
}

/*
 * Give a block whose last reference is gone back: small orders to this
 * CPU's lists, the others to the buddy lists. Every path that puts a block
 * on a list sets page->private to its order there.
 */
static __always_inline void free_the_page(struct page *page, unsigned int order)
{
	if (pcp_allowed_order(order))
		free_unref_page(page, order);
	else
		free_one_page(page_zone(page), page, page_to_pfn(page), order);
}

/*
 * Drop a reference to a block with debug checks (@debug: debug_pagealloc)
 * or poisoning (@poison) on: catch a double free, check the block (a bad
 * one is reported and leaked), poison it. True if it was the last
 * reference and the block may be freed. The caller reads the two boot
 * parameters, once for a whole batch if it frees one.
 */
static __always_inline bool put_page_last_checked(struct page *page,
						  unsigned int order,
						  bool debug, bool poison)
{
	if (debug && page_ref_count(page) <= 0) {
		bad_page(page, "double free: _refcount is already 0");
		return false;
	}
	if (!put_page_testzero(page))
		return false;
	if (debug && !free_pages_check(page, order))
		return false;
	if (poison)
		kernel_poison_pages(page, 1UL << order);
	return true;
}

/* __free_pages() with debug checks or poisoning on. Out of line, so that
 * the common free saves no registers for them. */
static __noinline void __free_pages_checked(struct page *page,
					    unsigned int order)
{
	if (put_page_last_checked(page, order, debug_pagealloc_enabled,
				  page_poisoning_enabled))
		free_the_page(page, order);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (unlikely(debug_pagealloc_enabled || page_poisoning_enabled))
		__free_pages_checked(page, order);
	else if (put_page_testzero(page))
		free_the_page(page, order);
}

/*
 * What release_pages() keeps from one page to the next. The pages of a
 * batch are mostly neighbours (migration's come from one pageblock of the
 * migrate scanner), so the pageblock's type is looked up once for a run
 * of pages in it, not per page as Linux does. It holds while interrupts
 * stay off and the buddy lists are left alone: only a merge there changes
 * pageblock types. This CPU's lists of the block's zone are looked up
 * with it, and PGFREE is counted once for the batch. The debug boot
 * parameters are read once for the batch too: they never change after
 * boot, yet every atomic operation on a page would make the compiler read
 * them again.
 */
struct release_state {
	bool debug, poison; /* debug_pagealloc, page_poison */
	struct zone *zone;
	unsigned long block; /* pfn >> pageblock_order; -1UL: look it up */
	int pindex;	     /* the block's per-CPU list (free_pcp_index()) */
	struct per_cpu_pages *pcp;
	long nr_pcp; /* pages put on the per-CPU lists */
};

/* Point @rs at the pageblock of (@zone, @pfn) unless it is there already. */
static __always_inline void release_state_block(struct release_state *rs,
						struct zone *zone,
						unsigned long pfn)
{
	if (zone == rs->zone && pfn >> pageblock_order == rs->block)
		return;
	rs->pindex = free_pcp_index(zone_pfnblock_migratetype(zone, pfn), 0);
	rs->block = pfn >> pageblock_order;
	if (zone != rs->zone)
		rs->pcp = this_cpu_pcp(zone);
	rs->zone = zone;
}

/*
 * release_pages(): drop the reference to @page, and free it to this CPU's
 * lists if it was the last, with interrupts already off.
 */
static __always_inline void release_page(struct release_state *rs,
					 struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	struct zone *zone = page_zone(page);

	release_state_block(rs, zone, pfn);
	if (unlikely(rs->debug || rs->poison)
		    ? !put_page_last_checked(page, 0, rs->debug, rs->poison)
		    : !put_page_testzero(page))
		return;
	if (rs->pindex < 0) {
		free_one_page(zone, page, pfn, 0);
		rs->block = -1UL; /* a merge may change pageblock types */
		return;
	}
	rs->nr_pcp++;
	if (likely(!free_pcp_add(rs->pcp, page, 0, rs->pindex)))
		return;
	free_pcppages_bulk(zone, nr_pcp_free(rs->pcp), rs->pcp, rs->pindex);
	rs->block = -1UL;
}

void release_pages(struct page **pages, unsigned int nr)
{
	struct release_state rs = { .debug = debug_pagealloc_enabled,
				    .poison = page_poisoning_enabled,
				    .block = -1UL };
	unsigned long flags;

	local_irq_save(flags);
	for (unsigned int i = 0; i < nr; i++)
		release_page(&rs, pages[i]);
	__count_vm_events(PGFREE, rs.nr_pcp);
	local_irq_restore(flags);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), order);
}

/*
 * Boot memory is not poisoned: that would touch every page of RAM during
 * boot for no gain, since nothing can have used it after a free.
 */
void __free_pages_core(struct page *page, unsigned int order)
{
	unsigned long nr = 1UL << order;

	for (unsigned long i = 0; i < nr; i++) {
		ClearPageReserved(page + i);
		set_page_count(page + i, 0);
	}
	page_zone(page)->managed_pages += nr;
	free_one_page(page_zone(page), page, page_to_pfn(page), order);
}

/* --- taking blocks off the free lists ------------------------------------------ */

/*
 * Split a block of order @high down to order @low: the upper half goes back
 * on the @mt free list at each step, the lowest piece is the caller's.
 */
static inline void expand(struct zone *zone, struct page *page,
			  unsigned int low, unsigned int high, int mt)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(page + size, zone, high, mt);
	}
}

static inline void page_del_and_expand(struct zone *zone, struct page *page,
				       unsigned int low, unsigned int high,
				       int mt)
{
	del_page_from_free_list(page, zone, high, mt);
	expand(zone, page, low, high, mt);
}

/* The smallest free block of type @mt and order >= @order, split to @order. */
static inline struct page *__rmqueue_smallest(struct zone *zone,
					      unsigned int order, int mt)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct page *page =
			get_page_from_free_area(&zone->free_area[o], mt);

		if (page) {
			page_del_and_expand(zone, page, order, o, mt);
			return page;
		}
	}
	return NULL;
}

/*
 * Is a fallback block of @order worth trying to claim its pageblock for
 * @start_mt? Big blocks, yes: the pageblock is likely to be mostly free.
 * Unmovable and reclaimable requests, always: one of their pages left in a
 * movable pageblock pins it for good, so they should own the pageblock they
 * pollute. Movable requests with small blocks, no: they steal instead.
 */
static bool should_try_claim_block(unsigned int order, int start_mt)
{
	if (order >= pageblock_order / 2)
		return true;
	if (start_mt == MIGRATE_UNMOVABLE || start_mt == MIGRATE_RECLAIMABLE)
		return true;
	return page_group_by_mobility_disabled;
}

/**
 * find_suitable_fallback - pick a free list to fall back to
 * @area: the free area of the order being looked at
 * @order: that order
 * @migratetype: the type the allocation wants
 * @claimable: the caller would claim the pageblock
 *
 * Return: the first type in @migratetype's fallback order with a free
 * block in @area; -1 if none has one; -2 if @claimable but a block of this
 * order is not worth claiming for @migratetype (nor any smaller one).
 */
int find_suitable_fallback(const struct free_area *area, unsigned int order,
			   int migratetype, bool claimable)
{
	if (claimable && !should_try_claim_block(order, migratetype))
		return -2;
	if (area->nr_free == 0)
		return -1;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int mt = fallbacks[migratetype][i];

		if (!list_empty(&area->free_list[mt]))
			return mt;
	}
	return -1;
}

/*
 * Find @page's pageblock and check it lies inside @zone. If @num_free is
 * given, count its free pages and its movable (PG_lru) pages.
 */
static bool prep_move_freepages_block(struct zone *zone, struct page *page,
				      unsigned long *start_pfn, int *num_free,
				      int *num_movable)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long start = pageblock_start_pfn(pfn);
	unsigned long end = pageblock_end_pfn(pfn);

	/* Only zone->lock is held: leave pageblocks shared with a neighbour. */
	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end - 1))
		return false;
	*start_pfn = start;
	if (!num_free)
		return true;
	*num_free = 0;
	*num_movable = 0;
	for (pfn = start; pfn < end;) {
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			*num_free += 1 << buddy_order(page);
			pfn += 1UL << buddy_order(page);
			continue;
		}
		if (PageLRU(page))
			(*num_movable)++;
		pfn++;
	}
	return true;
}

/* Move the free blocks of the pageblock at @start_pfn to the @new_mt lists. */
static int __move_freepages_block(struct zone *zone, unsigned long start_pfn,
				  int old_mt, int new_mt)
{
	unsigned long end = start_pfn + pageblock_nr_pages;
	int moved = 0;

	for (unsigned long pfn = start_pfn; pfn < end;) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		VM_BUG_ON_PAGE(page_zone(page) != zone, page);
		order = buddy_order(page);
		move_to_free_list(page, zone, order, old_mt, new_mt);
		pfn += 1UL << order;
		moved += 1 << order;
	}
	return moved;
}

/**
 * move_freepages_block - change the type of @page's pageblock
 * @zone: its zone
 * @page: a page of the pageblock
 * @old_mt: the pageblock's current type (the list its free pages are on)
 * @new_mt: the new type
 *
 * Moves the pageblock's free blocks to the @new_mt lists and sets its type.
 * Context: zone->lock held.
 * Return: the number of free pages moved, or -1 if the pageblock crosses
 * the zone's boundary (nothing is changed then).
 */
int move_freepages_block(struct zone *zone, struct page *page, int old_mt,
			 int new_mt)
{
	unsigned long start_pfn;
	int moved;

	lockdep_assert_held(&zone->lock);
	if (!prep_move_freepages_block(zone, page, &start_pfn, NULL, NULL))
		return -1;
	moved = __move_freepages_block(zone, start_pfn, old_mt, new_mt);
	set_pageblock_migratetype(pfn_to_page(start_pfn), new_mt);
	return moved;
}

/*
 * Our rule, where Linux's differs (`linux_fallback` restores Linux's): a
 * non-movable request claims the pageblock it falls back into however
 * little of it is free. Linux leaves a mostly used movable pageblock to
 * the movable pages and steals one block from it; but that page pins the
 * pageblock just the same, and the next non-movable request, finding its
 * own lists still empty, pollutes another pageblock. Claimed, the
 * pageblock's free pages, and every movable page freed in it later, serve
 * the next non-movable requests: they fill the pageblocks they have
 * already spoiled before they touch a clean one. The largest free block is
 * tried first (__rmqueue_claim()), a stand-in for the freest pageblock.
 */
static bool claim_any_block(int start_type)
{
	return !linux_fallback && start_type != MIGRATE_MOVABLE;
}

/*
 * Fallback: claim the pageblock of the free block @page (of @block_type)
 * for @start_type, then take an @order block from it. A block of a whole
 * pageblock or more is simply taken over. A smaller one is claimed when at
 * least half of its pageblock is free or already used compatibly, so that
 * most of the pageblock really is of the new type afterwards. Returns NULL,
 * leaving everything as it was, when the pageblock is not claimed.
 */
static struct page *try_to_claim_block(struct zone *zone, struct page *page,
				       unsigned int current_order,
				       unsigned int order, int start_type,
				       int block_type)
{
	int free_pages, movable_pages, alike_pages;
	unsigned long start_pfn;

	if (current_order >= pageblock_order) {
		del_page_from_free_list(page, zone, current_order, block_type);
		change_pageblock_range(page, current_order, start_type);
		expand(zone, page, order, current_order, start_type);
		return page;
	}
	if (!prep_move_freepages_block(zone, page, &start_pfn, &free_pages,
				       &movable_pages))
		return NULL;
	/*
	 * Pages in use that count as our kind: movable pages for a movable
	 * request; for an unmovable or reclaimable one taking from a movable
	 * pageblock, the pages in use that are not movable. Unmovable and
	 * reclaimable pages cannot be told apart, so between those two types
	 * nothing counts.
	 */
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (block_type == MIGRATE_MOVABLE)
		alike_pages =
			(int)pageblock_nr_pages - (free_pages + movable_pages);
	else
		alike_pages = 0;
	if (free_pages + alike_pages < (int)pageblock_nr_pages / 2 &&
	    !page_group_by_mobility_disabled && !claim_any_block(start_type))
		return NULL;
	__move_freepages_block(zone, start_pfn, block_type, start_type);
	set_pageblock_migratetype(pfn_to_page(start_pfn), start_type);
	return __rmqueue_smallest(zone, order, start_type);
}

/* Count a fallback as Linux's mm_page_alloc_extfrag tracepoint reports it. */
static inline void count_fallback(unsigned int fallback_order, bool claimed)
{
	__count_vm_event(PGFALLBACK);
	if (claimed)
		__count_vm_event(PGFALLBACK_CLAIM);
	if (fallback_order < pageblock_order)
		__count_vm_event(PGFALLBACK_FRAGMENTING);
}

/*
 * Fallback, first choice: the largest block of a fallback type whose
 * pageblock we can claim. The largest block is a cheap stand-in for the
 * pageblock with the most free pages. With ALLOC_NOFRAGMENT only whole
 * pageblocks are taken, so no pageblock ends up mixed.
 */
static struct page *__rmqueue_claim(struct zone *zone, unsigned int order,
				    int start_mt, unsigned int alloc_flags)
{
	int min_order = (int)order;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;
	for (int o = MAX_ORDER; o >= min_order; o--) {
		struct free_area *area = &zone->free_area[o];
		int mt = find_suitable_fallback(area, (unsigned int)o, start_mt,
						true);
		struct page *page;

		if (mt == -1)
			continue;
		if (mt == -2)
			break;
		page = try_to_claim_block(zone,
					  get_page_from_free_area(area, mt),
					  (unsigned int)o, order, start_mt, mt);
		if (page) {
			count_fallback((unsigned int)o, true);
			return page;
		}
	}
	return NULL;
}

/*
 * Fallback, last resort: take the smallest block of a fallback type without
 * claiming anything; the pageblock keeps its type and the rest of the block
 * stays on its lists.
 */
static struct page *__rmqueue_steal(struct zone *zone, unsigned int order,
				    int start_mt)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &zone->free_area[o];
		int mt = find_suitable_fallback(area, o, start_mt, false);
		struct page *page;

		if (mt < 0)
			continue;
		page = get_page_from_free_area(area, mt);
		page_del_and_expand(zone, page, order, o, mt);
		count_fallback(o, false);
		return page;
	}
	return NULL;
}

/*
 * CMA pageblocks serve movable requests only (ALLOC_CMA). Linux's rule for
 * when: first, while more than half of the zone's free memory is CMA, so
 * that the rest of the zone is kept for requests that cannot use CMA; else
 * only once the movable lists are empty, before any fallback.
 */
static inline bool cma_first(const struct zone *zone, unsigned int alloc_flags)
{
	return (alloc_flags & ALLOC_CMA) &&
	       zone_page_state(zone, NR_FREE_CMA_PAGES) >
		       zone_page_state(zone, NR_FREE_PAGES) / 2;
}

/* Take an @order block for type @mt, falling back if needed. */
static struct page *__rmqueue(struct zone *zone, unsigned int order, int mt,
			      unsigned int alloc_flags)
{
	struct page *page = NULL;

	if (unlikely(cma_first(zone, alloc_flags)))
		page = __rmqueue_smallest(zone, order, MIGRATE_CMA);
	if (!page)
		page = __rmqueue_smallest(zone, order, mt);
	if (!page && (alloc_flags & ALLOC_CMA))
		page = __rmqueue_smallest(zone, order, MIGRATE_CMA);
	if (likely(page))
		return page;
	page = __rmqueue_claim(zone, order, mt, alloc_flags);
	if (page || (alloc_flags & ALLOC_NOFRAGMENT))
		return page;
	return __rmqueue_steal(zone, order, mt);
}

/*
 * Move up to @count blocks of @order from the buddy lists to the per-CPU
 * @list. Return the number moved.
 * Context: interrupts disabled.
 */
static __noinline int rmqueue_bulk(struct zone *zone, unsigned int order,
				   int count, struct list_head *list, int mt,
				   unsigned int alloc_flags)
{
	int i;

	lockdep_assert_irqs_disabled();
	spin_lock(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue(zone, order, mt, alloc_flags);

		if (!page)
			break;
		page->private = order;
		list_add_tail(&page->lru, list);
	}
	spin_unlock(&zone->lock);
	return i;
}

/* Blocks to move to an empty per-CPU list: a batch's worth of pages. */
static inline int nr_pcp_alloc(const struct per_cpu_pages *pcp,
			       unsigned int order)
{
	return max(pcp->batch >> order, 1);
}

/* Take the hottest block off a non-empty per-CPU @list. */
static __always_inline struct page *pcp_list_pop(struct per_cpu_pages *pcp,
						 struct list_head *list,
						 unsigned int order)
{
	struct page *page = list_first_entry(list, struct page, lru);

	__list_del_entry(&page->lru); /* lru is rewritten before any reuse */
	pcp->count -= 1 << order;
	return page;
}

static __always_inline struct page *
__rmqueue_pcplist(struct zone *zone, unsigned int order, int mt,
		  unsigned int alloc_flags, struct per_cpu_pages *pcp,
		  struct list_head *list)
{
	struct page *page;

	do {
		if (list_empty(list)) {
			int n = rmqueue_bulk(zone, order,
					     nr_pcp_alloc(pcp, order), list, mt,
					     alloc_flags);

			if (unlikely(!n))
				return NULL;
			pcp->count += n << order;
		}
		page = pcp_list_pop(pcp, list, order);
	} while (unlikely(check_new_pages(page, order)));
	return page;
}

static __always_inline struct page *rmqueue_pcplist(struct zone *zone,
						    unsigned int order, int mt,
						    unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp;
	struct page *page;
	unsigned long flags;

	local_irq_save(flags);
	pcp = this_cpu_pcp(zone);
	page = __rmqueue_pcplist(zone, order, mt, alloc_flags, pcp,
				 &pcp->lists[order_to_pindex(mt, order)]);
	if (likely(page))
		__count_zid_vm_events(PGALLOC, zone->type, 1L << order);
	local_irq_restore(flags);
	return page;
}

/*
 * Take a block straight from the buddy lists. High-order atomic requests
 * try the high-atomic reserve first; other non-blocking requests may use it
 * as a last resort, failing now being worse than failing a later atomic
 * high-order request.
 */
static __noinline struct page *rmqueue_buddy(struct zone *zone,
					     unsigned int order,
					     unsigned int alloc_flags, int mt)
{
	struct page *page;
	unsigned long flags;

	do {
		page = NULL;
		spin_lock_irqsave(&zone->lock, flags);
		if (alloc_flags & ALLOC_HIGHATOMIC)
			page = __rmqueue_smallest(zone, order,
						  MIGRATE_HIGHATOMIC);
		if (!page)
			page = __rmqueue(zone, order, mt, alloc_flags);
		if (!page && (alloc_flags & ALLOC_NON_BLOCK))
			page = __rmqueue_smallest(zone, order,
						  MIGRATE_HIGHATOMIC);
		if (page)
			__count_zid_vm_events(PGALLOC, zone->type, 1L << order);
		spin_unlock_irqrestore(&zone->lock, flags);
		if (!page)
			return NULL;
	} while (check_new_pages(page, order));
	return page;
}

static __always_inline struct page *
rmqueue(struct zone *zone, unsigned int order, unsigned int alloc_flags, int mt)
{
	if (likely(pcp_allowed_order(order))) {
		struct page *page =
			rmqueue_pcplist(zone, order, mt, alloc_flags);

		if (likely(page))
			return page;
	}
	return rmqueue_buddy(zone, order, alloc_flags, mt);
}

/* --- allocation ------------------------------------------------------------------ */

/* The rarely needed part of prep_new_page(): poison checks, zeroing. */
static __noinline struct page *prep_new_page_slow(struct page *page,
						  unsigned int order, gfp_t gfp)
{
	if (poisoned_pages_exist)
		kernel_unpoison_pages(page, 1UL << order);
	if (gfp & __GFP_ZERO)
		for (unsigned long i = 0; i < (1UL << order); i++)
			clear_page(page_address(page + i));
	return page;
}

/*
 * Make a block taken off the free lists ready for use: the head gets a
 * reference count of 1 and remembers @order; poisoned pages are checked
 * for writes after their free; __GFP_ZERO is honoured.
 */
static __always_inline struct page *prep_new_page(struct page *page,
						  unsigned int order, gfp_t gfp)
{
	page->private = order;
	set_page_count(page, 1);
	/* A tail call: the common case needs no stack frame. */
	if (unlikely(poisoned_pages_exist || (gfp & __GFP_ZERO)))
		return prep_new_page_slow(page, order, gfp);
	return page;
}

/**
 * post_alloc_hook - make a block taken off the free lists ready for use
 * @page: its first page
 * @order: its order
 * @gfp: the allocation's flags (__GFP_ZERO is honoured)
 *
 * For blocks taken by other means than alloc_pages(), such as compaction's
 * __isolate_free_page(): the head gets a reference count of 1 and remembers
 * @order; poisoned pages are checked for writes after their free.
 */
void post_alloc_hook(struct page *page, unsigned int order, gfp_t gfp)
{
	prep_new_page(page, order, gfp);
}

/**
 * split_page - turn an allocated block into independent order-0 pages
 * @page: the block's first page (reference count 1)
 * @order: its order
 *
 * Each page can then be freed on its own with __free_page().
 */
void split_page(struct page *page, unsigned int order)
{
	page->private = 0;
	for (unsigned long i = 1; i < (1UL << order); i++)
		set_page_count(page + i, 1);
}

/*
 * Try each zone of the zonelist in turn, above the watermark that
 * @alloc_flags names. With ALLOC_NOFRAGMENT, a second pass allows mixed
 * pageblocks if no zone could do without.
 */
static __always_inline struct page *
get_page_from_freelist(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
		       const struct alloc_context *ac)
{
	struct zone *zone;

retry:
	for (struct zone **z = ac->zonelist->zones; (zone = *z); z++) {
		unsigned long mark =
			zone->_watermark[alloc_flags & ALLOC_WMARK_MASK];
		struct page *page;

		if (!zone_watermark_fast(zone, order, mark,
					 (int)ac->highest_zoneidx, alloc_flags))
			continue;
		page = rmqueue(zone, order, alloc_flags, ac->migratetype);
		if (!page)
			continue;
		prep_new_page(page, order, gfp);
		if (unlikely(alloc_flags & ALLOC_HIGHATOMIC))
			reserve_highatomic_pageblock(page, order, zone);
		return page;
	}
	if (alloc_flags & ALLOC_NOFRAGMENT) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

/*
 * ZONE_NORMAL allocations first try to fall back by whole pageblocks only:
 * before mixing a Normal pageblock, they would rather take from DMA32.
 * nofragment_zone is ZONE_NORMAL when DMA32 has memory (else NULL), set
 * with the zonelists.
 */
static struct zone *nofragment_zone;

static inline unsigned int alloc_flags_nofragment(const struct zone *zone)
{
	return zone && zone == nofragment_zone ? ALLOC_NOFRAGMENT : 0;
}

/* Linux's gfp_to_alloc_flags_cma(): movable requests may use CMA. */
static inline unsigned int gfp_to_alloc_flags_cma(gfp_t gfp)
{
	return gfp_migratetype(gfp) == MIGRATE_MOVABLE ? ALLOC_CMA : 0;
}

static unsigned int gfp_to_alloc_flags(gfp_t gfp, unsigned int order)
{
	unsigned int alloc_flags =
		ALLOC_WMARK_MIN | gfp_to_alloc_flags_cma(gfp);

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_MIN_RESERVE;
	if (gfp & __GFP_KSWAPD_RECLAIM)
		alloc_flags |= ALLOC_KSWAPD;
	if (!(gfp & __GFP_DIRECT_RECLAIM)) {
		alloc_flags |= ALLOC_NON_BLOCK;
		if (order > 0)
			alloc_flags |= ALLOC_HIGHATOMIC;
	}
	return alloc_flags;
}

/* Wake the background compaction of every node the allocation may use. */
static void wake_all_kcompactd(unsigned int order,
			       const struct alloc_context *ac)
{
	pg_data_t *last_pgdat = NULL;

	for (struct zone **z = ac->zonelist->zones; *z; z++) {
		pg_data_t *pgdat = NODE_DATA(0); /* the zone's node */

		if (pgdat == last_pgdat)
			continue;
		wakeup_kcompactd(pgdat, (int)order, (int)ac->highest_zoneidx);
		last_pgdat = pgdat;
	}
}

/*
 * Compact, then try again; a block compaction captured for us is ours at
 * once. Counts compact_stall, and compact_success or compact_fail, when
 * compaction ran.
 */
static struct page *__alloc_pages_direct_compact(gfp_t gfp, unsigned int order,
						 unsigned int alloc_flags,
						 const struct alloc_context *ac,
						 enum compact_priority prio,
						 enum compact_result *result)
{
	struct page *page = NULL;

	/* Free order-0 pages cannot be fragmented: nothing to compact for. */
	if (!order)
		return NULL;
	*result =
		try_to_compact_pages(gfp, order, alloc_flags, ac, prio, &page);
	if (*result == COMPACT_SKIPPED)
		return NULL;
	count_vm_event(COMPACTSTALL);
	if (page)
		post_alloc_hook(page, order, gfp);
	else
		page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page) {
		compaction_defer_reset(page_zone(page), (int)order, true);
		count_vm_event(COMPACTSUCCESS);
		return page;
	}
	count_vm_event(COMPACTFAIL);
	return NULL;
}

/*
 * Should direct compaction be tried again? After a success that the
 * allocation then lost to someone else, a few times; after a failure, once
 * per priority level until the strongest one. Not when compaction was
 * skipped: it lacked free pages to migrate into, and nothing here reclaims.
 */
static bool should_compact_retry(unsigned int order, enum compact_result result,
				 enum compact_priority *prio, int *retries)
{
	bool costly = order > PAGE_ALLOC_COSTLY_ORDER;
	int max_retries =
		costly ? MAX_COMPACT_RETRIES / 4 : MAX_COMPACT_RETRIES;
	enum compact_priority min_prio =
		costly ? MIN_COMPACT_COSTLY_PRIORITY : MIN_COMPACT_PRIORITY;

	if (!order || result == COMPACT_SKIPPED)
		return false;
	if (result == COMPACT_SUCCESS && ++*retries <= max_retries)
		return true;
	if (*prio > min_prio) {
		(*prio)--;
		*retries = 0;
		return true;
	}
	return false;
}

/*
 * Pages may be held on per-CPU lists, or in high-atomic reserves beyond the
 * one pageblock each zone keeps: give them back and try again. Linux does
 * this after direct reclaim; we have no reclaim.
 */
static struct page *
__alloc_pages_release_reserves(gfp_t gfp, unsigned int order,
			       unsigned int alloc_flags,
			       const struct alloc_context *ac)
{
	unreserve_highatomic_pageblock(ac, false);
	drain_all_pages(NULL);
	return get_page_from_freelist(gfp, order, alloc_flags, ac);
}

/*
 * Failure warnings are rate-limited by count (there is no clock here): the
 * first failure warns, then one in every ALLOC_WARN_INTERVAL.
 */
#define ALLOC_WARN_INTERVAL 100

static void warn_alloc(gfp_t gfp, unsigned int order)
{
	static unsigned long since_last;
	struct seq_file m;

	if (gfp & __GFP_NOWARN)
		return;
	if (since_last && since_last < ALLOC_WARN_INTERVAL) {
		since_last++;
		return;
	}
	pr_warn("page allocation failure: order:%u, mode:%#x\n", order, gfp);
	if (since_last > 1)
		pr_warn("(%lu allocation failure warnings suppressed)\n",
			since_last - 1);
	since_last = 1;
	dump_stack();
	seq_console_init(&m);
	show_buddyinfo(&m, NULL);
}

/*
 * The slow path, in the shape of Linux's __alloc_pages_slowpath: wake
 * kcompactd, retry down to the min watermark (and into reserves if
 * allowed), compact, release reserves, retry while compaction says it may
 * help; then fail. Never panics.
 */
static struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order,
					   const struct alloc_context *ac)
{
	bool can_direct_reclaim = gfpflags_allow_blocking(gfp);
	bool costly_order = order > PAGE_ALLOC_COSTLY_ORDER;
	enum compact_priority compact_priority = DEF_COMPACT_PRIORITY;
	enum compact_result compact_result = COMPACT_SKIPPED;
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp, order);
	bool drained = false;
	int compaction_retries = 0;
	struct page *page;

	if ((alloc_flags & ALLOC_KSWAPD) && order)
		wake_all_kcompactd(order, ac);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page)
		return page;
	/*
	 * Costly and non-movable high-order requests compact first, cheaply:
	 * there are likely enough free pages, just not together, and for
	 * non-movable ones compaction avoids mixing pageblocks. __GFP_NORETRY
	 * gets this one light attempt and no more.
	 */
	if (can_direct_reclaim && order &&
	    (costly_order || ac->migratetype != MIGRATE_MOVABLE ||
	     (gfp & __GFP_NORETRY))) {
		page = __alloc_pages_direct_compact(gfp, order, alloc_flags, ac,
						    INIT_COMPACT_PRIORITY,
						    &compact_result);
		if (page || (gfp & __GFP_NORETRY))
			goto out;
	}
retry:
	if ((alloc_flags & ALLOC_KSWAPD) && order)
		wake_all_kcompactd(order, ac);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page || !can_direct_reclaim)
		goto out;
	if (!drained) {
		drained = true;
		page = __alloc_pages_release_reserves(gfp, order, alloc_flags,
						      ac);
		if (page)
			goto out;
	}
	page = __alloc_pages_direct_compact(gfp, order, alloc_flags, ac,
					    compact_priority, &compact_result);
	if (page || (gfp & __GFP_NORETRY))
		goto out;
	if (should_compact_retry(order, compact_result, &compact_priority,
				 &compaction_retries))
		goto retry;
	if (unreserve_highatomic_pageblock(ac, true))
		goto retry;
out:
	if (!page) {
		count_vm_event(PGALLOC_FAIL);
		warn_alloc(gfp, order);
	}
	return page;
}

static inline void prepare_alloc_pages(gfp_t gfp, struct alloc_context *ac)
{
	/* It may compact, which sleeps (order 0 does not today, but a
	 * caller that may not sleep must say so, as in Linux). */
	might_sleep_if(gfpflags_allow_blocking(gfp));
	ac->highest_zoneidx = gfp_zone(gfp);
	ac->zonelist = &NODE_DATA(0)->node_zonelists[ac->highest_zoneidx];
	ac->preferred_zone = ac->zonelist->zones[0];
	ac->migratetype = gfp_migratetype(gfp);
}

/*
 * Linux's __alloc_pages(): the first pass over the zonelist above the low
 * watermark (refilling per-CPU lists as needed), then the slow path.
 */
static __noinline struct page *__alloc_pages(gfp_t gfp, unsigned int order)
{
	struct alloc_context ac;
	struct page *page;

	if (unlikely(order > MAX_ORDER)) {
		count_vm_event(PGALLOC_FAIL);
		WARN_ONCE(!(gfp & __GFP_NOWARN), "alloc_pages: order %u > %u\n",
			  order, MAX_ORDER);
		return NULL;
	}
	prepare_alloc_pages(gfp, &ac);
	page = get_page_from_freelist(
		gfp, order,
		ALLOC_WMARK_LOW | alloc_flags_nofragment(ac.preferred_zone) |
			gfp_to_alloc_flags_cma(gfp),
		&ac);
	if (unlikely(!page))
		page = __alloc_pages_slowpath(gfp, order, &ac);
	return page;
}

/*
 * The zone each combination of zone-modifier bits (gfp & GFP_ZONEMASK)
 * prefers, worked out once from the zonelists, so the fast path needs no
 * gfp_zone() decision tree.
 */
static struct zone *pcp_fast_zone[GFP_ZONEMASK + 1];

static void build_pcp_fast_zones(void)
{
	for (gfp_t g = 0; g <= GFP_ZONEMASK; g++)
		pcp_fast_zone[g] =
			NODE_DATA(0)->node_zonelists[gfp_zone(g)].zones[0];
}

/*
 * The first step of get_page_from_freelist() for the common case, with
 * nothing else in the way: a block from this CPU's list for the preferred
 * zone, if the list has one and the zone is above its low watermark. The
 * block is already off the buddy lists, so the order-0 form of the check
 * is enough whatever the order. With debug checks on, everything takes the
 * general path, which checks pages.
 */
static __always_inline struct page *alloc_pages_pcp_fast(gfp_t gfp,
							 unsigned int order)
{
	struct zone *zone = pcp_fast_zone[gfp & GFP_ZONEMASK];
	struct per_cpu_pages *pcp;
	struct list_head *list;
	struct page *page;
	unsigned long flags;

	if (unlikely(!zone) ||
	    READ_ONCE(zone->vm_stat[NR_FREE_PAGES]) -
			    (long)READ_ONCE(zone->nr_reserved_highatomic) <=
		    (long)low_wmark_pages(zone))
		return NULL;
	local_irq_save(flags);
	pcp = this_cpu_pcp(zone);
	list = &pcp->lists[order_to_pindex(gfp_migratetype(gfp), order)];
	if (unlikely(list_empty(list))) {
		local_irq_restore(flags);
		return NULL;
	}
	page = pcp_list_pop(pcp, list, order);
	__count_zid_vm_events(PGALLOC, zone->type, 1L << order);
	local_irq_restore(flags);
	return page;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;

	if (likely(pcp_allowed_order(order) && !debug_pagealloc_enabled)) {
		page = alloc_pages_pcp_fast(gfp, order);
		if (likely(page))
			return prep_new_page(page, order, gfp);
	}
	return __alloc_pages(gfp, order);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* --- compaction and isolation ---------------------------------------------------- */

/**
 * __isolate_free_page - take a free block off its list for compaction
 * @page: the head of a free buddy block
 * @order: its order
 *
 * Keeps the zone above its min watermark as an allocation would (an order-0
 * check raised by the block's size: the block itself is known to exist).
 * A block of half a pageblock or more makes its pageblocks movable, since
 * compaction will fill them with movable pages.
 * Context: zone->lock held.
 * Return: the number of pages taken (1 << @order), or 0.
 */
int __isolate_free_page(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	int mt = get_pageblock_migratetype(page);

	lockdep_assert_held(&zone->lock);
	if (!is_migrate_isolate(mt)) {
		unsigned long mark = min_wmark_pages(zone) + (1UL << order);

		/* ALLOC_CMA: the page taken is for movable contents. */
		if (!zone_watermark_ok(zone, 0, mark, 0, ALLOC_CMA))
			return 0;
	}
	del_page_from_free_list(page, zone, order, mt);
	if (order >= pageblock_order - 1) {
		struct page *end = page + (1UL << order);

		for (; page < end; page += pageblock_nr_pages) {
			int bmt = get_pageblock_migratetype(page);

			/* With grouping off, every block stays Unmovable. */
			if (migratetype_is_mergeable(bmt) &&
			    !page_group_by_mobility_disabled)
				move_freepages_block(zone, page, bmt,
						     MIGRATE_MOVABLE);
		}
	}
	return 1 << order;
}

/**
 * take_free_block - take a free block off its list, whatever the watermarks
 * @page: the head of a free buddy block
 * @order: its order
 *
 * For a test that must leave a zone with no free block of some orders, even
 * below the min watermark: the compaction self-tests' stage. The pageblock
 * keeps its type; post_alloc_hook() and __free_pages() give the block back.
 * Context: zone->lock held.
 */
void take_free_block(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);

	lockdep_assert_held(&zone->lock);
	VM_BUG_ON_PAGE(!PageBuddy(page) || buddy_order(page) != order, page);
	del_page_from_free_list(page, zone, order,
				get_pageblock_migratetype(page));
}

/* The head of a free block of a pageblock or more that covers @pfn. */
static struct page *find_large_buddy(struct zone *zone, unsigned long pfn,
				     unsigned int *order)
{
	for (unsigned int o = pageblock_order; o <= MAX_ORDER; o++) {
		unsigned long head = ALIGN_DOWN(pfn, 1UL << o);

		if (!zone_spans_pfn(zone, head) || !pfn_valid(head))
			continue;
		if (PageBuddy(pfn_to_page(head)) &&
		    buddy_order(pfn_to_page(head)) == o) {
			*order = o;
			return pfn_to_page(head);
		}
	}
	return NULL;
}

/*
 * Change @page's pageblock from @old_mt to @new_mt with its free pages. A
 * free block covering the whole pageblock (maybe more) is freed again in
 * pageblock-sized parts, each to its own pageblock's list: parts whose
 * types may not merge stay apart, the others merge back.
 * Context: zone->lock held.
 */
static void change_pageblock_type(struct zone *zone, struct page *page,
				  int old_mt, int new_mt)
{
	unsigned long pfn = pageblock_start_pfn(page_to_pfn(page));
	unsigned int order;
	struct page *big = find_large_buddy(zone, pfn, &order);

	lockdep_assert_held(&zone->lock);
	if (!big) {
		move_freepages_block(zone, page, old_mt, new_mt);
		return;
	}
	del_page_from_free_list(big, zone, order, old_mt);
	set_pageblock_migratetype(page, new_mt);
	split_large_buddy(zone, big, page_to_pfn(big), order);
}

/**
 * set_migratetype_isolate - make @page's pageblock MIGRATE_ISOLATE
 * @page: a page of the pageblock
 *
 * Its free pages move to the isolate lists, where no allocation looks, and
 * pages freed into it later stay there. Pages of the pageblock on per-CPU
 * lists are not moved: call drain_all_pages() afterwards. A high-atomic
 * pageblock loses its reservation and comes back movable.
 * Return: the pageblock's previous migratetype (for
 * unset_migratetype_isolate()), or -EBUSY if it is already isolated or
 * crosses the zone's boundary.
 */
int set_migratetype_isolate(struct page *page)
{
	struct zone *zone = page_zone(page);
	unsigned long flags, start_pfn;
	int mt;

	spin_lock_irqsave(&zone->lock, flags);
	mt = get_pageblock_migratetype(page);
	if (is_migrate_isolate(mt) ||
	    !prep_move_freepages_block(zone, page, &start_pfn, NULL, NULL)) {
		spin_unlock_irqrestore(&zone->lock, flags);
		return -EBUSY;
	}
	change_pageblock_type(zone, page, mt, MIGRATE_ISOLATE);
	if (is_migrate_highatomic(mt)) {
		zone->nr_reserved_highatomic -= pageblock_nr_pages;
		mt = MIGRATE_MOVABLE;
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return mt;
}

/**
 * unset_migratetype_isolate - give an isolated pageblock a type again
 * @page: a page of the pageblock
 * @migratetype: the type to give it (what set_migratetype_isolate() returned)
 */
void unset_migratetype_isolate(struct page *page, int migratetype)
{
	struct zone *zone = page_zone(page);
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	if (is_migrate_isolate(get_pageblock_migratetype(page)))
		change_pageblock_type(zone, page, MIGRATE_ISOLATE, migratetype);
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* --- boot ------------------------------------------------------------------------ */

void zone_init_free_area(struct zone *zone)
{
	unsigned long base = pageblock_start_pfn(zone->zone_start_pfn);
	unsigned long blocks =
		DIV_ROUND_UP(zone_end_pfn(zone) - base, pageblock_nr_pages);
	phys_addr_t size =
		BITS_TO_LONGS(blocks * NR_PAGEBLOCK_BITS) * sizeof(long);
	phys_addr_t pa = memblock_alloc(size, sizeof(long));
	/* As in Linux, every pageblock starts movable (nogrouping: one type). */
	int mt = page_group_by_mobility_disabled ? MIGRATE_UNMOVABLE
						 : MIGRATE_MOVABLE;
	unsigned int order;
	int t;

	if (!pa)
		panic("mm: no memory for zone %s's pageblock bitmap (%llu bytes)",
		      zone->name, (unsigned long long)size);
	zone->pageblock_flags = __va(pa);
	for (unsigned long pfn = base; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		zone_set_pfnblock_flags(zone, pfn, (unsigned long)mt,
					MIGRATETYPE_MASK);
	for_each_migratetype_order(order, t) {
		INIT_LIST_HEAD(&zone->free_area[order].free_list[t]);
		zone->free_area[order].nr_free_mt[t] = 0;
	}
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		zone->free_area[order].nr_free = 0;
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &zone->pcp[cpu];

		for (int i = 0; i < NR_PCP_LISTS; i++)
			INIT_LIST_HEAD(&pcp->lists[i]);
		pcp->count = 0;
	}
	/* Until page_alloc_init_late() sizes them, per-CPU lists are off. */
	zone_set_pageset_high_and_batch(zone, 0, 1);
}

/*
 * node_zonelists[z] lists the zones from z down to ZONE_DMA that have
 * memory: an allocation whose highest zone is z tries them in that order.
 */
static void build_all_zonelists(void)
{
	pg_data_t *pgdat = NODE_DATA(0);

	nofragment_zone = managed_zone(&pgdat->node_zones[ZONE_DMA32])
				  ? &pgdat->node_zones[ZONE_NORMAL]
				  : NULL;

	for (int hi = 0; hi < MAX_NR_ZONES; hi++) {
		struct zone **z = pgdat->node_zonelists[hi].zones;

		for (int i = hi; i >= 0; i--)
			if (managed_zone(&pgdat->node_zones[i]))
				*z++ = &pgdat->node_zones[i];
		*z = NULL;
	}
}

void page_alloc_init_late(void)
{
	build_all_zonelists();
	build_pcp_fast_zones();
	init_per_zone_wmark_min();
}
