/* Host tests: the memory-map sanitizer and the memblock early allocator. */
#include "host.h"
#include "lib.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static struct memblock_region out[MEMBLOCK_MAX_REGIONS];
static struct memmap_sanitize_stats st;

static unsigned int sanitize(const struct memmap_entry *map, unsigned int n)
{
	return memmap_sanitize(map, n, out, MEMBLOCK_MAX_REGIONS, &st);
}

static void test_empty_map(void **state)
{
	(void)state;
	assert_int_equal(sanitize(NULL, 0), 0);
}

/* The map QEMU gives a 128 MiB PC with its default CPU model. */
static void test_qemu_pc_map(void **state)
{
	const struct memmap_entry map[] = {
		{ 0x0, 0x9fc00, 1 },
		{ 0x9fc00, 0x400, 2 },
		{ 0xf0000, 0x10000, 2 },
		{ 0x100000, 0x7ee0000, 1 },
		{ 0x7fe0000, 0x20000, 2 },
		{ 0xfffc0000, 0x40000, 2 },
		{ 0xfd00000000ULL, 0x300000000ULL, 2 }, /* the 1 TiB HT hole */
	};

	(void)state;
	assert_int_equal(sanitize(map, ARRAY_SIZE(map)), 2);
	assert_int_equal(out[0].base, 0);
	assert_int_equal(out[0].size, 0x9f000); /* trimmed down to a page */
	assert_int_equal(out[1].base, 0x100000);
	assert_int_equal(out[1].size, 0x7ee0000);
	assert_int_equal(st.trimmed, 1);
}

static void test_overlap_reserved_wins(void **state)
{
	const struct memmap_entry map[] = {
		{ 0x100000, 0x1000000, 1 },
		{ 0x400000, 0x200000, 2 }, /* punches a hole */
		{ 0xf00000, 0x400000, 3 }, /* ACPI over the end: not free */
		{ 0x800000, 0x100000, 1 }, /* usable inside usable: merged */
	};

	(void)state;
	assert_int_equal(sanitize(map, ARRAY_SIZE(map)), 2);
	assert_int_equal(out[0].base, 0x100000);
	assert_int_equal(out[0].size, 0x300000);
	assert_int_equal(out[1].base, 0x600000);
	assert_int_equal(out[1].size, 0xf00000 - 0x600000);
	assert_true(st.overlaps > 0);
}

static void test_unaligned_and_zero_length(void **state)
{
	const struct memmap_entry map[] = {
		{ 0x100123, 0x3000, 1 }, /* -> [0x101000, 0x103000) */
		{ 0x200000, 0, 1 },
		{ 0x300000, 0xfff, 1 },	 /* less than a page: gone */
		{ 0x400800, 0x1000, 1 }, /* straddles: no whole page */
	};

	(void)state;
	assert_int_equal(sanitize(map, ARRAY_SIZE(map)), 1);
	assert_int_equal(out[0].base, 0x101000);
	assert_int_equal(out[0].size, 0x2000);
	assert_int_equal(st.dropped_empty, 1);
}

static void test_adjacent_entries_merge(void **state)
{
	const struct memmap_entry map[] = {
		{ 0x200000, 0x100000, 1 },
		{ 0x100000, 0x100000, 1 }, /* out of order and touching */
	};

	(void)state;
	assert_int_equal(sanitize(map, ARRAY_SIZE(map)), 1);
	assert_int_equal(out[0].base, 0x100000);
	assert_int_equal(out[0].size, 0x200000);
}

static void test_only_above_4g(void **state)
{
	const struct memmap_entry map[] = {
		{ 0x100000000ULL, 2 * GiB, 1 },
		{ 0xfd00000000ULL, 0x300000000ULL, 2 },
	};

	(void)state;
	assert_int_equal(sanitize(map, ARRAY_SIZE(map)), 1);
	assert_int_equal(out[0].base, 4 * GiB);
	assert_int_equal(out[0].size, 2 * GiB);
}

static void test_overflowing_entry_dropped(void **state)
{
	const struct memmap_entry map[] = {
		{ 0xfffffffffffff000ULL, 0x2000, 1 },
		{ 0x100000, 0x100000, 1 },
	};

	(void)state;
	assert_int_equal(sanitize(map, ARRAY_SIZE(map)), 1);
	assert_int_equal(st.dropped_overflow, 1);
}

/* Hundreds of alternating entries, given in reverse order. */
static void test_hundreds_of_entries(void **state)
{
	static struct memmap_entry map[400];

	(void)state;
	for (unsigned int i = 0; i < 400; i++) {
		unsigned int j = 399 - i;

		map[i] = (struct memmap_entry){ 0x100000 + j * 0x10000ULL,
						0x10000, j % 2 ? 2 : 1 };
	}
	assert_int_equal(sanitize(map, 400), 200);
	for (unsigned int i = 0; i < 200; i++) {
		assert_int_equal(out[i].base, 0x100000 + 2 * i * 0x10000ULL);
		assert_int_equal(out[i].size, 0x10000);
	}
}

static void test_too_many_entries_truncated(void **state)
{
	static struct memmap_entry map[MEMMAP_MAX_INPUT + 10];

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(map); i++)
		map[i] = (struct memmap_entry){ i * 0x2000ULL, 0x1000, 1 };
	assert_int_equal(sanitize(map, ARRAY_SIZE(map)), MEMMAP_MAX_INPUT);
	assert_int_equal(st.truncated, 10);
}

static void test_memblock_merge_and_free_ranges(void **state)
{
	phys_addr_t s, e, got[8][2];
	unsigned int n = 0;
	u64 i;

	(void)state;
	host_mem_init(64 * MiB);
	memblock_init();
	memblock_add(0x100000, 0x100000);
	memblock_add(0x200000, 0x100000); /* touches: merged */
	memblock_add(0x1000000, 0x1000000);
	assert_int_equal(memblock.memory.cnt, 2);
	memblock_reserve(0x180000, 0x10000);
	memblock_reserve(0x1000000, 0x1000);
	memblock_reserve(0x1ff0000, 0x20000); /* runs past the end */
	for_each_free_mem_range(i, s, e) {
		got[n][0] = s;
		got[n][1] = e;
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(got[0][0], 0x100000);
	assert_int_equal(got[0][1], 0x180000);
	assert_int_equal(got[1][0], 0x190000);
	assert_int_equal(got[1][1], 0x300000);
	assert_int_equal(got[2][0], 0x1001000);
	assert_int_equal(got[2][1], 0x1ff0000);
	assert_int_equal(memblock_free_size(), 0x80000 + 0x170000 + 0xfef000);
}

static void test_memblock_alloc_top_down(void **state)
{
	phys_addr_t a, b;

	(void)state;
	host_mem_init(64 * MiB);
	memblock_init();
	memblock_add(0x100000, 0x3f00000);
	memblock.current_limit = 32 * MiB;
	a = memblock_alloc(0x3000, 0x1000);
	assert_int_equal(a, 32 * MiB - 0x3000);
	b = memblock_alloc(0x1000, 0x200000);
	assert_int_equal(b, 30 * MiB);
	assert_true(memblock_is_region_reserved(a, 0x3000));
	assert_int_equal(*(unsigned char *)__va(a), 0);
	assert_int_equal(memblock_alloc(64 * MiB, 0x1000), 0);
	host_mem_free();
}

static void test_memblock_cap(void **state)
{
	(void)state;
	memblock_init();
	memblock_add(0x100000, 0x1000000);
	memblock_add(0x2000000, 0x1000000);
	memblock_cap_memory(0x800000);
	assert_int_equal(memblock.memory.cnt, 1);
	assert_int_equal(memblock_end_of_DRAM(), 0x800000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_map),
		cmocka_unit_test(test_qemu_pc_map),
		cmocka_unit_test(test_overlap_reserved_wins),
		cmocka_unit_test(test_unaligned_and_zero_length),
		cmocka_unit_test(test_adjacent_entries_merge),
		cmocka_unit_test(test_only_above_4g),
		cmocka_unit_test(test_overflowing_entry_dropped),
		cmocka_unit_test(test_hundreds_of_entries),
		cmocka_unit_test(test_too_many_entries_truncated),
		cmocka_unit_test(test_memblock_merge_and_free_ranges),
		cmocka_unit_test(test_memblock_alloc_top_down),
		cmocka_unit_test(test_memblock_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
