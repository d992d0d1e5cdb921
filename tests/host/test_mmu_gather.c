/*
 * Host tests of unmapping through the mmu_gather (mm/mmu_gather.c): one
 * TLB flush per range, here and by one shootdown to the other CPUs that
 * run the mm, and no page or page table freed before that shootdown.
 * "Another CPU" is a made-up bit in mm_cpumask; the fake flush_tlb_multi()
 * of tests/host/support.c counts it and lets a test look at the machine at
 * the moment the other CPU would flush.
 */
#include "mm/mmu_gather.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"
#include "mm_helpers.h"

#define NR_TEST_PAGES 64

static struct mm_struct *mm;

static int setup(void **state)
{
	(void)state;
	mm = mm_setup(NR_TEST_PAGES);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cpumask_clear_cpu(1, mm_cpumask(mm)); /* before the mm goes */
	host_tlb_remote_hook = NULL;
	mm_teardown(mm);
	return 0;
}

/* What the shootdown must find still allocated: pages and tables. */
static struct page *held[NR_TEST_PAGES + 3];
static unsigned int nr_held, nr_tables_held;
static bool all_held_at_shootdown;

/* Fault in @n pages from TEST_BASE, in the fake TLB too; note them. */
static void populate(unsigned long n)
{
	nr_held = 0;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long addr = TEST_BASE + i * PAGE_SIZE;

		assert_int_equal(touch(mm, addr), 0);
		tlb_touch(mm, addr);
		held[nr_held++] = page_at(mm, addr);
	}
}

/* Note the PUD, PMD and PTE tables that map TEST_BASE. */
static void note_tables(void)
{
	struct pt_walk w;

	pgtable_walk(mm->pgd, TEST_BASE, &w);
	assert_int_equal(w.nr, 4);
	for (int l = 1; l < 4; l++)
		held[nr_held++] = pfn_to_page(w.table[l] >> PAGE_SHIFT);
	nr_tables_held = 3;
}

/* The hook: at the shootdown, every noted page and table is still in use. */
static void check_held(void)
{
	unsigned int first_table = nr_held - nr_tables_held;

	for (unsigned int i = 0; i < nr_held; i++)
		if (i < first_table ? page_ref_count(held[i]) == 0
				    : !PageTable(held[i]))
			all_held_at_shootdown = false;
}

static void expect_held_at_shootdown(void)
{
	all_held_at_shootdown = true;
	host_tlb_remote_hook = check_held;
	cpumask_set_cpu(1, mm_cpumask(mm)); /* "CPU 1 runs it" */
}

/*
 * munmap of a range that empties its page tables: one shootdown, sent
 * while the pages and the tables are still allocated (a CPU may reach a
 * page through its TLB and a table through its paging-structure caches
 * until it flushes), and everything freed after it.
 */
static void test_munmap_frees_after_the_shootdown(void **state)
{
	unsigned long sent0 = host_tlb_remote_flush, tables;

	(void)state;
	activate_mm(mm);
	populate(NR_TEST_PAGES);
	note_tables();
	tables = nr_pagetable_pages;
	expect_held_at_shootdown();
	assert_int_equal(vm_munmap(mm, TEST_BASE, NR_TEST_PAGES * PAGE_SIZE),
			 0);
	assert_int_equal(host_tlb_remote_flush, sent0 + 1);
	assert_true(all_held_at_shootdown);
	assert_int_equal(nr_pagetable_pages, tables - 3);
	for (unsigned int i = 0; i < nr_held; i++) {
		assert_int_equal(page_ref_count(held[i]), 0);
		assert_false(PageTable(held[i]));
	}
	/* This CPU flushed too: no translation of the range is left. */
	for (unsigned long i = 0; i < NR_TEST_PAGES; i++)
		assert_true(tlb_coherent(mm, TEST_BASE + i * PAGE_SIZE));
}

/* A zap that leaves its tables: the pages wait for the shootdown too. */
static void test_zap_frees_pages_after_the_shootdown(void **state)
{
	(void)state;
	populate(8);
	nr_tables_held = 0;
	assert_int_equal(touch(mm, TEST_BASE + 20 * PAGE_SIZE), 0);
	expect_held_at_shootdown();
	assert_int_equal(zap_page_range(mm, TEST_BASE, 8 * PAGE_SIZE), 8);
	assert_true(all_held_at_shootdown);
	for (unsigned int i = 0; i < nr_held; i++)
		assert_int_equal(page_ref_count(held[i]), 0);
}

/*
 * At most TLB_SINGLE_PAGE_FLUSH_CEILING pages are flushed one by one,
 * here and on the other CPUs, and the rest of the TLB stays; one more
 * page and the whole TLB is flushed, once.
 */
static void test_flush_by_page_up_to_the_ceiling(void **state)
{
	const unsigned long n = TLB_SINGLE_PAGE_FLUSH_CEILING;
	const unsigned long other = TEST_BASE + (n + 1) * PAGE_SIZE;
	unsigned long one0 = sum_vm_event(NR_TLB_LOCAL_FLUSH_ONE);
	unsigned long all0 = sum_vm_event(NR_TLB_LOCAL_FLUSH_ALL), pfn;

	(void)state;
	activate_mm(mm);
	populate(n + 2);
	cpumask_set_cpu(1, mm_cpumask(mm));
	assert_int_equal(zap_page_range(mm, TEST_BASE, n * PAGE_SIZE), n);
	assert_int_equal(sum_vm_event(NR_TLB_LOCAL_FLUSH_ONE), one0 + n);
	assert_int_equal(sum_vm_event(NR_TLB_LOCAL_FLUSH_ALL), all0);
	assert_int_equal(host_tlb_remote_info.start, TEST_BASE);
	assert_int_equal(host_tlb_remote_info.end, TEST_BASE + n * PAGE_SIZE);
	assert_false(flush_tlb_info_is_full(&host_tlb_remote_info));
	assert_true(host_tlb_lookup(other, &pfn)); /* not in the range */
	populate(n + 2);
	assert_int_equal(zap_page_range(mm, TEST_BASE, (n + 1) * PAGE_SIZE),
			 n + 1);
	assert_int_equal(sum_vm_event(NR_TLB_LOCAL_FLUSH_ALL), all0 + 1);
	assert_true(flush_tlb_info_is_full(&host_tlb_remote_info));
	assert_false(host_tlb_lookup(other, &pfn));
}

/*
 * A large munmap sends one shootdown for all its pages (it sent one per
 * page before the gather), though they fill several batch pages.
 */
static void test_large_munmap_sends_one_shootdown(void **state)
{
	const unsigned long base = TEST_BASE + 0x40000000UL, n = 4096;
	unsigned long sent0 = host_tlb_remote_flush, free0;

	(void)state;
	drain_all_pages(NULL);
	free0 = global_zone_page_state(NR_FREE_PAGES);
	assert_non_null(mmap_anon(mm, base, n * PAGE_SIZE, VM_WRITE));
	for (unsigned long i = 0; i < n; i++)
		assert_int_equal(touch(mm, base + i * PAGE_SIZE), 0);
	cpumask_set_cpu(1, mm_cpumask(mm));
	assert_int_equal(vm_munmap(mm, base, n * PAGE_SIZE), 0);
	assert_int_equal(host_tlb_remote_flush, sent0 + 1);
	/* Every page, table and batch page came back. */
	drain_all_pages(NULL);
	assert_int_equal(global_zone_page_state(NR_FREE_PAGES), free0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_munmap_frees_after_the_shootdown, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_zap_frees_pages_after_the_shootdown, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_flush_by_page_up_to_the_ceiling, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_large_munmap_sends_one_shootdown, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
