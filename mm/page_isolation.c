/*
 * Page isolation (Linux's mm/page_isolation.c): pageblocks set to
 * MIGRATE_ISOLATE keep their free pages on the isolate lists, where no
 * allocation looks, and pages freed into them stay there too. A range is
 * isolated, its in-use pages are migrated away, test_pages_isolated()
 * confirms that every page is now free, and the caller takes the range.
 *
 * One difference from Linux: undo_isolate_page_range() puts back each
 * pageblock's own previous type (saved at isolation), where Linux's undo
 * sets one type for the whole range. Ours is exact, so a failed attempt
 * leaves the pageblock map and the per-migratetype counts as they were.
 */
#include "kerrno.h"
#include "lib.h"
#include "mm/page_alloc.h"
#include "mm/page_isolation.h"

/* Give the first @nr pageblocks of @ir their saved types back. */
static void undo_isolate_first(struct isolate_range *ir, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		unset_migratetype_isolate(
			pfn_to_page(ir->start_pfn + i * pageblock_nr_pages),
			ir->saved_mt[i]);
}

int start_isolate_page_range(struct isolate_range *ir, unsigned long start_pfn,
			     unsigned long end_pfn, unsigned long *fail_pfn)
{
	unsigned long nr = (end_pfn - start_pfn) / pageblock_nr_pages;

	*fail_pfn = start_pfn;
	if (!IS_ALIGNED(start_pfn | end_pfn, pageblock_nr_pages) ||
	    end_pfn <= start_pfn || nr > ISOLATE_MAX_PAGEBLOCKS)
		return -EINVAL;
	ir->start_pfn = start_pfn;
	ir->end_pfn = end_pfn;
	for (unsigned long i = 0; i < nr; i++) {
		unsigned long pfn = start_pfn + i * pageblock_nr_pages;
		int mt = pfn_valid(pfn)
				 ? set_migratetype_isolate(pfn_to_page(pfn))
				 : -EINVAL;

		if (mt < 0) {
			*fail_pfn = pfn;
			undo_isolate_first(ir, i);
			return mt;
		}
		ir->saved_mt[i] = (unsigned char)mt;
	}
	/* Free pages of the range on per-CPU lists join the isolate lists. */
	drain_all_pages(NULL);
	return 0;
}

void undo_isolate_page_range(struct isolate_range *ir)
{
	undo_isolate_first(ir,
			   (ir->end_pfn - ir->start_pfn) / pageblock_nr_pages);
}

/* Is every pageblock touching [@start_pfn, @end_pfn) still isolated? */
static bool range_still_isolated(unsigned long start_pfn, unsigned long end_pfn,
				 unsigned long *fail_pfn)
{
	for (unsigned long pfn = pageblock_start_pfn(start_pfn); pfn < end_pfn;
	     pfn += pageblock_nr_pages) {
		if (!is_migrate_isolate(
			    get_pfnblock_migratetype(pfn_to_page(pfn), pfn))) {
			*fail_pfn = max(pfn, start_pfn);
			return false;
		}
	}
	return true;
}

/*
 * The first pfn of [@start_pfn, @end_pfn) that is not in a free block.
 * Free blocks of isolated pageblocks never reach outside them, so walking
 * from the first pageblock's start meets the head of every block.
 * Context: zone->lock held.
 */
static unsigned long first_busy_pfn(unsigned long start_pfn,
				    unsigned long end_pfn)
{
	unsigned long pfn = pageblock_start_pfn(start_pfn);

	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(pfn);

		if (PageBuddy(page)) {
			pfn += 1UL << buddy_order(page);
			continue;
		}
		if (pfn >= start_pfn)
			return pfn;
		pfn++;
	}
	return end_pfn;
}

int test_pages_isolated(unsigned long start_pfn, unsigned long end_pfn,
			unsigned long *fail_pfn)
{
	struct zone *zone = page_zone(pfn_to_page(start_pfn));
	unsigned long flags, pfn;

	if (!range_still_isolated(start_pfn, end_pfn, fail_pfn))
		return -EBUSY;
	spin_lock_irqsave(&zone->lock, flags);
	pfn = first_busy_pfn(start_pfn, end_pfn);
	spin_unlock_irqrestore(&zone->lock, flags);
	if (pfn < end_pfn) {
		*fail_pfn = pfn;
		return -EBUSY;
	}
	return 0;
}
