/*
 * Host tests: zones and struct pages set up from crafted memory maps
 * through the real boot path (memblock, mm_init.c, the buddy allocator).
 */
#include <string.h>

#include "host.h"
#include "lib.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static struct zone *zone_of(enum zone_type t)
{
	return &NODE_DATA(0)->node_zones[t];
}

static int reset(void **state)
{
	(void)state;
	movablecore_bytes = 0;
	host_log_clear();
	return 0;
}

/* Invariants of every boot: sizes agree, free pages match, lists check. */
static void assert_sane_zones(void)
{
	unsigned long present = 0;
	struct zone *z;

	drain_all_pages(NULL);
	for_each_zone(z) {
		if (!populated_zone(z)) {
			assert_int_equal(z->managed_pages, 0);
			continue;
		}
		assert_true(z->spanned_pages >= z->present_pages);
		assert_true(z->present_pages >= z->managed_pages);
		assert_int_equal(zone_page_state(z, NR_FREE_PAGES),
				 z->managed_pages);
		assert_int_equal(check_zone_free_areas(z), 0);
		present += z->present_pages;
	}
	assert_int_equal(present, NODE_DATA(0)->node_present_pages);
}

/* Pages in [start, end) of the physical address space are holes. */
static void assert_hole(u64 start, u64 end)
{
	for (unsigned long pfn = PFN_DOWN(start); pfn < PFN_DOWN(end); pfn++) {
		if (!pfn_valid(pfn))
			continue;
		assert_true(PageReserved(pfn_to_page(pfn)));
		assert_true(PageHole(pfn_to_page(pfn)));
	}
}

static void test_first_mib_reserved(void **state)
{
	(void)state;
	host_boot_simple(64);
	for (unsigned long pfn = 0; pfn < PFN_DOWN(MiB); pfn++) {
		assert_true(PageReserved(pfn_to_page(pfn)));
		assert_false(PageBuddy(pfn_to_page(pfn)));
	}
	/* RAM below 0x9f000 is not a hole; the BIOS area above it is. */
	assert_false(PageHole(pfn_to_page(0x10)));
	assert_hole(0x9f000, 0x100000);
	assert_int_equal(zone_of(ZONE_DMA)->zone_start_pfn, 0);
	assert_int_equal(zone_of(ZONE_DMA)->spanned_pages, PFN_DOWN(16 * MiB));
	assert_int_equal(zone_of(ZONE_DMA)->present_pages,
			 0x9f + PFN_DOWN(15 * MiB));
	assert_int_equal(zone_of(ZONE_DMA32)->zone_start_pfn,
			 PFN_DOWN(16 * MiB));
	assert_sane_zones();
}

static void test_overlapping_unaligned_and_empty(void **state)
{
	const struct memmap_entry map[] = {
		{ 0x100000, 64 * MiB, MEMMAP_USABLE },
		{ 0x800000, 16 * MiB, MEMMAP_USABLE },	  /* inside the first */
		{ 0x2000000, 0x200000, MEMMAP_RESERVED }, /* punches a hole */
		{ 0x3000123, 0x2000, MEMMAP_ACPI_NVS },	  /* unaligned hole */
		{ 0x4100000, 0, MEMMAP_USABLE },	  /* zero length */
		{ 0x4200800, 0x10000, MEMMAP_USABLE }, /* beyond, unaligned */
	};
	struct zone *dma32;

	(void)state;
	host_mem_init(128 * MiB);
	host_boot(map, ARRAY_SIZE(map));
	dma32 = zone_of(ZONE_DMA32);
	assert_hole(0x2000000, 0x2200000);
	assert_hole(0x3000000, 0x3003000);
	assert_false(PageHole(pfn_to_page(PFN_DOWN(0x3003000))));
	/* [0x4200800, 0x4210800) keeps its whole pages only. */
	assert_hole(0x4100000, 0x4201000);
	assert_false(PageReserved(pfn_to_page(PFN_DOWN(0x4201000))));
	assert_int_equal(zone_end_pfn(dma32), PFN_DOWN(0x4210000));
	assert_int_equal(dma32->present_pages,
			 PFN_DOWN(0x4100000 - 16 * MiB) - 512 - 3 + 15);
	assert_sane_zones();
}

static void test_only_above_4g(void **state)
{
	const struct memmap_entry map[] = {
		{ 4 * GiB, 64 * MiB, MEMMAP_USABLE },
		{ 0xfd00000000ULL, 0x300000000ULL, MEMMAP_RESERVED },
	};
	struct page *page;

	(void)state;
	host_mem_init(4 * GiB + 64 * MiB);
	host_boot(map, ARRAY_SIZE(map));
	assert_false(populated_zone(zone_of(ZONE_DMA)));
	assert_false(populated_zone(zone_of(ZONE_DMA32)));
	assert_int_equal(zone_of(ZONE_NORMAL)->zone_start_pfn,
			 PFN_DOWN(4 * GiB));
	assert_int_equal(zone_of(ZONE_NORMAL)->spanned_pages,
			 PFN_DOWN(64 * MiB));
	assert_int_equal(max_pfn, PFN_DOWN(4 * GiB + 64 * MiB));
	page = alloc_page(GFP_KERNEL);
	assert_non_null(page);
	assert_int_equal(page_zonenum(page), ZONE_NORMAL);
	__free_page(page);
	/* No DMA memory: the request fails cleanly. */
	assert_null(alloc_page(GFP_DMA | __GFP_NOWARN));
	assert_null(alloc_page(GFP_DMA32 | __GFP_NOWARN));
	assert_sane_zones();
}

static void test_qemu_1tib_reserved_entry(void **state)
{
	/* QEMU's map of a 128 MiB PC, with the 1 TiB HyperTransport hole. */
	const struct memmap_entry map[] = {
		{ 0x0, 0x9fc00, MEMMAP_USABLE },
		{ 0x9fc00, 0x400, MEMMAP_RESERVED },
		{ 0xf0000, 0x10000, MEMMAP_RESERVED },
		{ 0x100000, 0x7ee0000, MEMMAP_USABLE },
		{ 0x7fe0000, 0x20000, MEMMAP_RESERVED },
		{ 0xfffc0000, 0x40000, MEMMAP_RESERVED },
		{ 0xfd00000000ULL, 0x300000000ULL, MEMMAP_RESERVED },
	};

	(void)state;
	host_mem_init(128 * MiB); /* sizing from 1 TiB would run off this */
	host_boot(map, ARRAY_SIZE(map));
	assert_int_equal(max_pfn, PFN_DOWN(0x7fe0000));
	assert_int_equal(zone_end_pfn(zone_of(ZONE_DMA32)), max_pfn);
	assert_false(populated_zone(zone_of(ZONE_NORMAL)));
	assert_sane_zones();
}

static void test_hundreds_of_entries(void **state)
{
	static struct memmap_entry map[401];
	unsigned long present = 0;

	(void)state;
	/* 200 usable 64 KiB pieces with reserved gaps, then 32 MiB of RAM. */
	for (unsigned int i = 0; i < 400; i++)
		map[i] = (struct memmap_entry){ 0x100000 + i * 0x10000ULL,
						0x10000,
						i % 2 ? MEMMAP_RESERVED
						      : MEMMAP_USABLE };
	map[400] = (struct memmap_entry){ 32 * MiB, 32 * MiB, MEMMAP_USABLE };
	host_mem_init(64 * MiB);
	host_boot(map, ARRAY_SIZE(map));
	for (unsigned int i = 0; i < 400; i += 2)
		assert_false(PageHole(pfn_to_page(PFN_DOWN(map[i].base))));
	for (unsigned int i = 1; i < 400; i += 2)
		assert_hole(map[i].base, map[i].base + map[i].length);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		present += zone_of((enum zone_type)z)->present_pages;
	assert_int_equal(present, 200 * 16 + PFN_DOWN(32 * MiB));
	assert_sane_zones();
}

static void boot_empty(void *arg)
{
	(void)arg;
	host_mem_init(16 * MiB);
	host_boot(NULL, 0);
}

static void test_empty_map_panics(void **state)
{
	(void)state;
	assert_true(host_catch_panic(boot_empty, NULL));
	assert_non_null(strstr(host_panic_msg, "not enough memory"));
}

static void test_movablecore(void **state)
{
	struct zone *dma32, *movable;

	(void)state;
	movablecore_bytes = 32 * MiB;
	host_boot_simple(128);
	dma32 = zone_of(ZONE_DMA32);
	movable = zone_of(ZONE_MOVABLE);
	assert_true(populated_zone(movable));
	assert_int_equal(movable->zone_start_pfn, PFN_DOWN(96 * MiB));
	assert_int_equal(movable->spanned_pages, PFN_DOWN(32 * MiB));
	assert_int_equal(movable->present_pages, PFN_DOWN(32 * MiB));
	assert_int_equal(zone_end_pfn(dma32), PFN_DOWN(96 * MiB));
	assert_true(IS_ALIGNED(movable->zone_start_pfn, MAX_ORDER_NR_PAGES));
	/* Every pfn knows its zone. */
	assert_int_equal(page_zonenum(pfn_to_page(PFN_DOWN(96 * MiB))),
			 ZONE_MOVABLE);
	assert_int_equal(page_zonenum(pfn_to_page(PFN_DOWN(96 * MiB) - 1)),
			 ZONE_DMA32);
	assert_sane_zones();
	movablecore_bytes = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_first_mib_reserved, reset),
		cmocka_unit_test_setup(test_overlapping_unaligned_and_empty,
				       reset),
		cmocka_unit_test_setup(test_only_above_4g, reset),
		cmocka_unit_test_setup(test_qemu_1tib_reserved_entry, reset),
		cmocka_unit_test_setup(test_hundreds_of_entries, reset),
		cmocka_unit_test_setup(test_empty_map_panics, reset),
		cmocka_unit_test_setup(test_movablecore, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
