/*
 * Host tests: the fragmentation metrics (Linux's formulas, pinned to values
 * worked out by hand) and the text reports (Linux's exact formats).
 */
#include <string.h>

#include "host.h"
#include "lib.h"
#include "seq_file.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

static char buf[16384];

/* A node with fake zones: only the fields the metrics read are set. */
static struct zone *fake_zone(enum zone_type t, unsigned long present)
{
	struct zone *z = &NODE_DATA(0)->node_zones[t];

	z->name = zone_names[t];
	z->type = t;
	z->present_pages = present;
	NODE_DATA(0)->node_present_pages += present;
	return z;
}

static int reset(void **state)
{
	(void)state;
	host_mem_init(16 << 20); /* also clears the node */
	return 0;
}

static void test_fragmentation_index_pinned(void **state)
{
	struct contig_page_info info = { 1024, 1024, 0 };
	static const int expect[NR_PAGE_ORDERS] = {
		-1000, 500, 750, 875, 937, 968, 984, 992, 996, 998, 999,
	};
	struct zone *z;

	(void)state;
	/* 1024 free order-0 pages: order 9 gives 998, as in the issue. */
	assert_int_equal(__fragmentation_index(9, &info), 998);
	info.free_blocks_suitable = 1;
	assert_int_equal(__fragmentation_index(9, &info), -1000);
	info = (struct contig_page_info){ 0, 0, 0 };
	assert_int_equal(__fragmentation_index(3, &info), 0);
	z = fake_zone(ZONE_DMA, 4096);
	z->free_area[0].nr_free = 1024;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(fragmentation_index(z, o), expect[o]);
	/* Add ten order-3 blocks: 1104 pages in 1034 blocks. */
	z->free_area[3].nr_free = 10;
	fill_contig_page_info(z, 3, &info);
	assert_int_equal(info.free_pages, 1104);
	assert_int_equal(info.free_blocks_total, 1034);
	assert_int_equal(info.free_blocks_suitable, 10);
	assert_int_equal(fragmentation_index(z, 3), -1000);
	/* 1000 - (1000 + 1104000 / 16) / 1034 = 1000 - 67 */
	assert_int_equal(fragmentation_index(z, 4), 933);
}

static void test_unusable_index_and_extfrag(void **state)
{
	struct contig_page_info info;
	struct zone *z;

	(void)state;
	z = fake_zone(ZONE_DMA, 4096);
	z->free_area[0].nr_free = 1024;
	z->free_area[3].nr_free = 10;
	fill_contig_page_info(z, 0, &info);
	assert_int_equal(unusable_free_index(0, &info), 0);
	fill_contig_page_info(z, 3, &info);
	/* (1104 - 80) * 1000 / 1104 */
	assert_int_equal(unusable_free_index(3, &info), 927);
	fill_contig_page_info(z, 4, &info);
	assert_int_equal(unusable_free_index(4, &info), 1000);
	/* (1104 - 80) * 100 / 1104 */
	assert_int_equal(extfrag_for_order(z, 3), 92);
	/* Nothing free: unusable 1000, extfrag 0. */
	info = (struct contig_page_info){ 0, 0, 0 };
	assert_int_equal(unusable_free_index(0, &info), 1000);
	assert_int_equal(extfrag_for_order(fake_zone(ZONE_DMA32, 1), 0), 0);
}

static void test_fragmentation_score(void **state)
{
	struct zone *a, *b;

	(void)state;
	/* A: 1024 order-0 pages and two order-9 blocks: (2048 - 1024) * 100
	 * / 2048 = 50. B: one order-10 block: 0. */
	a = fake_zone(ZONE_DMA, 3000);
	b = fake_zone(ZONE_DMA32, 6999);
	a->free_area[0].nr_free = 1024;
	a->free_area[9].nr_free = 2;
	b->free_area[10].nr_free = 1;
	assert_int_equal(fragmentation_score_zone(a), 50);
	assert_int_equal(fragmentation_score_zone(b), 0);
	/* Weighted by present pages over the node's + 1: 50 * 3000 / 10000. */
	assert_int_equal(fragmentation_score_zone_weighted(a), 15);
	assert_int_equal(fragmentation_score_node(NODE_DATA(0)), 15);
}

static void test_buddyinfo_format(void **state)
{
	struct seq_file m;
	struct zone *z;

	(void)state;
	z = fake_zone(ZONE_DMA, 4096);
	z->free_area[0].nr_free = 1024;
	z->free_area[9].nr_free = 2;
	z = fake_zone(ZONE_DMA32, 100);
	z->free_area[10].nr_free = 123456;
	seq_buf_init(&m, buf, sizeof(buf));
	show_buddyinfo(&m, NULL);
	assert_string_equal(
		buf,
		"Node 0, zone      DMA   1024      0      0      0      0      0      0      0      0      2      0 \n"
		"Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0 123456 \n");
	seq_buf_init(&m, buf, sizeof(buf));
	show_buddyinfo(&m, z);
	assert_non_null(strstr(buf, "zone    DMA32"));
	assert_null(strstr(buf, "zone      DMA "));
}

static void test_extfrag_and_unusable_format(void **state)
{
	struct seq_file m;
	struct zone *z;

	(void)state;
	z = fake_zone(ZONE_DMA, 4096);
	z->free_area[0].nr_free = 1024;
	seq_buf_init(&m, buf, sizeof(buf));
	show_extfrag_index(&m, NULL);
	assert_string_equal(
		buf,
		"Node 0, zone      DMA -1.000  0.500  0.750  0.875  0.937  0.968  0.984  0.992  0.996  0.998  0.999 \n");
	seq_buf_init(&m, buf, sizeof(buf));
	show_unusable_index(&m, NULL);
	assert_string_equal(
		buf,
		"Node 0, zone      DMA 0.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000 \n");
}

static void test_pagetypeinfo_format(void **state)
{
	struct seq_file m;

	(void)state;
	host_boot_simple(64);
	seq_buf_init(&m, buf, sizeof(buf));
	show_pagetypeinfo(&m, NULL);
	assert_false(m.overflowed);
	assert_int_equal(
		strncmp(buf,
			"Page block order: 9\n"
			"Pages per block:  512\n"
			"\n"
			"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
			"Node    0, zone      DMA, type    Unmovable      0      0 ",
			strlen("Page block order: 9\n"
			       "Pages per block:  512\n"
			       "\n"
			       "Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
			       "Node    0, zone      DMA, type    Unmovable      0      0 ")),
		0);
	assert_non_null(
		strstr(buf, "Node    0, zone    DMA32, type      Isolate "));
	assert_non_null(strstr(
		buf,
		"\nNumber of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate \n"
		"Node 0, zone      DMA            0            8            0            0            0            0 \n"
		"Node 0, zone    DMA32            0           24            0            0            0            0 \n"));
}

static void test_vmstat_format(void **state)
{
	unsigned long before;
	struct seq_file m;
	int lines = 0;
	char want[64];

	(void)state;
	host_boot_simple(64);
	before = sum_vm_event(PGALLOC_FAIL);
	count_vm_event(PGALLOC_FAIL);
	count_vm_events(PGALLOC_FAIL, 2);
	assert_int_equal(sum_vm_event(PGALLOC_FAIL), before + 3);
	seq_buf_init(&m, buf, sizeof(buf));
	show_vmstat(&m);
	snprintf(want, sizeof(want), "nr_free_pages %lu\n",
		 global_zone_page_state(NR_FREE_PAGES));
	assert_int_equal(strncmp(buf, want, strlen(want)), 0);
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		snprintf(want, sizeof(want), "\n%s %lu\n", vm_event_names[i],
			 sum_vm_event((enum vm_event_item)i));
		assert_non_null(strstr(buf, want));
	}
	for (const char *p = buf; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, NR_ZONE_STAT_ITEMS + NR_VM_EVENT_ITEMS);
	/* Linux's names for the counters Linux has. */
	assert_non_null(strstr(buf, "\npgalloc_dma32 "));
	assert_non_null(strstr(buf, "\ncompact_daemon_wake 0\n"));
	assert_non_null(strstr(buf, "\npgmigrate_success "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fragmentation_index_pinned, reset),
		cmocka_unit_test_setup(test_unusable_index_and_extfrag, reset),
		cmocka_unit_test_setup(test_fragmentation_score, reset),
		cmocka_unit_test_setup(test_buddyinfo_format, reset),
		cmocka_unit_test_setup(test_extfrag_and_unusable_format, reset),
		cmocka_unit_test_setup(test_pagetypeinfo_format, reset),
		cmocka_unit_test_setup(test_vmstat_format, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
