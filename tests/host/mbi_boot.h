/*
 * Building multiboot2 information (MBI) in memory and booting mm/ on it the
 * way the kernel does (parse, memblock_setup_ram, reservations, zones, the
 * buddy allocator), then checking what came out. Shared by the crafted-map
 * tests (test_multiboot.c) and the fuzzer (tests/fuzz/fuzz_mbi.c).
 */
#ifndef _TESTS_HOST_MBI_BOOT_H
#define _TESTS_HOST_MBI_BOOT_H

#include <string.h>

#include "arch/x86_64/bootinfo.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

/* Where the MBI sits in simulated memory: inside the reserved first MiB. */
#define MBI_PA 0x10000UL
#define MBI_MAX (64 * 1024)

/* The kernel's setup_arch() part: parse, memblock, reservations. */
static inline void mbi_boot_memblock(phys_addr_t limit)
{
	multiboot2_parse(MBI_PA);
	memblock_setup_ram(boot_info.map, boot_info.map_nr,
			   boot_info.map_source, limit);
	boot_info_reserve();
	mm_check_minimum_memory();
}

/* The rest: zones, struct pages, the buddy allocator. */
static inline void mbi_boot_zones(void)
{
	free_area_init();
	memblock_free_all();
}

/*
 * Boot the MBI at MBI_PA of simulated memory, RAM capped at @limit (mem=,
 * 0 for none). Panics where the kernel would: no memory map, or less than
 * MIN_FREE_MEMORY (host_catch_panic() catches it).
 */
static inline void mbi_boot(phys_addr_t limit)
{
	mbi_boot_memblock(limit);
	mbi_boot_zones();
}

/*
 * Every present page of @z is reserved (boot modules or the kernel cover
 * it): then the zone rightly has nothing to manage.
 */
static inline bool zone_all_reserved(struct zone *z)
{
	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z);
	     pfn++)
		if (pfn_valid(pfn) && !PageReserved(pfn_to_page(pfn)))
			return false;
	return true;
}

/*
 * The invariants every boot must give. Returns NULL, or the first one that
 * is broken.
 */
static inline const char *mbi_check_zones(void)
{
	unsigned long present = 0, last_end = 0;
	struct zone *z;

	drain_all_pages(NULL);
	for_each_zone(z) {
		if (!populated_zone(z)) {
			if (z->managed_pages)
				return "an empty zone manages pages";
			continue;
		}
		if (z->zone_start_pfn < last_end)
			return "zones overlap";
		if (zone_end_pfn(z) > max_pfn)
			return "a zone ends above max_pfn";
		if (z->present_pages > z->spanned_pages ||
		    z->managed_pages > z->present_pages)
			return "spanned >= present >= managed broken";
		if (!z->managed_pages && !zone_all_reserved(z))
			return "a populated zone has nothing to manage";
		if (zone_page_state(z, NR_FREE_PAGES) != z->managed_pages)
			return "free pages differ from managed pages";
		if (check_zone_free_areas(z))
			return "free lists inconsistent";
		for (unsigned long pfn = z->zone_start_pfn;
		     pfn < zone_end_pfn(z); pfn += 61)
			if (pfn_valid(pfn) &&
			    page_zonenum(pfn_to_page(pfn)) != z->type)
				return "a page's zone id differs from its zone";
		present += z->present_pages;
		last_end = zone_end_pfn(z);
	}
	if (present != NODE_DATA(0)->node_present_pages)
		return "zone present pages do not add up to the node's";
	if (present != PFN_DOWN(memblock_phys_mem_size()))
		return "present pages differ from memblock's RAM";
	return NULL;
}

#endif
