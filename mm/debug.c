/*
 * dump_page(): print one struct page with every field decoded, for bad page
 * reports and VM_BUG_ON_PAGE. Modelled on Linux's mm/debug.c output.
 */
#include "lib.h"
#include "printk.h"
#include "mm/mm.h"
#include "mm/mmdebug.h"
#include "mm/page_alloc.h"

static const char *const pageflag_names[NR_PAGEFLAGS] = {
	[PG_locked] = "locked",
	[PG_reserved] = "reserved",
	[PG_hole] = "hole",
	[PG_buddy] = "buddy",
	[PG_lru] = "lru",
	[PG_isolated] = "isolated",
	[PG_anon] = "anon",
	[PG_table] = "table",
	[PG_poisoned] = "poisoned",
	[PG_slab] = "slab",
	[PG_movable_ops] = "movable_ops",
};

void format_page_flags(char *buf, size_t size, unsigned long flags)
{
	unsigned long zone = (flags >> ZONES_PGSHIFT) & ZONES_MASK;
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < NR_PAGEFLAGS && len < size; i++)
		if (flags & BIT(i))
			len += (size_t)snprintf(buf + len, size - len, "%s|",
						pageflag_names[i]);
	if (len < size)
		snprintf(buf + len, size - len, "zone=%s",
			 zone < MAX_NR_ZONES ? zone_names[zone] : "?");
}

/* The pageblock's type and skip bit, if the page's zone has a bitmap. */
static void dump_pageblock(const struct page *page, unsigned long pfn)
{
	const struct zone *zone;
	int mt;

	if (page_zonenum(page) >= MAX_NR_ZONES)
		return;
	zone = page_zone(page);
	if (!zone->pageblock_flags || !zone_spans_pfn(zone, pfn)) {
		pr_warn("pageblock: outside zone %s\n", zone->name);
		return;
	}
	mt = get_pfnblock_migratetype(page, pfn);
	pr_warn("pageblock: pfn:%#lx migratetype:%s skip:%d\n",
		pageblock_start_pfn(pfn),
		mt < MIGRATE_TYPES ? migratetype_names[mt] : "?",
		get_pageblock_skip(page));
}

/**
 * dump_page - print a struct page, decoded, and why it is printed
 * @page: the page
 * @reason: what is wrong with it (printed last), or NULL
 *
 * Prints the counts, mapping, flags by name, zone, private (the order of a
 * free or allocated block), list pointers, the pageblock's migratetype and
 * skip bit, and the raw words of the struct.
 */
void dump_page(const struct page *page, const char *reason)
{
	unsigned long pfn = page_to_pfn(page);
	const unsigned long *raw = (const unsigned long *)page;
	unsigned int words = sizeof(*page) / sizeof(long);
	char flags[128];

	pr_warn("page:%p refcount:%d mapcount:%d mapping:%p index:%#lx pfn:%#lx\n",
		(const void *)page, page_ref_count(page), page_mapcount(page),
		(void *)page->mapping, page->index, pfn);
	format_page_flags(flags, sizeof(flags), page->flags);
	pr_warn("flags: %#lx(%s)\n", page->flags, flags);
	pr_warn("private:%#lx lru:[%p,%p]\n", page->private,
		(void *)page->lru.next, (void *)page->lru.prev);
	dump_pageblock(page, pfn);
	for (unsigned int i = 0; i < words; i += 4) {
		pr_warn("raw:");
		for (unsigned int j = i; j < words && j < i + 4; j++)
			pr_cont(" %016lx", raw[j]);
		pr_cont("\n");
	}
	if (reason)
		pr_warn("page dumped because: %s\n", reason);
}
