/*
 * Boot-time memory setup: zone boundaries, the struct page array (vmemmap)
 * and the hand-over of free boot memory to the buddy allocator.
 */
#include "lib.h"
#include "param.h"
#include "printk.h"
#include "seq_file.h"
#include "mm/cma.h"
#include "mm/internal.h"
#include "mm/memblock.h"
#include "mm/page_lock.h"

pg_data_t contig_page_data;
struct zone *const zone_table[MAX_NR_ZONES] = {
	&contig_page_data.node_zones[ZONE_DMA],
	&contig_page_data.node_zones[ZONE_DMA32],
	&contig_page_data.node_zones[ZONE_NORMAL],
	&contig_page_data.node_zones[ZONE_MOVABLE],
};
unsigned long max_pfn;
unsigned long *subsection_map;
u64 movablecore_bytes;
bool page_alloc_ready;

param_size("movablecore", movablecore_bytes,
	   "size of ZONE_MOVABLE, taken from the top of memory");

const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
	[ZONE_MOVABLE] = "Movable",
};

BUILD_BUG_ON(sizeof(struct page) != 64);
BUILD_BUG_ON(MAX_NR_ZONES - 1 > ZONES_MASK);
BUILD_BUG_ON(NR_PAGEFLAGS > ZONES_PGSHIFT);

#define MAX_DMA_PFN PFN_DOWN(16UL << 20)
#define MAX_DMA32_PFN PFN_DOWN(4UL << 30)

/* [zone_lo[z], zone_hi[z]): the pfns zone z may hold on this machine. */
static unsigned long zone_lo[MAX_NR_ZONES], zone_hi[MAX_NR_ZONES];
static unsigned long memmap_pages; /* struct pages backed by vmemmap */

/* Pages of RAM (memblock.memory) inside [start, end). */
static unsigned long present_pages_in(unsigned long start, unsigned long end)
{
	struct memblock_region *r;
	unsigned long n = 0;

	for_each_mem_region(r) {
		unsigned long s = max(PFN_DOWN(r->base), start);
		unsigned long e = min(PFN_DOWN(r->base + r->size), end);

		if (s < e)
			n += e - s;
	}
	return n;
}

/* First and one-past-last pfn of RAM inside [start, end); false if none. */
static bool present_span(unsigned long start, unsigned long end,
			 unsigned long *first, unsigned long *last)
{
	struct memblock_region *r;
	bool found = false;

	for_each_mem_region(r) {
		unsigned long s = max(PFN_DOWN(r->base), start);
		unsigned long e = min(PFN_DOWN(r->base + r->size), end);

		if (s >= e)
			continue;
		if (!found)
			*first = s;
		*last = e;
		found = true;
	}
	return found;
}

/* Pages of RAM inside [start, end) that no boot reservation holds. */
static unsigned long free_pages_in(unsigned long start, unsigned long end)
{
	phys_addr_t s, e;
	unsigned long n = 0;
	u64 i;

	for_each_free_mem_range(i, s, e) {
		unsigned long ps = max(PFN_UP(s), start);
		unsigned long pe = min(PFN_DOWN(e), end);

		if (ps < pe)
			n += pe - ps;
	}
	return n;
}

/*
 * ZONE_MOVABLE takes movablecore_bytes from the top of the highest populated
 * zone, starting on a MAX_ORDER boundary so no buddy block straddles zones.
 * As in Linux, the size is rounded up to whole MAX_ORDER blocks, so that
 * movablecore=1 gives a zone worth having (it gave 992 pages, all of them
 * then taken by struct pages: see limit_boot_allocations()).
 * Returns its first pfn, or 0 when there is no movable zone.
 */
static unsigned long find_zone_movable_pfn(void)
{
	unsigned long want =
		ALIGN(PFN_UP(movablecore_bytes), MAX_ORDER_NR_PAGES);
	unsigned long lo, hi, pfn;
	int z = ZONE_NORMAL;

	if (!want)
		return 0;
	while (z > ZONE_DMA && !present_pages_in(zone_lo[z], zone_hi[z]))
		z--;
	if (z == ZONE_DMA) {
		pr_warn("movablecore: ignored, there is no memory above ZONE_DMA\n");
		return 0;
	}
	lo = zone_lo[z]; /* 0, 16 MiB or 4 GiB: all MAX_ORDER aligned */
	hi = zone_hi[z];
	/* Walk down whole MAX_ORDER blocks until the RAM above is enough. */
	pfn = ALIGN_DOWN(hi, MAX_ORDER_NR_PAGES);
	while (pfn > lo && present_pages_in(pfn, hi) < want)
		pfn -= MAX_ORDER_NR_PAGES;
	if (pfn == lo)
		pr_warn("movablecore=%lluM covers all of zone %s: it all becomes ZONE_MOVABLE\n",
			(unsigned long long)movablecore_bytes >> 20,
			zone_names[z]);
	zone_hi[z] = pfn;
	return pfn;
}

/* The zones fixed by address: DMA below 16 MiB, DMA32 below 4 GiB. */
static void compute_address_zones(void)
{
	zone_lo[ZONE_DMA] = 0;
	zone_hi[ZONE_DMA] = min(MAX_DMA_PFN, max_pfn);
	zone_lo[ZONE_DMA32] = zone_hi[ZONE_DMA];
	zone_hi[ZONE_DMA32] = min(MAX_DMA32_PFN, max_pfn);
	zone_lo[ZONE_NORMAL] = zone_hi[ZONE_DMA32];
	zone_hi[ZONE_NORMAL] = max_pfn;
	zone_lo[ZONE_MOVABLE] = max_pfn;
	zone_hi[ZONE_MOVABLE] = max_pfn;
}

/* Carve ZONE_MOVABLE from the top of the highest zone. */
static void compute_movable_zone(void)
{
	unsigned long movable = find_zone_movable_pfn();

	if (movable)
		zone_lo[ZONE_MOVABLE] = movable;
}

void mm_trim_zone_slivers(void)
{
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	compute_address_zones();
	for (int z = ZONE_DMA; z <= ZONE_NORMAL; z++) {
		/* The first MiB is always reserved: it does not count. */
		unsigned long lo = max(zone_lo[z], PFN_DOWN(1UL << 20));
		unsigned long n = present_pages_in(lo, zone_hi[z]);
		/* DMA holds the kernel image: dropped only when it has no RAM
		 * at all above the first MiB. */
		unsigned long min = z == ZONE_DMA ? 1 : pageblock_nr_pages;

		if (n >= min || !present_pages_in(zone_lo[z], zone_hi[z]))
			continue;
		pr_warn("mm: zone %s would hold only %lu KiB of RAM, less than one pageblock (%lu KiB): that RAM is not used\n",
			zone_names[z], n << (PAGE_SHIFT - 10),
			pageblock_nr_pages << (PAGE_SHIFT - 10));
		memblock_remove(PFN_PHYS(zone_lo[z]),
				PFN_PHYS(zone_hi[z] - zone_lo[z]));
	}
}

/*
 * Boot allocations from here on (the struct page array, the pageblock
 * bitmaps) come top-down from the zone with the most free RAM, and never
 * from ZONE_MOVABLE, whose point is to hold no unmovable page. Plain
 * top-down, as Linux does, takes them from the highest zone however small
 * it is: a Normal zone of a few MiB above 4 GiB, or the Movable zone of
 * movablecore=1, ended up holding nothing but struct pages. Only if no
 * other zone has room for the struct pages may they go anywhere.
 */
static void limit_boot_allocations(void)
{
	unsigned long need =
		2 * PFN_UP(present_pages_in(0, max_pfn) * sizeof(struct page));
	enum zone_type best = ZONE_DMA;
	unsigned long most = 0;

	for (int z = ZONE_DMA; z <= ZONE_NORMAL; z++) {
		unsigned long n = free_pages_in(zone_lo[z], zone_hi[z]);

		if (n > most) {
			most = n;
			best = (enum zone_type)z;
		}
	}
	if (most < need)
		return;
	memblock.current_limit =
		min(memblock.current_limit, PFN_PHYS(zone_hi[best]));
}

static enum zone_type zone_for_pfn(unsigned long pfn)
{
	for (int z = MAX_NR_ZONES - 1; z > ZONE_DMA; z--)
		if (pfn >= zone_lo[z] && pfn < zone_hi[z])
			return (enum zone_type)z;
	return ZONE_DMA;
}

static void init_zone(struct zone *zone, enum zone_type type)
{
	unsigned long first = 0, last = 0;

	zone->name = zone_names[type];
	zone->type = type;
	spin_lock_init(&zone->lock, "zone->lock");
	if (present_span(zone_lo[type], zone_hi[type], &first, &last)) {
		zone->zone_start_pfn = first;
		zone->spanned_pages = last - first;
		zone->present_pages = present_pages_in(first, last);
	} else {
		zone->zone_start_pfn = zone_lo[type];
	}
	zone->compact_order_failed = MAX_ORDER + 1;
}

/* Mark every 2 MiB subsection that holds RAM, and back its struct pages. */
static void memmap_alloc(void)
{
	unsigned long nr = DIV_ROUND_UP(max_pfn, PAGES_PER_SUBSECTION);
	phys_addr_t pa = memblock_alloc(BITS_TO_LONGS(nr) * sizeof(long), 8);
	struct memblock_region *r;

	if (!pa)
		panic("mm: no memory for the subsection map (%lu bits)", nr);
	subsection_map = __va(pa);
	for_each_mem_region(r) {
		unsigned long s = PFN_DOWN(r->base) >> SUBSECTION_SHIFT;
		unsigned long e =
			(PFN_DOWN(r->base + r->size) - 1) >> SUBSECTION_SHIFT;

		for (unsigned long i = s; i <= e; i++)
			__set_bit(i, subsection_map);
	}
	for (unsigned long i = 0; i < nr;) {
		unsigned long j = i;

		if (!test_bit(i, subsection_map)) {
			i++;
			continue;
		}
		while (j < nr && test_bit(j, subsection_map))
			j++;
		vmemmap_populate(i * PAGES_PER_SUBSECTION,
				 min(j * PAGES_PER_SUBSECTION, max_pfn));
		memmap_pages += min(j * PAGES_PER_SUBSECTION, max_pfn) -
				i * PAGES_PER_SUBSECTION;
		i = j;
	}
}

static void init_single_page(struct page *page, enum zone_type zone,
			     unsigned long flags)
{
	page->flags = flags;
	set_page_zone(page, zone);
	INIT_LIST_HEAD(&page->lru);
	page->private = 0;
	page->mapping = NULL;
	page->index = 0;
	set_page_count(page, 1);
	page_mapcount_reset(page);
}

/*
 * Every struct page starts reserved; pages without RAM behind them are holes
 * too. memblock_free_all() later frees the pages that are really free.
 */
static void memmap_init(void)
{
	struct memblock_region *r;

	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		if (!pfn_valid(pfn)) {
			pfn = ALIGN(pfn + 1, PAGES_PER_SUBSECTION) - 1;
			continue;
		}
		init_single_page(pfn_to_page(pfn), zone_for_pfn(pfn),
				 BIT(PG_reserved) | BIT(PG_hole));
	}
	for_each_mem_region(r) {
		for (unsigned long pfn = PFN_DOWN(r->base);
		     pfn < PFN_DOWN(r->base + r->size); pfn++)
			ClearPageHole(pfn_to_page(pfn));
	}
}

void mm_check_minimum_memory(void)
{
	phys_addr_t free = memblock_free_size();

	if (free < MIN_FREE_MEMORY)
		panic("not enough memory: this kernel requires at least %lu MiB of free RAM after the kernel image and boot data, but only %llu KiB is free (usable RAM %llu KiB); give QEMU more memory (-m) or raise mem=",
		      MIN_FREE_MEMORY >> 20, (unsigned long long)free >> 10,
		      (unsigned long long)memblock_phys_mem_size() >> 10);
}

void free_area_init(void)
{
	pg_data_t *pgdat = NODE_DATA(0);

	memset(pgdat, 0, sizeof(*pgdat));
	memmap_pages = 0;
	/* Not yet: a host test boots many times in one process. */
	page_alloc_ready = false;
	cma_reserve_areas(); /* before anything else takes boot memory */
	page_lock_init();
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	compute_address_zones();
	compute_movable_zone();
	limit_boot_allocations();
	memmap_alloc();
	memmap_init();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		init_zone(zone, (enum zone_type)z);
		if (populated_zone(zone))
			zone_init_free_area(zone);
	}
	pgdat->node_start_pfn = PFN_DOWN(memblock_start_of_DRAM());
	pgdat->node_spanned_pages = max_pfn - pgdat->node_start_pfn;
	pgdat->node_present_pages = present_pages_in(0, max_pfn);
	init_waitqueue_head(&pgdat->kcompactd_wait);
	pgdat->kcompactd_highest_zoneidx = MAX_NR_ZONES - 1;
}

/* Free [start, end) in the largest naturally aligned blocks that fit. */
static void free_pfn_range(unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned int order =
			start ? min(__ffs(start), MAX_ORDER) : MAX_ORDER;

		while (start + (1UL << order) > end)
			order--;
		__free_pages_core(pfn_to_page(start), order);
		start += 1UL << order;
	}
}

void memblock_free_all(void)
{
	phys_addr_t start, end;
	struct seq_file m;
	u64 i;

	for_each_free_mem_range(i, start, end)
		free_pfn_range(PFN_UP(start), PFN_DOWN(end));
	cma_activate_areas();
	/* From now on the buddy allocator owns free memory. */
	memblock.current_limit = 0;
	page_alloc_init_late();
	page_alloc_ready = true;
	seq_console_init(&m);
	mem_print_summary(&m);
}

static void print_zone_ranges(struct seq_file *m)
{
	struct memblock_region *r;
	struct zone *zone;

	seq_puts(m, "Zone ranges:\n");
	for_each_zone(zone) {
		if (!populated_zone(zone)) {
			seq_printf(m, "  %-8s empty\n", zone->name);
			continue;
		}
		seq_printf(m, "  %-8s [mem 0x%016llx-0x%016llx]\n", zone->name,
			   (unsigned long long)PFN_PHYS(zone->zone_start_pfn),
			   (unsigned long long)PFN_PHYS(zone_end_pfn(zone)) -
				   1);
	}
	seq_puts(m, "Early memory node ranges\n");
	for_each_mem_region(r)
		seq_printf(m, "  node   0: [mem 0x%016llx-0x%016llx]\n",
			   (unsigned long long)r->base,
			   (unsigned long long)(r->base + r->size - 1));
}

void mem_print_summary(struct seq_file *m)
{
	unsigned long present = 0, managed = 0;
	struct zone *zone;

	print_zone_ranges(m);
	seq_printf(m, "%-8s %10s %10s %10s %10s\n", "zone", "start_pfn",
		   "spanned", "present", "managed");
	for_each_populated_zone(zone) {
		seq_printf(m, "%-8s %10lu %10lu %10lu %10lu\n", zone->name,
			   zone->zone_start_pfn, zone->spanned_pages,
			   zone->present_pages, zone->managed_pages);
		present += zone->present_pages;
		managed += zone->managed_pages;
	}
	seq_printf(m, "struct page: %zu bytes; memmap %lu KiB for %lu pages\n",
		   sizeof(struct page),
		   memmap_pages * sizeof(struct page) >> 10, memmap_pages);
	seq_printf(m, "Memory: %luK/%luK available (%luK reserved)\n",
		   managed << (PAGE_SHIFT - 10), present << (PAGE_SHIFT - 10),
		   (present - managed) << (PAGE_SHIFT - 10));
}
