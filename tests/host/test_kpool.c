/*
 * Host tests of kpool (mm/kpool.c) and of non-LRU movable pages in
 * migration (mm/movable_ops.c): handles, map/unmap, migration of pool
 * pages with a table of handles whose objects must all follow, mapped
 * pages that refuse to move, full compaction of memory where pool pages
 * sit among user pages, and alloc_contig_range() over pool pages.
 */
#include "kerrno.h"
#include "lib.h"
#include "mm/compaction.h"
#include "mm/contig_alloc.h"
#include "mm/kpool.h"
#include "mm/movable_ops.h"
#include "mm/vmstat.h"
#include "mm_helpers.h"

#define NR_OBJS 600

static unsigned long handles[NR_OBJS];
static size_t sizes[NR_OBJS];

static int setup(void **state)
{
	(void)state;
	host_boot_simple(64);
	memset(handles, 0, sizeof(handles));
	return 0;
}

static int teardown(void **state)
{
	struct kpool_stats st;

	(void)state;
	for (int i = 0; i < NR_OBJS; i++)
		kpool_free(handles[i]);
	kpool_get_stats(&st);
	assert_int_equal(st.objects, 0);
	assert_int_equal(st.pages, 0);
	assert_true(kpool_release_table());
	host_mem_free();
	return 0;
}

static unsigned char pattern_byte(int i, size_t off)
{
	return (unsigned char)(i * 131 + off * 7 + 1);
}

static void write_obj(int i)
{
	unsigned char *p = kpool_map(handles[i]);

	assert_non_null(p);
	for (size_t off = 0; off < sizes[i]; off++)
		p[off] = pattern_byte(i, off);
	kpool_unmap(handles[i]);
}

/* True if object @i reads back as write_obj() left it. */
static bool obj_intact(int i)
{
	const unsigned char *p = kpool_map(handles[i]);
	bool ok = p != NULL;

	for (size_t off = 0; ok && off < sizes[i]; off++)
		ok = p[off] == pattern_byte(i, off);
	if (p)
		kpool_unmap(handles[i]);
	return ok;
}

static int count_bad(void)
{
	int bad = 0;

	for (int i = 0; i < NR_OBJS; i++)
		bad += handles[i] && !obj_intact(i);
	return bad;
}

/* NR_OBJS objects of sizes cycling over 32..3072 bytes. */
static void alloc_objs(void)
{
	for (int i = 0; i < NR_OBJS; i++) {
		sizes[i] = KPOOL_MIN_SIZE +
			   (size_t)(i * 97) %
				   (KPOOL_MAX_SIZE - KPOOL_MIN_SIZE + 1);
		handles[i] = kpool_malloc(sizes[i], GFP_KERNEL);
		assert_true(handles[i] != 0);
		write_obj(i);
	}
}

/* The struct page under object @i (mapped and unmapped again). */
static struct page *obj_page(int i)
{
	void *p = kpool_map(handles[i]);

	assert_non_null(p);
	kpool_unmap(handles[i]);
	return virt_to_page(p);
}

/* Isolate @page and migrate it alone. Return: migrate_pages()'s result. */
static int migrate_one(struct page *page)
{
	LIST_HEAD(list);
	int ret;

	if (!isolate_movable_ops_page(page, MIGRATE_SYNC))
		return -100;
	list_add(&page->lru, &list);
	ret = migrate_pages(&list, alloc_target, free_target, 0, MIGRATE_SYNC,
			    MR_SYSCALL, NULL);
	putback_movable_pages(&list);
	return ret;
}

static void test_handles_map_and_sizes(void **state)
{
	struct kpool_stats st;

	(void)state;
	alloc_objs();
	kpool_get_stats(&st);
	assert_int_equal(st.objects, NR_OBJS);
	assert_true(st.pages > 0);
	assert_int_equal(st.mapped, 0);
	assert_int_equal(count_bad(), 0);
	for (int i = 0; i < NR_OBJS; i++)
		assert_int_equal(kpool_object_size(handles[i]), sizes[i]);
	/* Pool pages are movable kernel pages, in movable pageblocks. */
	assert_true(PageMovableOps(obj_page(0)));
	assert_false(PageLRU(obj_page(0)));
	assert_int_equal(get_pageblock_migratetype(obj_page(0)),
			 MIGRATE_MOVABLE);
	/* Bad input: refused and counted, nothing lost. */
	assert_int_equal(kpool_malloc(KPOOL_MAX_SIZE + 1, GFP_KERNEL), 0);
	assert_int_equal(kpool_malloc(0, GFP_KERNEL), 0);
	assert_null(kpool_map(123456789));
	kpool_get_stats(&st);
	assert_int_equal(st.alloc_fail, 2);
	/* A freed handle is invalid; its neighbours are intact. */
	kpool_free(handles[5]);
	assert_null(kpool_map(handles[5]));
	assert_int_equal(kpool_object_size(handles[5]), 0);
	handles[5] = 0;
	assert_int_equal(count_bad(), 0);
	/* Freeing everything gives every page back. */
	for (int i = 0; i < NR_OBJS; i++) {
		kpool_free(handles[i]);
		handles[i] = 0;
	}
	kpool_get_stats(&st);
	assert_int_equal(st.pages, 0);
}

static void test_migrate_updates_every_handle(void **state)
{
	struct kpool_stats st0, st;
	struct page *src, *dst;
	int moved = 0;

	(void)state;
	alloc_objs();
	src = obj_page(0);
	kpool_get_stats(&st0);
	assert_int_equal(migrate_one(src), 0);
	kpool_get_stats(&st);
	assert_int_equal(st.pages_moved, st0.pages_moved + 1);
	assert_int_equal(st.pages, st0.pages);
	/* The old frame went back to the allocator, clean. */
	assert_false(PageMovableOps(src));
	assert_int_equal(page_ref_count(src), 0);
	dst = obj_page(0);
	assert_true(dst != src);
	assert_true(PageMovableOps(dst));
	assert_int_equal(page_ref_count(dst), 1);
	/* Every object that was on src follows it, and reads back intact. */
	for (int i = 0; i < NR_OBJS; i++)
		moved += obj_page(i) == dst;
	assert_true(moved >= 1);
	assert_int_equal(count_bad(), 0);
}

static void test_mapped_object_blocks_its_page(void **state)
{
	struct kpool_stats st0, st;
	struct page *src;
	void *p;

	(void)state;
	alloc_objs();
	src = obj_page(0);
	p = kpool_map(handles[0]);
	kpool_get_stats(&st0);
	assert_int_equal(st0.mapped, 1);
	/* Isolation is refused and counted, never waited for. */
	assert_int_equal(migrate_one(src), -100);
	kpool_get_stats(&st);
	assert_int_equal(st.skipped_mapped, st0.skipped_mapped + 1);
	assert_true(kpool_map(handles[0]) == p); /* it did not move */
	kpool_unmap(handles[0]);
	/* A free of a mapped object is refused too. */
	kpool_free(handles[0]);
	assert_int_equal(kpool_object_size(handles[0]), sizes[0]);
	kpool_unmap(handles[0]);
	/* Mapped after isolation: migration gives up after its retries. */
	assert_true(isolate_movable_ops_page(src, MIGRATE_SYNC));
	p = kpool_map(handles[0]);
	{
		LIST_HEAD(list);

		list_add(&src->lru, &list);
		assert_int_equal(migrate_pages(&list, alloc_target, free_target,
					       0, MIGRATE_SYNC, MR_SYSCALL,
					       NULL),
				 1);
		putback_movable_pages(&list);
	}
	assert_false(PageIsolated(src));
	assert_true(kpool_map(handles[0]) == p);
	kpool_unmap(handles[0]);
	kpool_unmap(handles[0]);
	/* Unmapped, it moves. */
	assert_int_equal(migrate_one(src), 0);
	assert_true(obj_page(0) != src);
	assert_int_equal(count_bad(), 0);
}

/* Isolate the page under object @first and free every object on it. */
static struct page *isolate_and_empty(int first)
{
	struct page *src = obj_page(first);

	assert_true(isolate_movable_ops_page(src, MIGRATE_SYNC));
	for (int i = 0; i < NR_OBJS; i++)
		if (handles[i] && obj_page(i) == src) {
			kpool_free(handles[i]);
			handles[i] = 0;
		}
	return src;
}

static void test_page_emptied_while_isolated(void **state)
{
	struct kpool_stats st0, st;
	struct page *src;
	LIST_HEAD(list);

	(void)state;
	alloc_objs();
	kpool_get_stats(&st0);
	/* The pool keeps an empty page while compaction holds it... */
	src = isolate_and_empty(0);
	kpool_get_stats(&st);
	assert_int_equal(st.pages, st0.pages);
	/* ...and lets it go when it comes back. */
	list_add(&src->lru, &list);
	putback_movable_pages(&list);
	assert_int_equal(page_ref_count(src), 0);
	assert_false(PageMovableOps(src));
	/* Emptied, then migrated: nothing is copied, the page is freed. */
	src = isolate_and_empty(NR_OBJS - 1);
	list_add(&src->lru, &list);
	assert_int_equal(migrate_pages(&list, alloc_target, free_target, 0,
				       MIGRATE_SYNC, MR_SYSCALL, NULL),
			 0);
	assert_int_equal(page_ref_count(src), 0);
	kpool_get_stats(&st);
	assert_int_equal(st.pages, st0.pages - 2);
	assert_int_equal(st.pages_moved, st0.pages_moved);
	assert_int_equal(count_bad(), 0);
}

static void fill_interleaved(struct mm_struct *mm, unsigned long *npages)
{
	unsigned long target = global_zone_page_state(NR_FREE_PAGES) * 8 / 10;
	int obj = 0;

	assert_non_null(mmap_anon(mm, TEST_BASE, target * PAGE_SIZE,
				  VM_READ | VM_WRITE));
	for (*npages = 0; *npages < target; (*npages)++) {
		assert_int_equal(touch(mm, TEST_BASE + *npages * PAGE_SIZE), 0);
		fill_page(mm, TEST_BASE + *npages * PAGE_SIZE, 1);
		if (*npages % 16 == 15 && obj < NR_OBJS) {
			sizes[obj] = 2048;
			handles[obj] = kpool_malloc(sizes[obj], GFP_KERNEL);
			assert_true(handles[obj] != 0);
			write_obj(obj++);
		}
	}
	/* Free every other page, and every other object. */
	for (unsigned long i = 0; i < *npages; i += 2)
		zap_page_range(mm, TEST_BASE + i * PAGE_SIZE, PAGE_SIZE);
	for (int i = 0; i < obj; i += 2) {
		kpool_free(handles[i]);
		handles[i] = 0;
	}
}

static void test_compaction_moves_pool_pages(void **state)
{
	struct mm_struct *mm = mm_alloc("test");
	struct compact_stats cs = { 0 };
	struct compact_potential cp;
	struct kpool_stats st;
	unsigned long npages, after;

	(void)state;
	fill_interleaved(mm, &npages);
	compaction_potential(NODE_DATA(0), &cp);
	compact_node(NODE_DATA(0), -1, &cs);
	after = nr_free_pageblocks();
	kpool_get_stats(&st);
	print_message("pool pages %lu, moved %lu; blocks %lu of %lu\n",
		      st.pages, st.pages_moved, after, cp.blocks_max);
	assert_true(st.pages_moved > 0);
	assert_int_equal(cs.failed, 0);
	/* Pool pages do not pin pageblocks: compaction reaches the ideal. */
	assert_true(after * 100 >= cp.blocks_max * 99);
	assert_int_equal(count_bad(), 0);
	for (unsigned long i = 1; i < npages; i += 2)
		assert_true(page_intact(mm, TEST_BASE + i * PAGE_SIZE, 1));
	mm_destroy(mm);
}

/* --- alloc_contig_range() over pool pages ------------------------------------ */

/*
 * The pool's pages as a range [*start, *end), from the lowest to the highest
 * page holding an object; nothing else may be in use between them.
 * Return: the pool pages there.
 */
static unsigned long pool_span(unsigned long *start, unsigned long *end)
{
	unsigned long n = 0;

	*start = -1UL;
	*end = 0;
	for (int i = 0; i < NR_OBJS; i++) {
		unsigned long pfn = page_to_pfn(obj_page(i));

		*start = min(*start, pfn);
		*end = max(*end, pfn + 1);
	}
	drain_all_pages(NULL);
	for (unsigned long pfn = *start; pfn < *end; pfn++) {
		struct page *page = pfn_to_page(pfn);

		n += PageMovableOps(page);
		assert_true(PageMovableOps(page) || PageBuddy(page) ||
			    !page_ref_count(page));
	}
	assert_true(n >= 8);
	print_message("pool pages %lu in [%#lx, %#lx)\n", n, *start, *end);
	return n;
}

/* No object in [start, end), and every one intact. */
static void assert_objs_outside(unsigned long start, unsigned long end)
{
	for (int i = 0; i < NR_OBJS; i++) {
		unsigned long pfn = page_to_pfn(obj_page(i));

		assert_true(pfn < start || pfn >= end);
		assert_int_equal(kpool_object_size(handles[i]), sizes[i]);
	}
	assert_int_equal(count_bad(), 0);
}

/* [start, end) was taken whole; give it back, and nothing is left over. */
static void assert_range_taken(unsigned long start, unsigned long end)
{
	struct zone *zone = page_zone(pfn_to_page(start));

	for (unsigned long pfn = start; pfn < end; pfn++) {
		assert_int_equal(page_ref_count(pfn_to_page(pfn)), 1);
		assert_false(PageMovableOps(pfn_to_page(pfn)));
	}
	assert_int_equal(free_contig_range(start, end - start), 0);
	assert_int_equal(nr_isolated_pageblocks(zone), 0);
	assert_int_equal(check_zone_free_areas(zone), 0);
}

static void test_contig_range_moves_pool_pages(void **state)
{
	struct kpool_stats st0, st;
	struct contig_info info;
	unsigned long start, end, nr_pool;

	(void)state;
	alloc_objs();
	nr_pool = pool_span(&start, &end);
	kpool_get_stats(&st0);
	assert_int_equal(alloc_contig_range(start, end, MIGRATE_MOVABLE,
					    GFP_KERNEL, &info),
			 0);
	assert_int_equal(info.reason, CONTIG_OK);
	assert_int_equal(info.nr_occupied, nr_pool);
	assert_int_equal(info.nr_migrated, nr_pool);
	kpool_get_stats(&st);
	assert_int_equal(st.pages_moved, st0.pages_moved + nr_pool);
	assert_int_equal(st.pages, st0.pages);
	assert_objs_outside(start, end);
	assert_range_taken(start, end);
}

static void test_contig_range_mapped_object_pins(void **state)
{
	const int i = NR_OBJS / 2;
	struct contig_info info;
	unsigned long start, end, nr_pool, pin_pfn, bad;
	struct zone *zone;
	void *p;

	(void)state;
	alloc_objs();
	nr_pool = pool_span(&start, &end);
	zone = page_zone(pfn_to_page(start));
	pin_pfn = page_to_pfn(obj_page(i));
	p = kpool_map(handles[i]);
	/* The search passes the range by, naming the page... */
	assert_int_equal(contig_range_blocker(start, end, MIGRATE_MOVABLE, true,
					      &bad, NULL),
			 CONTIG_PINNED);
	assert_int_equal(bad, pin_pfn);
	/* ...and alloc_contig_range() gives up on it after its passes. */
	assert_int_equal(alloc_contig_range(start, end, MIGRATE_MOVABLE,
					    GFP_KERNEL, &info),
			 -EBUSY);
	assert_int_equal(info.reason, CONTIG_PINNED);
	assert_int_equal(info.fail_pfn, pin_pfn);
	assert_int_equal(info.nr_passes, CONTIG_MIGRATE_TRIES);
	assert_int_equal(info.nr_occupied, nr_pool);
	assert_int_equal(nr_isolated_pageblocks(zone), 0);
	assert_int_equal(check_zone_free_areas(zone), 0);
	assert_true(kpool_map(handles[i]) == p); /* it did not move */
	kpool_unmap(handles[i]);
	kpool_unmap(handles[i]);
	assert_int_equal(count_bad(), 0);
	/* Unmapped, the same request succeeds. */
	assert_int_equal(alloc_contig_range(start, end, MIGRATE_MOVABLE,
					    GFP_KERNEL, &info),
			 0);
	assert_int_equal(info.nr_migrated, info.nr_occupied);
	assert_objs_outside(start, end);
	assert_range_taken(start, end);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handles_map_and_sizes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_migrate_updates_every_handle, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_mapped_object_blocks_its_page, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_page_emptied_while_isolated, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_compaction_moves_pool_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_contig_range_moves_pool_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_contig_range_mapped_object_pins, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
