/*
 * The Contiguous Memory Allocator (see mm/cma.h), after Linux's mm/cma.c.
 *
 * At boot an area is reserved in memblock, so nothing else is put there;
 * once the buddy allocator exists its pageblocks become MIGRATE_CMA and
 * its pages are freed into them. From then on the allocator lends them to
 * movable allocations only (mm/page_alloc.c: first when more than half of
 * a zone's free memory is CMA, else when the movable lists are empty), so
 * the area is never wasted and never holds a page that cannot move.
 *
 * cma_alloc() looks for a run of clear bits in the area's bitmap and asks
 * alloc_contig_range() to empty it. A run that fails is passed by up to its
 * first blocking pfn (Linux steps by the alignment and tries runs that
 * still hold the same pinned page); pages that cannot move have already
 * had their bounded retries in alloc_contig_range().
 */
#include "kerrno.h"
#include "lib.h"
#include "param.h"
#include "printk.h"
#include "mm/cma.h"
#include "mm/internal.h"
#include "mm/memblock.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

const char *cma_param, *cma_area_param;
param_string("cma", cma_param, "SIZE[@BASE]: the CMA area 'default'");
param_string("cma_area", cma_area_param,
	     "NAME:SIZE[@BASE]: one more CMA area, named");

struct cma cma_areas[MAX_CMA_AREAS];
unsigned int cma_area_count;

struct cma *cma_find(const char *name)
{
	for (unsigned int i = 0; i < cma_area_count; i++)
		if (!strcmp(cma_areas[i].name, name))
			return &cma_areas[i];
	return NULL;
}

/* --- boot -------------------------------------------------------------------- */

#define PAGEBLOCK_BYTES (pageblock_nr_pages << PAGE_SHIFT)

/* Copy the string @s into @buf of @size bytes; false if it does not fit. */
static bool copy_string(char *buf, size_t size, const char *s)
{
	size_t len = strlen(s);

	if (len >= size)
		return false;
	memcpy(buf, s, len + 1);
	return true;
}

/* Parse "SIZE[@BASE]"; *@base is 0 when no BASE is given. */
static int parse_size_base(const char *s, u64 *size, u64 *base)
{
	char buf[40];
	char *at;

	if (!copy_string(buf, sizeof(buf), s))
		return -EINVAL;
	*base = 0;
	at = strchr(buf, '@');
	if (at) {
		*at = '\0';
		if (memparse_strict(at + 1, base) || !*base ||
		    !IS_ALIGNED(*base, PAGEBLOCK_BYTES))
			return -EINVAL;
	}
	if (memparse_strict(buf, size) || !*size)
		return -EINVAL;
	*size = ALIGN(*size, PAGEBLOCK_BYTES);
	return 0;
}

/* Reserve [base, base + size) (anywhere if @base is 0) for area @name. */
static void cma_declare_contiguous(const char *name, u64 size, u64 base)
{
	struct cma *cma = &cma_areas[cma_area_count];
	unsigned long count = size >> PAGE_SHIFT;
	phys_addr_t map;

	if (base && (!memblock_is_region_memory(base, size) ||
		     memblock_is_region_reserved(base, size) ||
		     memblock_reserve(base, size))) {
		pr_err("cma: area %s: [%#llx-%#llx] is not free RAM: no area\n",
		       name, (unsigned long long)base,
		       (unsigned long long)(base + size - 1));
		return;
	}
	if (!base)
		base = memblock_alloc(size, PAGEBLOCK_BYTES);
	map = base ? memblock_alloc(BITS_TO_LONGS(count) * sizeof(long),
				    sizeof(long))
		   : 0;
	if (!map) {
		pr_err("cma: area %s: no room for %llu MiB: no area\n", name,
		       (unsigned long long)size >> 20);
		return;
	}
	memset(cma, 0, sizeof(*cma));
	copy_string(cma->name, CMA_MAX_NAME, name); /* checked by the caller */
	cma->base_pfn = PFN_DOWN(base);
	cma->count = count;
	cma->bitmap = __va(map);
	spin_lock_init(&cma->lock, "cma");
	cma_area_count++;
	pr_info("cma: area %s: %llu MiB at %#llx\n", name,
		(unsigned long long)size >> 20, (unsigned long long)base);
}

/* "NAME:SIZE[@BASE]": the name, cut out of @buf; NULL if malformed. */
static const char *split_area_name(char *buf, const char **rest)
{
	char *colon = strchr(buf, ':');

	if (!colon || colon == buf || colon - buf >= CMA_MAX_NAME)
		return NULL;
	*colon = '\0';
	*rest = colon + 1;
	return buf;
}

static void cma_reserve_one(const char *param, const char *value,
			    const char *name)
{
	u64 size, base;

	if (parse_size_base(value, &size, &base)) {
		pr_err("cma: %s=%s: expected SIZE[@BASE], BASE 2 MiB-aligned: ignored\n",
		       param, value);
		return;
	}
	if (cma_find(name)) {
		pr_err("cma: %s=%s: an area %s exists already: ignored\n",
		       param, value, name);
		return;
	}
	cma_declare_contiguous(name, size, base);
}

void cma_reserve_areas(void)
{
	char buf[CMA_MAX_NAME + 40];
	const char *name, *rest = NULL;

	cma_area_count = 0;
	if (cma_param)
		cma_reserve_one("cma", cma_param, "default");
	if (!cma_area_param)
		return;
	if (!copy_string(buf, sizeof(buf), cma_area_param) ||
	    !(name = split_area_name(buf, &rest))) {
		pr_err("cma: cma_area=%s: expected NAME:SIZE[@BASE]: ignored\n",
		       cma_area_param);
		return;
	}
	cma_reserve_one("cma_area", rest, name);
}

/* The whole area lies in one zone (zone boundaries are known only now). */
static bool cma_area_in_one_zone(const struct cma *cma)
{
	unsigned long end = cma->base_pfn + cma->count;
	struct zone *zone = page_zone(pfn_to_page(cma->base_pfn));

	for (unsigned long pfn = cma->base_pfn; pfn < end;
	     pfn += pageblock_nr_pages)
		if (!pfn_valid(pfn) || page_zone(pfn_to_page(pfn)) != zone)
			return false;
	return zone_spans_pfn(zone, end - 1);
}

/*
 * Linux's cma_activate_area(): every pageblock becomes MIGRATE_CMA, then
 * its pages are freed (all types first, so the blocks merge). An area
 * across a zone boundary is freed as ordinary memory and dropped.
 */
static void cma_activate_area(struct cma *cma)
{
	unsigned long end = cma->base_pfn + cma->count;
	bool ok = cma_area_in_one_zone(cma);

	for (unsigned long pfn = cma->base_pfn; ok && pfn < end;
	     pfn += pageblock_nr_pages)
		set_pageblock_migratetype(pfn_to_page(pfn), MIGRATE_CMA);
	for (unsigned long pfn = cma->base_pfn; pfn < end;
	     pfn += pageblock_nr_pages)
		__free_pages_core(pfn_to_page(pfn), pageblock_order);
	if (!ok) {
		pr_err("cma: area %s crosses a zone boundary: freed as ordinary memory\n",
		       cma->name);
		cma->count = 0;
	}
}

void cma_activate_areas(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < cma_area_count; i++) {
		cma_activate_area(&cma_areas[i]);
		if (cma_areas[i].count)
			cma_areas[n++] = cma_areas[i];
	}
	cma_area_count = n;
}

/* --- allocation --------------------------------------------------------------- */

/*
 * The first bit at or after @start of a run of @count clear bits whose pfn
 * is a multiple of @align pages; cma->count if none.
 * Context: cma->lock held.
 */
static unsigned long cma_find_run(const struct cma *cma, unsigned long start,
				  unsigned long count, unsigned long align)
{
	unsigned long bit = ALIGN(cma->base_pfn + start, align) - cma->base_pfn;

	while (bit + count <= cma->count) {
		unsigned long i;

		for (i = 0; i < count && !test_bit(bit + i, cma->bitmap); i++)
			;
		if (i == count)
			return bit;
		/* Past the set bit, then up to the next aligned pfn. */
		bit = ALIGN(cma->base_pfn + bit + i + 1, align) - cma->base_pfn;
	}
	return cma->count;
}

static void cma_set_bits(struct cma *cma, unsigned long bit,
			 unsigned long count, bool set)
{
	for (unsigned long i = 0; i < count; i++) {
		if (set)
			__set_bit(bit + i, cma->bitmap);
		else
			__clear_bit(bit + i, cma->bitmap);
	}
}

/* Claim a run in the bitmap, so a parallel cma_alloc() leaves it alone. */
static unsigned long cma_claim_run(struct cma *cma, unsigned long start,
				   unsigned long count, unsigned long align)
{
	unsigned long flags, bit;

	spin_lock_irqsave(&cma->lock, flags);
	bit = cma_find_run(cma, start, count, align);
	if (bit < cma->count)
		cma_set_bits(cma, bit, count, true);
	spin_unlock_irqrestore(&cma->lock, flags);
	return bit;
}

static void cma_unclaim_run(struct cma *cma, unsigned long bit,
			    unsigned long count)
{
	unsigned long flags;

	spin_lock_irqsave(&cma->lock, flags);
	cma_set_bits(cma, bit, count, false);
	spin_unlock_irqrestore(&cma->lock, flags);
}

/* Count the outcome, Linux's way and per area. */
static void cma_account(struct cma *cma, unsigned long count, bool ok,
			const struct contig_info *info)
{
	unsigned long flags;

	count_vm_event(ok ? CMA_ALLOC_SUCCESS : CMA_ALLOC_FAIL);
	spin_lock_irqsave(&cma->lock, flags);
	if (ok) {
		cma->alloc_pages_success += count;
		cma->nr_used_pages += count;
		cma->nr_allocs++;
	} else {
		cma->alloc_pages_fail += count;
		cma->nr_fails++;
		cma->last_fail_pfn = info->fail_pfn;
		cma->last_fail_reason = info->reason;
	}
	spin_unlock_irqrestore(&cma->lock, flags);
}

struct page *cma_alloc(struct cma *cma, unsigned long count, unsigned int align,
		       struct contig_info *info)
{
	unsigned long step = 1UL << align, start = 0, ranges = 0;
	struct contig_info dummy;
	struct page *page = NULL;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	info->fail_pfn = cma->base_pfn;
	info->reason = CONTIG_NOMEM; /* no free run in the bitmap */
	while (count && !page) {
		unsigned long bit = cma_claim_run(cma, start, count, step);
		unsigned long pfn = cma->base_pfn + bit;
		int err;

		if (bit >= cma->count)
			break;
		err = alloc_contig_range(pfn, pfn + count, MIGRATE_CMA,
					 GFP_KERNEL, info);
		ranges += info->nr_ranges;
		if (!err) {
			page = pfn_to_page(pfn);
			break;
		}
		cma_unclaim_run(cma, bit, count);
		if (err != -EBUSY)
			break;
		start = max(info->fail_pfn + 1 - cma->base_pfn, bit + 1);
	}
	info->nr_ranges = (unsigned int)ranges;
	cma_account(cma, count, page != NULL, info);
	return page;
}

/* Are the @count pages at bit @bit all allocated? */
static bool cma_run_allocated(struct cma *cma, unsigned long bit,
			      unsigned long count)
{
	unsigned long flags, i;

	spin_lock_irqsave(&cma->lock, flags);
	for (i = 0; i < count && test_bit(bit + i, cma->bitmap); i++)
		;
	spin_unlock_irqrestore(&cma->lock, flags);
	return i == count;
}

bool cma_release(struct cma *cma, const struct page *pages, unsigned long count)
{
	unsigned long pfn = page_to_pfn(pages), bit = pfn - cma->base_pfn;
	unsigned long flags;

	if (pfn < cma->base_pfn || !count || bit + count > cma->count ||
	    !cma_run_allocated(cma, bit, count))
		return false;
	/* Free first: a run whose bits are clear must be free to take. */
	free_contig_range(pfn, count);
	spin_lock_irqsave(&cma->lock, flags);
	cma_set_bits(cma, bit, count, false);
	cma->nr_used_pages -= count;
	cma->nr_allocs--;
	spin_unlock_irqrestore(&cma->lock, flags);
	return true;
}
