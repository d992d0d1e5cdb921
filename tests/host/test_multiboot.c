/*
 * Host tests: multiboot2 information crafted byte by byte, parsed by the
 * kernel's own arch/x86_64/multiboot2.c and booted through memblock, the
 * zones and the buddy allocator; each test checks the zones that result.
 */
#include "host.h"
#include "kerrno.h"
#include "lib.h"
#include "mbi_boot.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define TiB (1ULL << 40)

/* --- building an MBI ------------------------------------------------------ */

static u8 mbi[MBI_MAX] __attribute__((aligned(8)));
static u32 mbi_len;

static void mbi_begin(void)
{
	memset(mbi, 0, sizeof(mbi));
	mbi_len = 8;
}

/* Append a tag of @size bytes (header included); return its start. */
static u8 *mbi_tag(u32 type, u32 size)
{
	u8 *t = mbi + mbi_len;

	memcpy(t, &type, 4);
	memcpy(t + 4, &size, 4);
	mbi_len += ALIGN(size, 8);
	assert_true(mbi_len <= MBI_MAX);
	return t;
}

static void mbi_string(u32 type, const char *s)
{
	u8 *t = mbi_tag(type, 8 + strlen(s) + 1);

	memcpy(t + 8, s, strlen(s) + 1);
}

/* A map tag (6 or 17) for @n entries of @esize bytes; returns the first. */
static u8 *mbi_map_tag(u32 type, unsigned int n, u32 esize, u32 version)
{
	u8 *t = mbi_tag(type, 16 + n * esize);

	memcpy(t + 8, &esize, 4);
	memcpy(t + 12, &version, 4);
	return t + 16;
}

/* A type-6 map with @esize-byte entries. */
static void mbi_mmap_sized(const struct memmap_entry *e, unsigned int n,
			   u32 esize)
{
	u8 *t = mbi_map_tag(6, n, esize, 0);

	for (unsigned int i = 0; i < n; i++) {
		u8 *p = t + i * esize;

		memcpy(p, &e[i].base, 8);
		memcpy(p + 8, &e[i].length, 8);
		memcpy(p + 16, &e[i].type, 4);
	}
}

static void mbi_mmap(const struct memmap_entry *e, unsigned int n)
{
	mbi_mmap_sized(e, n, 24);
}

/* A type-17 EFI map: (EFI type, start, pages) per descriptor. */
struct efi_desc {
	u32 type;
	u64 start, pages;
};

static void mbi_efi(const struct efi_desc *d, unsigned int n, u32 dsize)
{
	u8 *t = mbi_map_tag(17, n, dsize, 1);

	for (unsigned int i = 0; i < n; i++) {
		u8 *p = t + i * dsize;

		memcpy(p, &d[i].type, 4);
		memcpy(p + 8, &d[i].start, 8);
		memcpy(p + 24, &d[i].pages, 8);
	}
}

static void mbi_module(u32 start, u32 end, const char *name)
{
	u8 *t = mbi_tag(3, 16 + strlen(name) + 1);

	memcpy(t + 8, &start, 4);
	memcpy(t + 12, &end, 4);
	memcpy(t + 16, name, strlen(name) + 1);
}

/* End tag, total size, and the MBI copied to MBI_PA. */
static void mbi_finish(void)
{
	mbi_tag(0, 8);
	memcpy(mbi, &mbi_len, 4);
	memcpy(__va(MBI_PA), mbi, mbi_len);
}

/* --- booting and checking --------------------------------------------------- */

static phys_addr_t boot_limit;

static void boot_fn(void *arg)
{
	(void)arg;
	mbi_boot(boot_limit);
}

/* Boot the MBI built so far on @ram bytes of simulated memory. */
static void boot(u64 ram)
{
	host_mem_init(ram);
	mbi_finish();
	boot_limit = 0;
	if (host_catch_panic(boot_fn, NULL))
		fail_msg("panic: %s", host_panic_msg);
	assert_null(mbi_check_zones());
}

static void boot_expect_panic(u64 ram, const char *msg)
{
	host_mem_init(ram);
	mbi_finish();
	boot_limit = 0;
	assert_true(host_catch_panic(boot_fn, NULL));
	assert_non_null(strstr(host_panic_msg, msg));
}

static struct zone *zone(enum zone_type t)
{
	return &NODE_DATA(0)->node_zones[t];
}

static bool logged(const char *s)
{
	return strstr(host_log(), s) != NULL;
}

static int setup(void **state)
{
	(void)state;
	movablecore_bytes = 0;
	host_log_clear();
	mbi_begin();
	return 0;
}

/* RAM from 1 MiB to @mib MiB plus the low 640 KiB, as QEMU gives it. */
static void pc_map(unsigned long mib)
{
	const struct memmap_entry map[] = {
		{ 0, 0x9fc00, 1 },
		{ 0x9fc00, 0x400, 2 },
		{ 0xf0000, 0x10000, 2 },
		{ MiB, (mib - 1) * MiB, 1 },
	};

	mbi_mmap(map, ARRAY_SIZE(map));
}

/* --- the maps ----------------------------------------------------------------- */

static void test_plain_pc(void **state)
{
	(void)state;
	pc_map(64);
	boot(64 * MiB);
	assert_int_equal(zone(ZONE_DMA)->present_pages, 0x9f + 15 * 256);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, 48 * 256);
	assert_int_equal(boot_info.bad_tags, 0);
}

static void test_overlapping_entries(void **state)
{
	const struct memmap_entry map[] = {
		{ MiB, 63 * MiB, 1 },
		{ 8 * MiB, 16 * MiB, 1 },  /* inside the first */
		{ 32 * MiB, 2 * MiB, 2 },  /* punches a hole */
		{ 40 * MiB, 40 * MiB, 1 }, /* runs past the first */
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(80 * MiB);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, (64 - 2) * 256);
	assert_int_equal(zone_end_pfn(zone(ZONE_DMA32)), PFN_DOWN(80 * MiB));
	assert_true(logged("overlaps"));
}

static void test_reserved_overlaps_usable_both_orders(void **state)
{
	const struct memmap_entry map[] = {
		{ 20 * MiB, 4 * MiB, 2 },
		{ MiB, 47 * MiB, 1 },
		{ 44 * MiB, 8 * MiB, 4 }, /* NVS over the end */
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(48 * MiB);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, (44 - 16 - 4) * 256);
	assert_int_equal(zone_end_pfn(zone(ZONE_DMA32)), PFN_DOWN(44 * MiB));
}

static void test_unsorted_entries(void **state)
{
	const struct memmap_entry map[] = {
		{ 48 * MiB, 16 * MiB, 1 },
		{ 16 * MiB, 16 * MiB, 1 },
		{ MiB, 15 * MiB, 1 },
		{ 32 * MiB, 16 * MiB, 1 },
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(64 * MiB);
	assert_int_equal(memblock.memory.cnt, 1);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, 48 * 256);
}

static void test_zero_length_entries(void **state)
{
	const struct memmap_entry map[] = {
		{ 0, 0, 1 },
		{ MiB, 63 * MiB, 1 },
		{ 70 * MiB, 0, 1 },
		{ 32 * MiB, 0, 2 },
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(64 * MiB);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, 48 * 256);
	assert_int_equal(max_pfn, PFN_DOWN(64 * MiB));
	assert_true(logged("3 empty"));
}

static void test_unaligned_entries(void **state)
{
	const struct memmap_entry map[] = {
		{ MiB + 0x123, 31 * MiB, 1 },	   /* start rounds up */
		{ 32 * MiB, 16 * MiB + 0x7ff, 1 }, /* end rounds down */
		{ 50 * MiB + 1, 0xffe, 1 },	   /* less than a page: gone */
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(64 * MiB);
	assert_int_equal(memblock.memory.regions[0].base, MiB + PAGE_SIZE);
	assert_int_equal(memblock_end_of_DRAM(), 48 * MiB);
	assert_int_equal(zone(ZONE_DMA)->present_pages, 15 * 256 - 1);
}

static void test_unaligned_reserved_hole_widens(void **state)
{
	const struct memmap_entry map[] = {
		{ MiB, 63 * MiB, 1 },
		{ 30 * MiB + 1, 10, 2 }, /* takes the whole page */
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(64 * MiB);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, 48 * 256 - 1);
	assert_true(PageHole(pfn_to_page(PFN_DOWN(30 * MiB))));
}

static void test_ram_above_64tib_ignored(void **state)
{
	const struct memmap_entry map[] = {
		{ MiB, 63 * MiB, 1 },
		{ 65 * TiB, GiB, 1 },
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(64 * MiB);
	assert_int_equal(max_pfn, PFN_DOWN(64 * MiB));
	assert_false(populated_zone(zone(ZONE_NORMAL)));
	assert_true(logged("beyond the direct map"));
}

static void test_ram_above_2_52_ignored(void **state)
{
	const struct memmap_entry map[] = {
		{ MiB, 63 * MiB, 1 },
		{ 1ULL << 52, 1ULL << 40, 1 },
		{ (1ULL << 63) + GiB, GiB, 1 },
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(64 * MiB);
	assert_int_equal(memblock_end_of_DRAM(), 64 * MiB);
	assert_true(logged("2 usable entries reach above 64 TiB"));
}

static void test_ram_wrapping_past_2_64_dropped(void **state)
{
	const struct memmap_entry map[] = {
		{ MiB, 63 * MiB, 1 },
		{ 0xffffffffffff0000ULL, 0x20000, 1 },
		{ 0xfffffffffffff000ULL, ~0ULL, 2 },
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(64 * MiB);
	assert_int_equal(memblock_end_of_DRAM(), 64 * MiB);
	assert_true(logged("2 overflowing entries fixed"));
}

static void test_reserved_wrapping_does_not_hide_ram(void **state)
{
	const struct memmap_entry map[] = {
		{ 0x8000000000000000ULL, 0x8000000000001000ULL, 2 },
		{ MiB, 63 * MiB, 1 },
	};

	(void)state;
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(64 * MiB);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, 48 * 256);
}

static void test_only_efi_map(void **state)
{
	const struct efi_desc d[] = {
		{ 7, 0, 0x9f },		   /* conventional */
		{ 0, 0x9f000, 0x61 },	   /* reserved */
		{ 2, MiB, 15 * 256 },	   /* loader data: free later */
		{ 4, 16 * MiB, 16 * 256 }, /* boot services data */
		{ 7, 32 * MiB, 32 * 256 },
		{ 10, 64 * MiB, 256 }, /* ACPI NVS */
		{ 6, 65 * MiB, 256 },  /* runtime data */
	};

	(void)state;
	mbi_efi(d, ARRAY_SIZE(d), 48);
	boot(66 * MiB);
	assert_string_equal(boot_info.map_source, "EFI memory map (tag 17)");
	assert_int_equal(memblock_end_of_DRAM(), 64 * MiB);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, 48 * 256);
}

static void test_efi_map_is_only_a_fallback(void **state)
{
	const struct efi_desc d[] = { { 7, 0, 1024 * 256 } };

	(void)state;
	pc_map(64);
	mbi_efi(d, 1, 40);
	boot(64 * MiB);
	assert_string_equal(boot_info.map_source,
			    "multiboot2 memory map (tag 6)");
	assert_int_equal(boot_info.efi_map_nr, 1);
	assert_int_equal(memblock_end_of_DRAM(), 64 * MiB);
}

static void test_efi_num_pages_overflow_skipped(void **state)
{
	const struct efi_desc d[] = {
		{ 7, MiB, 63 * 256 },
		{ 7, 128 * MiB, 1ULL << 60 }, /* << 12 would wrap */
	};

	(void)state;
	mbi_efi(d, ARRAY_SIZE(d), 48);
	boot(64 * MiB);
	assert_int_equal(boot_info.map_nr, 1);
	assert_int_equal(memblock_end_of_DRAM(), 64 * MiB);
	assert_true(logged("more than 64 bits can address"));
}

static void test_efi_descriptor_too_small(void **state)
{
	const struct efi_desc d[] = { { 7, MiB, 63 * 256 } };

	(void)state;
	pc_map(32);
	mbi_efi(d, 1, 32); /* 32 < 40 bytes */
	boot(32 * MiB);
	assert_int_equal(boot_info.bad_tags, 1);
	assert_true(logged("bad tag (type 17"));
}

static void test_no_memory_tag_panics_clearly(void **state)
{
	(void)state;
	mbi_string(1, "loglevel=3");
	boot_expect_panic(64 * MiB, "gave no memory map");
}

static void test_bad_mmap_only_panics_clearly(void **state)
{
	const struct memmap_entry map[] = { { MiB, 63 * MiB, 1 } };

	(void)state;
	mbi_mmap_sized(map, 1, 16); /* entries of 16 bytes: too small */
	boot_expect_panic(64 * MiB, "gave no memory map");
	assert_true(logged("entries too small"));
}

static void test_1000_entries(void **state)
{
	static struct memmap_entry map[1000];

	(void)state;
	/* 500 usable 60 KiB pieces with 4 KiB reserved between, reversed. */
	for (unsigned int i = 0; i < 1000; i++) {
		unsigned int j = 999 - i;
		u64 base = 2 * MiB + (u64)(j / 2) * 64 * 1024;

		map[i] = j % 2 ? (struct memmap_entry){ base + 60 * 1024,
							4 * 1024, 2 }
			       : (struct memmap_entry){ base, 60 * 1024, 1 };
	}
	map[0] = (struct memmap_entry){ 40 * MiB, 24 * MiB, 1 };
	mbi_mmap(map, 1000);
	boot(64 * MiB);
	assert_int_equal(boot_info.map_nr, 1000);
	assert_int_equal(memblock.memory.cnt, 501);
	assert_int_equal(zone(ZONE_DMA)->present_pages,
			 PFN_DOWN(14 * MiB) / 16 * 15);
}

static void test_more_entries_than_the_table(void **state)
{
	static struct memmap_entry map[MEMMAP_MAX_INPUT + 20];

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(map); i++)
		map[i] =
			(struct memmap_entry){ MiB + i * 0x8000ULL, 0x4000, 1 };
	map[0] = (struct memmap_entry){ 48 * MiB, 16 * MiB, 1 };
	mbi_mmap(map, ARRAY_SIZE(map));
	boot(64 * MiB);
	assert_int_equal(boot_info.map_dropped, 20);
	assert_true(logged("20 ignored"));
}

static void test_ram_only_below_1mib_panics_clearly(void **state)
{
	const struct memmap_entry map[] = { { 0, 0x9fc00, 1 } };

	(void)state;
	mbi_mmap(map, 1);
	boot_expect_panic(MiB, "not enough memory");
}

static void test_ram_above_4g_only(void **state)
{
	const struct memmap_entry map[] = { { 4 * GiB, 64 * MiB, 1 } };

	(void)state;
	mbi_mmap(map, 1);
	boot(4 * GiB + 64 * MiB);
	assert_false(populated_zone(zone(ZONE_DMA)));
	assert_false(populated_zone(zone(ZONE_DMA32)));
	assert_int_equal(zone(ZONE_NORMAL)->present_pages, 64 * 256);
}

static void test_dma32_sliver_dropped(void **state)
{
	(void)state;
	pc_map(16);
	/* One page above 16 MiB, as mem=16781312 leaves it. */
	mbi_mmap((const struct memmap_entry[]){ { 16 * MiB, PAGE_SIZE, 1 } },
		 1);
	boot(17 * MiB);
	assert_false(populated_zone(zone(ZONE_DMA32)));
	assert_int_equal(memblock_end_of_DRAM(), 16 * MiB);
	assert_true(logged("zone DMA32 would hold only 4 KiB"));
}

static void test_normal_sliver_dropped(void **state)
{
	const struct memmap_entry map[] = { { 4 * GiB, 1 * MiB, 1 } };

	(void)state;
	pc_map(64);
	mbi_mmap(map, 1);
	boot(4 * GiB + MiB);
	assert_false(populated_zone(zone(ZONE_NORMAL)));
	assert_true(logged("zone Normal would hold only 1024 KiB"));
}

static void test_small_normal_zone_keeps_its_pages(void **state)
{
	/* 4 MiB above 4 GiB and 3 GiB below: the struct pages (48 MiB) go
	 * to DMA32, not to the top of memory. */
	const struct memmap_entry map[] = { { 4 * GiB, 4 * MiB, 1 } };

	(void)state;
	pc_map(3 * 1024);
	mbi_mmap(map, 1);
	boot(4 * GiB + 4 * MiB);
	assert_int_equal(zone(ZONE_NORMAL)->managed_pages, 4 * 256);
}

static void test_movablecore_one_byte(void **state)
{
	/* QEMU's 512 MiB: RAM ends 128 KiB short of a MAX_ORDER block. */
	const struct memmap_entry map[] = { { MiB, 511 * MiB - 0x20000, 1 } };

	(void)state;
	movablecore_bytes = 1;
	mbi_mmap(map, 1);
	boot(512 * MiB);
	assert_true(zone(ZONE_MOVABLE)->managed_pages >= MAX_ORDER_NR_PAGES);
	assert_int_equal(
		zone(ZONE_MOVABLE)->zone_start_pfn % MAX_ORDER_NR_PAGES, 0);
}

static void test_movablecore_everything(void **state)
{
	(void)state;
	movablecore_bytes = 4 * GiB;
	pc_map(64);
	boot(64 * MiB);
	assert_false(populated_zone(zone(ZONE_DMA32)));
	assert_true(zone(ZONE_MOVABLE)->managed_pages > 0);
	assert_true(logged("it all becomes ZONE_MOVABLE"));
}

static void test_mem_limit_cuts_map(void **state)
{
	(void)state;
	pc_map(64);
	host_mem_init(64 * MiB);
	mbi_finish();
	boot_limit = 40 * MiB;
	assert_false(host_catch_panic(boot_fn, NULL));
	assert_int_equal(memblock_end_of_DRAM(), 40 * MiB);
	assert_null(mbi_check_zones());
}

static void test_module_reserved(void **state)
{
	(void)state;
	pc_map(64);
	mbi_module(20 * MiB, 20 * MiB + 3 * PAGE_SIZE, "initrd");
	boot(64 * MiB);
	assert_int_equal(boot_info.nr_modules, 1);
	assert_true(PageReserved(pfn_to_page(PFN_DOWN(20 * MiB) + 2)));
	assert_false(PageReserved(pfn_to_page(PFN_DOWN(20 * MiB) + 3)));
}

static void test_module_ending_before_start_skipped(void **state)
{
	(void)state;
	pc_map(64);
	mbi_module(20 * MiB, 19 * MiB, "bad");
	boot(64 * MiB);
	assert_int_equal(boot_info.nr_modules, 0);
	assert_int_equal(boot_info.bad_tags, 1);
	assert_true(logged("module ends before it starts"));
}

static void test_module_string_outside_tag_skipped(void **state)
{
	u8 *t;

	(void)state;
	pc_map(64);
	t = mbi_tag(3, 20); /* start, end, 4 bytes of name, no NUL */
	memcpy(t + 8, (u32[]){ 20 * MiB, 21 * MiB }, 8);
	memcpy(t + 16, "abcd", 4);
	memset(t + 20, 'x', 4); /* padding that is not the tag's */
	boot(64 * MiB);
	assert_int_equal(boot_info.nr_modules, 0);
	assert_true(logged("module string not NUL-terminated"));
}

static void test_cmdline_unterminated_skipped(void **state)
{
	u8 *t;

	(void)state;
	t = mbi_tag(1, 12);
	memcpy(t + 8, "mem=", 4);
	pc_map(64);
	boot(64 * MiB);
	assert_string_equal(boot_info.cmdline, "");
	assert_int_equal(boot_info.bad_tags, 1);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, 48 * 256);
}

static void test_cmdline_too_long_cut_at_a_word(void **state)
{
	static char line[BOOT_CMDLINE_MAX + 100];

	(void)state;
	for (size_t i = 0; i + 1 < sizeof(line); i++)
		line[i] = i % 10 == 9 ? ' ' : 'a';
	mbi_string(1, line);
	pc_map(64);
	boot(64 * MiB);
	assert_true(strlen(boot_info.cmdline) < BOOT_CMDLINE_MAX);
	assert_int_equal(strlen(boot_info.cmdline) % 10, 9); /* whole words */
	assert_true(logged("Kernel command line too long"));
}

static void test_cmdline_second_source_appended(void **state)
{
	(void)state;
	mbi_string(1, "loglevel=3");
	pc_map(64);
	boot(64 * MiB);
	boot_cmdline_add("selftest mem=64M", 16, "fw_cfg");
	assert_string_equal(boot_info.cmdline, "loglevel=3 selftest mem=64M");
}

static void test_tag_past_the_end_stops_the_walk(void **state)
{
	u8 *t;

	(void)state;
	pc_map(64);
	t = mbi_tag(1, 16);
	memcpy(t + 4, (u32[]){ 0xfffffff0 }, 4); /* size far past the end */
	boot(64 * MiB);
	assert_int_equal(boot_info.bad_tags, 1);
	assert_true(logged("runs past the end"));
}

static void test_mmap_partial_trailing_entry(void **state)
{
	const struct memmap_entry map[] = { { MiB, 63 * MiB, 1 } };
	u8 *t;

	(void)state;
	mbi_mmap(map, 1);
	/* Grow the tag by 8 bytes: less than an entry. */
	t = mbi + 8;
	memcpy(t + 4, (u32[]){ 16 + 24 + 8 }, 4);
	mbi_len += 8;
	boot(64 * MiB);
	assert_int_equal(boot_info.map_nr, 1);
	assert_true(logged("bytes after the last whole entry ignored"));
}

static void test_mmap_wide_unaligned_entries(void **state)
{
	const struct memmap_entry map[] = {
		{ 0, 0x9fc00, 1 },
		{ MiB, 63 * MiB, 1 },
	};

	(void)state;
	mbi_mmap_sized(map, 2, 28); /* a newer, longer entry format */
	boot(64 * MiB);
	assert_int_equal(boot_info.map_nr, 2);
	assert_int_equal(zone(ZONE_DMA32)->present_pages, 48 * 256);
}

static void test_bad_total_size(void **state)
{
	(void)state;
	pc_map(64);
	mbi_finish();
	assert_int_equal(multiboot2_parse_info(mbi, 12, 0), -EINVAL);
	assert_int_equal(multiboot2_parse_info(mbi, mbi_len - 1, 0), -EINVAL);
	assert_int_equal(multiboot2_parse_info(mbi, mbi_len, 0), 0);
	assert_int_equal(boot_info.map_nr, 4);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup(fn, setup)
	const struct CMUnitTest tests[] = {
		T(test_plain_pc),
		T(test_overlapping_entries),
		T(test_reserved_overlaps_usable_both_orders),
		T(test_unsorted_entries),
		T(test_zero_length_entries),
		T(test_unaligned_entries),
		T(test_unaligned_reserved_hole_widens),
		T(test_ram_above_64tib_ignored),
		T(test_ram_above_2_52_ignored),
		T(test_ram_wrapping_past_2_64_dropped),
		T(test_reserved_wrapping_does_not_hide_ram),
		T(test_only_efi_map),
		T(test_efi_map_is_only_a_fallback),
		T(test_efi_num_pages_overflow_skipped),
		T(test_efi_descriptor_too_small),
		T(test_no_memory_tag_panics_clearly),
		T(test_bad_mmap_only_panics_clearly),
		T(test_1000_entries),
		T(test_more_entries_than_the_table),
		T(test_ram_only_below_1mib_panics_clearly),
		T(test_ram_above_4g_only),
		T(test_dma32_sliver_dropped),
		T(test_normal_sliver_dropped),
		T(test_small_normal_zone_keeps_its_pages),
		T(test_movablecore_one_byte),
		T(test_movablecore_everything),
		T(test_mem_limit_cuts_map),
		T(test_module_reserved),
		T(test_module_ending_before_start_skipped),
		T(test_module_string_outside_tag_skipped),
		T(test_cmdline_unterminated_skipped),
		T(test_cmdline_too_long_cut_at_a_word),
		T(test_cmdline_second_source_appended),
		T(test_tag_past_the_end_stops_the_walk),
		T(test_mmap_partial_trailing_entry),
		T(test_mmap_wide_unaligned_entries),
		T(test_bad_total_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
