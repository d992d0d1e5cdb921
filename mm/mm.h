/*
 * struct page helpers: pfn <-> page <-> address conversions, page flags,
 * reference and map counts.
 *
 * A pfn (page frame number) is a physical address >> PAGE_SHIFT. The struct
 * page of pfn N is vmemmap[N]; the memory behind vmemmap exists only for
 * pfns that pfn_valid() accepts (RAM, in 2 MiB subsections), so scanners
 * must check pfn_valid() before touching a struct page they did not get
 * from the allocator.
 */
#ifndef _MM_MM_H
#define _MM_MM_H

#include <asm/page.h>

#include "bitops.h"
#include "mm/mmzone.h"

#define PAGES_PER_SUBSECTION 512UL
#define SUBSECTION_SHIFT 9

/* One bit per 2 MiB of physical address space: memmap is backed there. */
extern unsigned long *subsection_map;
/* One past the highest pfn of usable RAM. */
extern unsigned long max_pfn;

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn &&
	       test_bit(pfn >> SUBSECTION_SHIFT, subsection_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return vmemmap + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - vmemmap);
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

static inline void *page_address(const struct page *page)
{
	return __va(page_to_phys(page));
}

static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(PFN_DOWN(__pa(addr)));
}

static inline struct page *phys_to_page(phys_addr_t pa)
{
	return pfn_to_page(PFN_DOWN(pa));
}

/*
 * Page flags: PageFoo(), SetPageFoo(), ClearPageFoo(). Setting and clearing
 * are atomic read-modify-writes, so a flag changed without the lock that
 * owns the others (PG_locked, by trylock_page) never loses an update.
 */
#define PAGEFLAG(uname, lname)                                     \
	static inline bool Page##uname(const struct page *page)    \
	{                                                          \
		return test_bit(PG_##lname, &page->flags);         \
	}                                                          \
	static inline void SetPage##uname(struct page *page)       \
	{                                                          \
		__atomic_fetch_or(&page->flags, BIT(PG_##lname),   \
				  __ATOMIC_RELAXED);               \
	}                                                          \
	static inline void ClearPage##uname(struct page *page)     \
	{                                                          \
		__atomic_fetch_and(&page->flags, ~BIT(PG_##lname), \
				   __ATOMIC_RELAXED);              \
	}

PAGEFLAG(Locked, locked)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Hole, hole)
PAGEFLAG(Buddy, buddy)
PAGEFLAG(LRU, lru)
PAGEFLAG(Isolated, isolated)
PAGEFLAG(Anon, anon)
PAGEFLAG(Table, table)
PAGEFLAG(Poisoned, poisoned)
PAGEFLAG(Slab, slab)
PAGEFLAG(MovableOps, movable_ops)

/* The PG_* bits only, without the zone number. */
#define PAGE_FLAGS_MASK ((1UL << NR_PAGEFLAGS) - 1)

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

static inline void set_page_zone(struct page *page, enum zone_type zone)
{
	page->flags &= ~(ZONES_MASK << ZONES_PGSHIFT);
	page->flags |= (unsigned long)zone << ZONES_PGSHIFT;
}

/* &contig_page_data.node_zones[z], as a table: one load on hot paths. */
extern struct zone *const zone_table[MAX_NR_ZONES];

static inline struct zone *page_zone(const struct page *page)
{
	return zone_table[page_zonenum(page)];
}

static inline int page_ref_count(const struct page *page)
{
	return atomic_read(&page->_refcount);
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_refcount, v);
}

static inline void get_page(struct page *page)
{
	atomic_inc(&page->_refcount);
}

/* Drop a reference; true when it was the last one. */
static inline bool put_page_testzero(struct page *page)
{
	return atomic_dec_and_test(&page->_refcount);
}

static inline int page_mapcount(const struct page *page)
{
	return atomic_read(&page->_mapcount) + 1;
}

static inline bool page_mapped(const struct page *page)
{
	return page_mapcount(page) > 0;
}

static inline void page_mapcount_reset(struct page *page)
{
	atomic_set(&page->_mapcount, -1);
}

/* Order of a free block whose head is @page (PageBuddy). */
static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page->private;
}

/*
 * Boot-time set-up of the memory map, called by arch/ and start_kernel()
 * (Linux declares these in include/linux/mm.h).
 */

/* Panic, naming the requirement, if memblock leaves less than
 * MIN_FREE_MEMORY free. Called once all boot reservations are made. */
void mm_check_minimum_memory(void);

/**
 * free_area_init - size the zones and build the struct page array
 *
 * Uses memblock.memory (sanitized, mem= applied, all reservations made).
 * Computes each zone's span and present pages, backs vmemmap for every 2 MiB
 * subsection that holds RAM (arch hook vmemmap_populate()), initializes every
 * struct page as reserved, and prepares each zone's free lists.
 */
void free_area_init(void);

/**
 * memblock_free_all - hand every free memblock range to the buddy allocator
 *
 * After this, memblock_alloc() must not be used. Prints the zone summary.
 */
void memblock_free_all(void);

/* Print the per-zone summary (the shell's `mem` command). */
struct seq_file;
void mem_print_summary(struct seq_file *m);

/* Arch hook: make vmemmap[start_pfn, end_pfn) addressable (zeroed). */
void vmemmap_populate(unsigned long start_pfn, unsigned long end_pfn);

#endif
