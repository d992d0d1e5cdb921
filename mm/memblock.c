/*
 * memblock: sanitizing the firmware memory map, and the boot-time allocator
 * that serves page tables and the struct page array before the buddy
 * allocator exists. See mm/memblock.h.
 */
#include <asm/page.h>

#include "kerrno.h"
#include "lib.h"
#include "printk.h"
#include "mm/internal.h"
#include "mm/memblock.h"

struct memblock memblock;

/* One boundary of a firmware entry, for the sweep in memmap_sanitize(). */
struct map_event {
	u64 pos;
	int usable; /* +1/-1 when a usable entry starts/ends, else 0 */
	int other;  /* +1/-1 when any other entry starts/ends, else 0 */
};

static struct map_event events[2 * MEMMAP_MAX_INPUT];

static void sort_events(struct map_event *ev, unsigned int n)
{
	/* Insertion sort: at most a thousand events, once per boot. */
	for (unsigned int i = 1; i < n; i++) {
		struct map_event e = ev[i];
		unsigned int j = i;

		while (j > 0 && ev[j - 1].pos > e.pos) {
			ev[j] = ev[j - 1];
			j--;
		}
		ev[j] = e;
	}
}

/* Build the start/end events of @in; returns how many. */
static unsigned int collect_events(const struct memmap_entry *in,
				   unsigned int n,
				   struct memmap_sanitize_stats *st)
{
	const u64 limit = 1ULL << MAX_PHYSMEM_BITS;
	unsigned int ne = 0;

	if (n > MEMMAP_MAX_INPUT) {
		st->truncated = n - MEMMAP_MAX_INPUT;
		n = MEMMAP_MAX_INPUT;
	}
	for (unsigned int i = 0; i < n; i++) {
		u64 start = in[i].base, end = in[i].base + in[i].length;
		bool usable = in[i].type == MEMMAP_USABLE;

		if (in[i].length == 0) {
			st->dropped_empty++;
			continue;
		}
		if (end < start) {
			st->dropped_overflow++;
			continue;
		}
		if (usable && end > limit) {
			/* Beyond what the direct map can hold. */
			st->beyond_limit++;
			if (start >= limit)
				continue;
			end = limit;
		}
		events[ne++] = (struct map_event){ start, usable, !usable };
		events[ne++] = (struct map_event){ end, -usable, -!usable };
	}
	return ne;
}

/* Append [start, end) trimmed to whole pages, merging with the last range. */
static unsigned int emit_range(struct memblock_region *out, unsigned int cnt,
			       unsigned int max_out, u64 start, u64 end,
			       struct memmap_sanitize_stats *st)
{
	u64 s = ALIGN(start, PAGE_SIZE), e = ALIGN_DOWN(end, PAGE_SIZE);

	if (s != start || e != end)
		st->trimmed++;
	if (s >= e)
		return cnt;
	if (cnt && out[cnt - 1].base + out[cnt - 1].size == s) {
		out[cnt - 1].size += e - s;
		return cnt;
	}
	if (cnt == max_out) {
		st->truncated++;
		return cnt;
	}
	out[cnt] = (struct memblock_region){ s, e - s };
	return cnt + 1;
}

unsigned int memmap_sanitize(const struct memmap_entry *in, unsigned int n,
			     struct memblock_region *out, unsigned int max_out,
			     struct memmap_sanitize_stats *stats)
{
	struct memmap_sanitize_stats st = { 0 };
	unsigned int ne = collect_events(in, n, &st), cnt = 0;
	int usable = 0, other = 0;
	u64 run_start = 0;
	bool in_run = false;

	sort_events(events, ne);
	/*
	 * Sweep the boundaries in address order, keeping how many usable and
	 * how many other entries cover the current point. A stretch is RAM
	 * when at least one usable entry and no other entry covers it.
	 */
	for (unsigned int i = 0; i < ne;) {
		u64 pos = events[i].pos;
		bool ram;

		for (; i < ne && events[i].pos == pos; i++) {
			usable += events[i].usable;
			other += events[i].other;
		}
		if (usable > 1 || (usable && other))
			st.overlaps++;
		ram = usable > 0 && other == 0;
		if (ram && !in_run) {
			run_start = pos;
			in_run = true;
		} else if (!ram && in_run) {
			cnt = emit_range(out, cnt, max_out, run_start, pos,
					 &st);
			in_run = false;
		}
	}
	if (stats)
		*stats = st;
	return cnt;
}

void memblock_init(void)
{
	memblock.memory.cnt = 0;
	memblock.memory.name = "memory";
	memblock.reserved.cnt = 0;
	memblock.reserved.name = "reserved";
	memblock.current_limit = ~(phys_addr_t)0;
}

static void remove_region(struct memblock_type *type, unsigned long i)
{
	memmove(&type->regions[i], &type->regions[i + 1],
		(type->cnt - i - 1) * sizeof(type->regions[0]));
	type->cnt--;
}

/*
 * Insert [base, base+size) into the sorted list @type, merging it with every
 * region it overlaps or touches.
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size)
{
	phys_addr_t end = base + size;
	unsigned long i = 0;

	if (size == 0)
		return 0;
	while (i < type->cnt &&
	       type->regions[i].base + type->regions[i].size < base)
		i++;
	/* Absorb every region that overlaps or touches the new one. */
	while (i < type->cnt && type->regions[i].base <= end) {
		struct memblock_region *r = &type->regions[i];

		base = min(base, r->base);
		end = max(end, r->base + r->size);
		remove_region(type, i);
	}
	if (type->cnt == MEMBLOCK_MAX_REGIONS) {
		pr_err("memblock: %s table full, dropping [%#llx-%#llx)\n",
		       type->name, (unsigned long long)base,
		       (unsigned long long)end);
		return -ENOSPC;
	}
	memmove(&type->regions[i + 1], &type->regions[i],
		(type->cnt - i) * sizeof(type->regions[0]));
	type->regions[i] = (struct memblock_region){ base, end - base };
	type->cnt++;
	return 0;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.reserved, base, size);
}

void memblock_remove(phys_addr_t base, phys_addr_t size)
{
	struct memblock_type *m = &memblock.memory;
	phys_addr_t end = base + size < base ? ~(phys_addr_t)0 : base + size;

	for (unsigned long i = m->cnt; i-- > 0;) {
		struct memblock_region *r = &m->regions[i];
		phys_addr_t r_end = r->base + r->size;

		if (r_end <= base || r->base >= end)
			continue;
		if (r->base >= base && r_end <= end) {
			remove_region(m, i);
		} else if (r->base < base && r_end > end) {
			/* A hole in the middle: the part above becomes a
			 * region of its own. */
			r->size = base - r->base;
			if (memblock_add_range(m, end, r_end - end))
				pr_err("memblock: lost [%#llx-%#llx) splitting a region\n",
				       (unsigned long long)end,
				       (unsigned long long)r_end);
		} else if (r->base < base) {
			r->size = base - r->base;
		} else {
			r->size = r_end - end;
			r->base = end;
		}
	}
}

void memblock_cap_memory(phys_addr_t limit)
{
	memblock_remove(limit, ~(phys_addr_t)0 - limit);
}

/* Add the sanitized ranges; a full table is reported with what it cost. */
static void memblock_add_ranges(const struct memblock_region *r, unsigned int n)
{
	phys_addr_t lost = 0;
	unsigned int failed = 0;

	for (unsigned int i = 0; i < n; i++)
		if (memblock_add(r[i].base, r[i].size)) {
			lost += r[i].size;
			failed++;
		}
	if (failed)
		pr_err("memblock: %u usable ranges (%llu KiB) left out: the table holds %d\n",
		       failed, (unsigned long long)lost >> 10,
		       MEMBLOCK_MAX_REGIONS);
}

void memblock_setup_ram(const struct memmap_entry *map, unsigned int n,
			const char *source, phys_addr_t limit)
{
	static struct memblock_region ranges[MEMBLOCK_MAX_REGIONS];
	struct memmap_sanitize_stats st;
	unsigned int cnt;

	memblock_init();
	cnt = memmap_sanitize(map, n, ranges, MEMBLOCK_MAX_REGIONS, &st);
	pr_info("memmap: %u usable ranges from the %s (%u overlaps, %u trimmed, %u empty, %u overflowing entries fixed)\n",
		cnt, source, st.overlaps, st.trimmed, st.dropped_empty,
		st.dropped_overflow);
	if (st.beyond_limit)
		pr_warn("memmap: %u usable entries reach above %llu TiB, beyond the direct map: RAM there is not used\n",
			st.beyond_limit,
			(unsigned long long)(1ULL << MAX_PHYSMEM_BITS) >> 40);
	if (st.truncated)
		pr_err("memmap: %u entries or ranges beyond the table size (%d) not used\n",
		       st.truncated, MEMMAP_MAX_INPUT);
	memblock_add_ranges(ranges, cnt);
	if (limit) {
		pr_info("mem=%lluK: ignoring RAM at or above %#llx\n",
			(unsigned long long)limit >> 10,
			(unsigned long long)limit);
		memblock_cap_memory(limit);
	}
	mm_trim_zone_slivers();
	if (memblock_reserve(0, 1 << 20))
		panic("memblock: cannot reserve the first MiB");
}

bool __next_free_mem_range(u64 *idx, phys_addr_t *out_start,
			   phys_addr_t *out_end)
{
	struct memblock_type *m = &memblock.memory, *r = &memblock.reserved;
	unsigned long mi = (unsigned long)(*idx & 0xffffffff);
	unsigned long ri = (unsigned long)(*idx >> 32);

	/*
	 * Walk memory regions (mi) against the gaps between reserved regions
	 * (ri: gap ri lies before reserved region ri), both sorted, as a merge.
	 */
	while (mi < m->cnt && ri <= r->cnt) {
		phys_addr_t m_start = m->regions[mi].base;
		phys_addr_t m_end = m_start + m->regions[mi].size;
		phys_addr_t g_start =
			ri ? r->regions[ri - 1].base + r->regions[ri - 1].size
			   : 0;
		phys_addr_t g_end =
			ri < r->cnt ? r->regions[ri].base : ~(phys_addr_t)0;
		phys_addr_t s = max(m_start, g_start), e = min(m_end, g_end);

		if (m_end <= g_end)
			mi++;
		else
			ri++;
		if (s < e) {
			*idx = (u64)mi | ((u64)ri << 32);
			*out_start = s;
			*out_end = e;
			return true;
		}
	}
	return false;
}

phys_addr_t memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t start, end, found = 0;
	u64 i;

	size = ALIGN(size, PAGE_SIZE);
	/* Top-down: the highest fit, keeping low (DMA) memory for later. */
	for_each_free_mem_range(i, start, end) {
		phys_addr_t top = min(end, memblock.current_limit), cand;

		if (top < size || top - size < start)
			continue;
		cand = ALIGN_DOWN(top - size, align);
		if (cand >= start && cand > found)
			found = cand;
	}
	if (!found || memblock_reserve(found, size))
		return 0;
	memset(__va(found), 0, size);
	return found;
}

static phys_addr_t total_size(const struct memblock_type *type)
{
	phys_addr_t sum = 0;

	for (unsigned long i = 0; i < type->cnt; i++)
		sum += type->regions[i].size;
	return sum;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return total_size(&memblock.memory);
}

phys_addr_t memblock_reserved_size(void)
{
	return total_size(&memblock.reserved);
}

phys_addr_t memblock_free_size(void)
{
	phys_addr_t start, end, sum = 0;
	u64 i;

	for_each_free_mem_range(i, start, end)
		sum += end - start;
	return sum;
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *m = &memblock.memory;

	return m->cnt ? m->regions[m->cnt - 1].base +
				m->regions[m->cnt - 1].size
		      : 0;
}

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *m = &memblock.memory;

	for (unsigned long i = 0; i < m->cnt; i++)
		if (base >= m->regions[i].base &&
		    base + size <= m->regions[i].base + m->regions[i].size)
			return true;
	return false;
}

bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *r = &memblock.reserved;

	for (unsigned long i = 0; i < r->cnt; i++)
		if (base < r->regions[i].base + r->regions[i].size &&
		    r->regions[i].base < base + size)
			return true;
	return false;
}
