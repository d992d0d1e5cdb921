/*
 * The page allocator's debug checks (Linux keeps the first in
 * mm/page_alloc.c and the poisoning in mm/page_poison.c):
 *   - the state of every page allocated and freed (debug_pagealloc, on by
 *     default): a page in a state it must not be in is reported (bad_page)
 *     and leaked, never handed out again;
 *   - page poisoning (page_poison=on): freed pages are filled with
 *     PAGE_POISON and checked when they are allocated again;
 *   - check_zone_free_areas(), the self-check of a zone's free lists and
 *     per-CPU lists against their counters.
 * mm/page_alloc.c calls them on its free and allocation paths.
 */
#include <asm/copy_page.h>

#include "lib.h"
#include "param.h"
#include "printk.h"
#include "mm/internal.h"
#include "mm/mmdebug.h"
#include "mm/page_alloc.h"

/* Flags no page may carry when it is allocated (PAGE_FLAGS_CHECK_AT_FREE:
 * when it is freed, in mm/internal.h). */
#define PAGE_FLAGS_CHECK_AT_PREP (PAGE_FLAGS_MASK & ~BIT(PG_poisoned))

bool page_poisoning_enabled;
param_bool("page_poison", page_poisoning_enabled,
	   "fill freed pages with 0xaa and check them when allocated");
bool debug_pagealloc_enabled = true;
param_bool("debug_pagealloc", debug_pagealloc_enabled,
	   "check every page allocated and freed (on; off for benchmarks)");

unsigned long nr_bad_pages;
unsigned long nr_bad_pages_expected;
unsigned long nr_bad_pages_unexpected;
unsigned long nr_poison_bad;

/* Set once a page has been poisoned: only then must allocations look. */
bool poisoned_pages_exist;

/* --- debug checks and poisoning ----------------------------------------------- */

/*
 * Report a page in a state it must not be in, and leave it alone: a page we
 * do not understand is never handed out or freed again (it leaks), as in
 * Linux, because using it could corrupt whoever else still holds it.
 */
void bad_page(const struct page *page, const char *reason)
{
	nr_bad_pages++;
	/* The tests fail a boot on any report but those a self-test asked
	 * for (tests/lib/qemu.py): so the expected ones say so. */
	pr_err("BUG: Bad page state: pfn:%05lx%s\n", page_to_pfn(page),
	       nr_bad_pages_expected ? " (expected by a self-test)" : "");
	if (nr_bad_pages_expected)
		nr_bad_pages_expected--;
	else
		nr_bad_pages_unexpected++;
	dump_page(page, reason);
	dump_stack();
}

/* Why @page, about to be freed or handed out, is bad; NULL if it is fine. */
static const char *page_bad_reason(const struct page *page, unsigned long flags)
{
	if (PageBuddy(page))
		return "page is already free (PG_buddy)";
	if (PageReserved(page))
		return "freeing a reserved page (PG_reserved)";
	if (page_ref_count(page) != 0)
		return "nonzero _refcount";
	if (page_mapcount(page) != 0)
		return "nonzero mapcount";
	if (page->mapping)
		return "non-NULL mapping";
	if (page->flags & flags)
		return "PAGE_FLAGS_CHECK flag(s) set";
	return NULL;
}

/* free_pages_check() of a block that may be bad: find what is, report it
 * and return false; true if every page is fine after all. */
__noinline bool free_pages_check_bad(struct page *page, unsigned int order)
{
	const char *reason;

	if (page->private != order) {
		bad_page(page, "freed with a different order than allocated");
		return false;
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		reason = page_bad_reason(page + i, PAGE_FLAGS_CHECK_AT_FREE);
		if (reason) {
			bad_page(page + i, reason);
			return false;
		}
	}
	return true;
}

/* Check a block about to be handed out; true (and reported) if bad. */
__noinline bool __check_new_pages(struct page *page, unsigned int order)
{
	const char *reason;

	for (unsigned long i = 0; i < (1UL << order); i++) {
		reason = page_bad_reason(page + i, PAGE_FLAGS_CHECK_AT_PREP);
		if (reason) {
			bad_page(page + i, reason);
			return true;
		}
	}
	return false;
}

void kernel_poison_pages(struct page *page, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++) {
		fill_page(page_address(page + i), PAGE_POISON);
		SetPagePoisoned(page + i);
	}
	poisoned_pages_exist = true;
}

/* Offset of the first byte of @page that is not PAGE_POISON, or -1. */
static long poison_overwritten(const struct page *page)
{
	const unsigned char *p = page_address(page);
	const u64 *w = (const u64 *)p;
	const u64 pattern = 0x0101010101010101ULL * PAGE_POISON;

	for (unsigned long i = 0; i < PAGE_SIZE / sizeof(u64); i++) {
		if (w[i] == pattern)
			continue;
		for (unsigned long b = i * sizeof(u64);; b++)
			if (p[b] != PAGE_POISON)
				return (long)b;
	}
	return -1;
}

/* Verify and clear the poison of pages being allocated. */
void kernel_unpoison_pages(struct page *page, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++) {
		long off;

		if (!PagePoisoned(page + i))
			continue;
		ClearPagePoisoned(page + i);
		off = poison_overwritten(page + i);
		if (off < 0)
			continue;
		nr_poison_bad++;
		pr_err("BUG: pagealloc: memory corruption at pfn:%05lx offset %#lx (written after free?)\n",
		       page_to_pfn(page + i), (unsigned long)off);
		dump_page(page + i, "poison overwritten");
		dump_stack();
	}
}

/* --- self-check ------------------------------------------------------------------- */

/*
 * Report one broken invariant of the check below, about @page or (NULL) the
 * zone as a whole; print the first few only.
 */
static void check_failed(unsigned long *errors, const struct zone *zone,
			 const struct page *page, const char *what)
{
	if (++*errors > 8)
		return;
	if (!page) {
		pr_err("check_zone_free_areas: zone %s: %s\n", zone->name,
		       what);
		return;
	}
	pr_err("check_zone_free_areas: pfn %#lx: %s\n", page_to_pfn(page),
	       what);
	dump_page(page, what);
}

/* The invariants of one free block on the (@order, @mt) list. */
static void check_free_block(struct zone *zone, struct page *page,
			     unsigned int order, int mt, unsigned long *errors)
{
	unsigned long pfn = page_to_pfn(page), buddy_pfn;
	unsigned long nr = 1UL << order;
	struct page *buddy;

	if (!PageBuddy(page) || buddy_order(page) != order)
		check_failed(errors, zone, page,
			     "not a free block of its list's order");
	if (!IS_ALIGNED(pfn, nr) || page_zone(page) != zone ||
	    !zone_spans_pfn(zone, pfn + nr - 1))
		check_failed(errors, zone, page, "misplaced free block");
	for (unsigned long i = 0; i < nr; i += pageblock_nr_pages)
		if (get_pfnblock_migratetype(page + i, pfn + i) != mt)
			check_failed(errors, zone, page + i,
				     "free block not on its pageblock's list");
	for (unsigned long i = 1; i < nr; i++)
		if (PageBuddy(page + i) || page_ref_count(page + i))
			check_failed(errors, zone, page + i,
				     "tail of a free block is in use or free");
	buddy = order < MAX_ORDER
			? find_buddy_page_pfn(page, pfn, order, &buddy_pfn)
			: NULL;
	if (buddy && (order < pageblock_order ||
		      (migratetype_is_mergeable(mt) &&
		       migratetype_is_mergeable(
			       get_pfnblock_migratetype(buddy, buddy_pfn))) ||
		      get_pfnblock_migratetype(buddy, buddy_pfn) == mt))
		check_failed(errors, zone, page, "free buddies left unmerged");
}

/* Per-CPU lists: order in page->private, not PG_buddy, counts right. */
static void check_pcp_lists(struct zone *zone, unsigned long *errors)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &zone->pcp[cpu];
		long count = 0;

		for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
			struct page *page;

			list_for_each_entry(page, &pcp->lists[i], lru) {
				if (PageBuddy(page) || page_ref_count(page) ||
				    page->private != pindex_to_order(i) ||
				    page_zone(page) != zone)
					check_failed(
						errors, zone, page,
						"bad page on a per-CPU list");
				count += 1L << pindex_to_order(i);
			}
		}
		if (count != pcp->count)
			check_failed(errors, zone, NULL,
				     "per-CPU count disagrees with its lists");
	}
}

/**
 * check_zone_free_areas - verify the invariants of @zone's free lists
 * @zone: a populated zone
 *
 * Every free block is a PG_buddy head of its list's order, naturally
 * aligned, inside the zone, on the list of its pageblocks' type, with no
 * tail in use or free on its own, and not mergeable with its buddy; list
 * lengths match nr_free and nr_free_mt; NR_FREE_PAGES is the sum of the
 * non-isolated free pages; per-CPU lists hold what they claim; the
 * high-atomic reserve matches the high-atomic pageblocks. For tests and
 * self-tests: it walks the whole zone.
 * Context: takes zone->lock; interrupts disabled meanwhile.
 * Return: the number of broken invariants found (0: all hold); the first
 * few are printed.
 */
unsigned long check_zone_free_areas(struct zone *zone)
{
	unsigned long errors = 0, flags, highatomic_blocks = 0;
	long free = 0;
	unsigned int order;
	int mt;

	spin_lock_irqsave(&zone->lock, flags);
	for (order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_area *area = &zone->free_area[order];
		unsigned long total = 0;

		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long n = 0;
			struct page *page;

			list_for_each_entry(page, &area->free_list[mt], lru) {
				check_free_block(zone, page, order, mt,
						 &errors);
				n++;
			}
			if (n != area->nr_free_mt[mt])
				check_failed(
					&errors, zone, NULL,
					"nr_free_mt disagrees with its list");
			total += n;
			if (!is_migrate_isolate(mt))
				free += (long)(n << order);
		}
		if (total != area->nr_free)
			check_failed(&errors, zone, NULL,
				     "nr_free disagrees with the lists");
	}
	if (free != zone->vm_stat[NR_FREE_PAGES])
		check_failed(&errors, zone, NULL,
			     "NR_FREE_PAGES disagrees with the lists");
	for (unsigned long pfn = pageblock_start_pfn(zone->zone_start_pfn);
	     pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages)
		if (pfn_valid(pfn) && zone_spans_pfn(zone, pfn) &&
		    is_migrate_highatomic(
			    get_pfnblock_migratetype(pfn_to_page(pfn), pfn)))
			highatomic_blocks++;
	if (highatomic_blocks * pageblock_nr_pages !=
	    zone->nr_reserved_highatomic)
		check_failed(&errors, zone, NULL,
			     "high-atomic reserve disagrees with pageblocks");
	check_pcp_lists(zone, &errors);
	spin_unlock_irqrestore(&zone->lock, flags);
	return errors;
}
