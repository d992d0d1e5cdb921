/*
 * memblock: the boot-time memory map and early allocator.
 *
 * Firmware hands us a list of (base, length, type) entries that may overlap,
 * be unaligned, empty or out of order. memmap_sanitize() turns them into
 * sorted, disjoint, page-aligned ranges of usable RAM. memblock keeps two
 * lists of ranges: "memory" (all usable RAM) and "reserved" (what is already
 * used: the kernel image, boot data, early allocations). Free memory is
 * memory minus reserved; at the end of boot it all goes to the buddy
 * allocator.
 */
#ifndef _MM_MEMBLOCK_H
#define _MM_MEMBLOCK_H

#include "types.h"

/* Firmware memory types (multiboot2 and e820 share the numbering). */
enum memmap_type {
	MEMMAP_USABLE = 1,
	MEMMAP_RESERVED = 2,
	MEMMAP_ACPI_RECLAIMABLE = 3,
	MEMMAP_ACPI_NVS = 4,
	MEMMAP_BAD = 5,
};

struct memmap_entry {
	u64 base;
	u64 length;
	u32 type;
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

#define MEMBLOCK_MAX_REGIONS 1024

struct memblock_type {
	unsigned long cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
	const char *name;
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
	/* Early allocations come from below this address. */
	phys_addr_t current_limit;
};

extern struct memblock memblock;

/* Counters of what memmap_sanitize() had to repair, for tests and the log. */
struct memmap_sanitize_stats {
	unsigned int dropped_empty;    /* zero-length entries */
	unsigned int dropped_overflow; /* base + length wraps past 2^64 */
	unsigned int beyond_limit;     /* usable entries cut at 2^46 (64 TiB) */
	unsigned int overlaps;	       /* usable entries overlapped by others */
	unsigned int trimmed;	       /* ranges trimmed to whole pages */
	unsigned int truncated;	       /* input entries beyond the table size */
};

#define MEMMAP_MAX_INPUT 1024

/**
 * memmap_sanitize - turn a firmware memory map into usable RAM ranges
 * @in: the entries as firmware gave them
 * @n: number of entries
 * @out: receives sorted, disjoint, page-aligned usable ranges
 * @max_out: room in @out
 * @stats: what was repaired (may be NULL)
 *
 * A byte is usable when some entry of type 1 covers it and no entry of any
 * other type does (reserved wins on overlap). Ranges are trimmed inward to
 * whole pages; empty results are dropped.
 *
 * Return: the number of ranges written to @out.
 */
unsigned int memmap_sanitize(const struct memmap_entry *in, unsigned int n,
			     struct memblock_region *out, unsigned int max_out,
			     struct memmap_sanitize_stats *stats);

/**
 * memblock_setup_ram - the usable RAM of a firmware map, as memblock.memory
 * @map: the entries as firmware gave them
 * @n: number of entries
 * @source: where @map came from, for the log
 * @limit: ignore RAM at or above this address (mem=), 0 for no limit
 *
 * Resets memblock, adds what memmap_sanitize() finds usable, applies
 * @limit, drops zones too small to manage (mm_trim_zone_slivers()) and
 * reserves the first MiB (real-mode data, BIOS areas, page 0). Every
 * repair, cut and failure is logged.
 */
void memblock_setup_ram(const struct memmap_entry *map, unsigned int n,
			const char *source, phys_addr_t limit);

/* Reset memblock to empty (boot, and each host test). */
void memblock_init(void);
/* Add usable RAM / mark a range used. Ranges may overlap existing ones.
 * Return 0, or -ENOSPC when the region table is full. */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
/* Forget RAM at or above @limit (the mem= boot parameter). */
void memblock_cap_memory(phys_addr_t limit);
/* Forget the RAM in [base, base+size): it is no longer memory. */
void memblock_remove(phys_addr_t base, phys_addr_t size);

/**
 * memblock_alloc - allocate zeroed boot memory
 * @size: bytes
 * @align: power of two
 *
 * Takes the highest free range below memblock.current_limit that fits.
 * Return: the physical address, or 0 if nothing fits.
 */
phys_addr_t memblock_alloc(phys_addr_t size, phys_addr_t align);

phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
/* Bytes of memory not reserved. */
phys_addr_t memblock_free_size(void);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
/* True if [base, base+size) lies inside one memory region. */
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
/* True if any byte of [base, base+size) is reserved. */
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);

/**
 * for_each_free_mem_range - walk memory minus reserved, in address order
 * @i: u64 iterator state, start at 0
 * @start, @end: phys_addr_t out: the next free range
 */
bool __next_free_mem_range(u64 *i, phys_addr_t *start, phys_addr_t *end);
#define for_each_free_mem_range(i, start, end) \
	for (i = 0; __next_free_mem_range(&i, &start, &end);)

#define for_each_mem_region(rgn)            \
	for (rgn = memblock.memory.regions; \
	     rgn < memblock.memory.regions + memblock.memory.cnt; rgn++)

#endif
