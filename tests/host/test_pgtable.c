/*
 * Host tests of the page-table API (mm/pgtable.c) on simulated physical
 * memory: the tables are real x86_64 tables in that memory, only the CPU
 * never walks them.
 */
#include "kerrno.h"
#include "mm/mmu_gather.h"
#include "mm/pgtable.h"
#include "mm/swapops.h"
#include "mm_helpers.h"

#define KVA 0xffffc90000000000UL /* an upper-half address (vmalloc) */

static pteval_t *pgd;

static int setup(void **state)
{
	(void)state;
	host_boot_simple(32);
	init_pgd = NULL;
	pgd = pgtable_alloc_pgd();
	assert_non_null(pgd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	host_mem_free();
	return 0;
}

static phys_addr_t new_frame(void)
{
	struct page *page = alloc_page(GFP_KERNEL);

	assert_non_null(page);
	return page_to_phys(page);
}

/* pgtable_unmap() of @va in @p, a tree no CPU has loaded: the tables it
 * empties are freed on return. */
static pteval_t unmap(pteval_t *p, unsigned long va)
{
	struct mmu_gather tlb;
	pteval_t old;

	tlb_gather_mmu(&tlb, NULL);
	tlb_reserve(&tlb);
	old = pgtable_unmap(p, va, &tlb);
	tlb_finish_mmu(&tlb);
	return old;
}

static void test_map_walk_translate(void **state)
{
	const unsigned long va = 0x40201000UL;
	phys_addr_t pa = new_frame();
	unsigned long tables = nr_pagetable_pages;
	struct pt_walk w;

	(void)state;
	assert_int_equal(pgtable_map(pgd, va, pa, PAGE_USER_RW, PT_LEVEL_PTE),
			 0);
	assert_int_equal(nr_pagetable_pages, tables + 3); /* PDPT, PD, PT */
	assert_int_equal(pgtable_translate(pgd, va + 0x123), pa + 0x123);
	assert_int_equal(pgtable_translate(pgd, va + PAGE_SIZE),
			 (phys_addr_t)-1);
	pgtable_walk(pgd, va, &w);
	assert_int_equal(w.nr, 4);
	assert_int_equal(w.level[0], PT_LEVEL_PGD);
	assert_int_equal(w.level[3], PT_LEVEL_PTE);
	assert_int_equal(w.entry[3], pa | PAGE_USER_RW);
	assert_int_equal(w.table[0], __pa(pgd));
	for (int i = 0; i < 3; i++)
		assert_int_equal(w.entry[i], w.table[i + 1] | PAGE_TABLE);
}

static void test_bad_alignment_and_overlap(void **state)
{
	phys_addr_t pa = new_frame();

	(void)state;
	assert_int_equal(
		pgtable_map(pgd, 0x1001, pa, PAGE_USER_RW, PT_LEVEL_PTE),
		-EINVAL);
	assert_int_equal(
		pgtable_map(pgd, 0x200000, pa, PAGE_KERNEL, PT_LEVEL_PMD),
		-EINVAL); /* pa not 2 MiB aligned */
	assert_int_equal(pgtable_map(pgd, 0x5000, pa, PAGE_USER_RW, 0),
			 -EINVAL);
	assert_int_equal(
		pgtable_map(pgd, 0x5000, pa, PAGE_USER_RW, PT_LEVEL_PTE), 0);
	assert_int_equal(
		pgtable_map(pgd, 0x5000, pa, PAGE_USER_RW, PT_LEVEL_PTE),
		-EEXIST);
}

static void test_large_pages(void **state)
{
	const unsigned long va = KVA + PUD_SIZE;

	(void)state;
	assert_int_equal(
		pgtable_map(pgd, va, 0x400000, PAGE_KERNEL, PT_LEVEL_PMD), 0);
	assert_int_equal(pgtable_translate(pgd, va + 0x1234),
			 0x400000 + 0x1234);
	assert_true(pte_huge(*pgtable_entry(pgd, va, PT_LEVEL_PMD, false)));
	/* No 4 KiB entry exists inside a 2 MiB page. */
	assert_null(pgtable_entry(pgd, va + PAGE_SIZE, PT_LEVEL_PTE, true));
	assert_int_equal(pgtable_map(pgd, KVA + 2 * PUD_SIZE, 2 * PUD_SIZE,
				     PAGE_KERNEL, PT_LEVEL_PUD),
			 0);
	assert_int_equal(pgtable_translate(pgd, KVA + 2 * PUD_SIZE + 0x5678),
			 2 * PUD_SIZE + 0x5678);
}

static void test_unmap_frees_empty_tables(void **state)
{
	const unsigned long a = 0x7f0000000000UL, b = a + PAGE_SIZE;
	unsigned long tables = nr_pagetable_pages;
	phys_addr_t pa = new_frame();

	(void)state;
	assert_int_equal(pgtable_map(pgd, a, pa, PAGE_USER_RW, PT_LEVEL_PTE),
			 0);
	assert_int_equal(pgtable_map(pgd, b, pa, PAGE_USER_RW, PT_LEVEL_PTE),
			 0);
	assert_int_equal(nr_pagetable_pages, tables + 3);
	assert_int_equal(pte_phys(unmap(pgd, a)), pa);
	assert_int_equal(nr_pagetable_pages, tables + 3); /* b still there */
	assert_int_equal(unmap(pgd, a), 0);		  /* nothing left */
	assert_int_equal(pte_phys(unmap(pgd, b)), pa);
	assert_int_equal(nr_pagetable_pages, tables);
	assert_int_equal(pgd[PT_INDEX(a, PT_LEVEL_PGD)], 0);
}

static void test_software_entry_keeps_its_table(void **state)
{
	const unsigned long va = 0x60000000UL;
	unsigned long tables;
	pteval_t *e;

	(void)state;
	assert_int_equal(
		pgtable_map(pgd, va, new_frame(), PAGE_USER_RW, PT_LEVEL_PTE),
		0);
	tables = nr_pagetable_pages;
	e = pgtable_entry(pgd, va, PT_LEVEL_PTE, false);
	pgtable_set_pte(pgd, va, e, make_migration_entry(pte_pfn(*e), *e));
	assert_true(is_migration_entry(*e));
	assert_int_equal(pgtable_translate(pgd, va), (phys_addr_t)-1);
	/* The table still holds an entry: it must not go away. */
	assert_int_equal(unmap(pgd, va + PAGE_SIZE), 0);
	assert_int_equal(nr_pagetable_pages, tables);
	assert_true(is_migration_entry(unmap(pgd, va)));
	assert_int_equal(nr_pagetable_pages, tables - 3);
}

static void test_kernel_half_is_shared_and_kept(void **state)
{
	pteval_t *other;
	unsigned long tables;

	(void)state;
	assert_int_equal(
		pgtable_map(pgd, KVA, new_frame(), PAGE_KERNEL, PT_LEVEL_PTE),
		0);
	init_pgd = pgd;
	other = pgtable_alloc_pgd();
	assert_non_null(other);
	/* Same upper-half tables: a kernel mapping added later shows too. */
	assert_int_equal(other[PT_INDEX(KVA, PT_LEVEL_PGD)],
			 pgd[PT_INDEX(KVA, PT_LEVEL_PGD)]);
	assert_int_equal(pgtable_map(pgd, KVA + PAGE_SIZE, new_frame(),
				     PAGE_KERNEL, PT_LEVEL_PTE),
			 0);
	assert_int_not_equal(pgtable_translate(other, KVA + PAGE_SIZE),
			     (phys_addr_t)-1);
	tables = nr_pagetable_pages;
	unmap(pgd, KVA);
	unmap(pgd, KVA + PAGE_SIZE);
	assert_int_equal(nr_pagetable_pages, tables); /* never freed */
	pgtable_free_pgd(other); /* frees only its own lower half */
	assert_int_equal(nr_pagetable_pages, tables - 1);
	init_pgd = NULL;
}

static void test_free_pgd_frees_everything(void **state)
{
	unsigned long tables = nr_pagetable_pages;
	pteval_t *p = pgtable_alloc_pgd();

	(void)state;
	for (unsigned long i = 0; i < 8; i++)
		assert_int_equal(pgtable_map(p, i * PUD_SIZE + 0x1000,
					     new_frame(), PAGE_USER_RW,
					     PT_LEVEL_PTE),
				 0);
	assert_int_equal(nr_pagetable_pages, tables + 1 + 1 + 8 + 8);
	for (unsigned long i = 0; i < 8; i++)
		unmap(p, i * PUD_SIZE + 0x1000);
	assert_int_equal(nr_pagetable_pages, tables + 1);
	pgtable_free_pgd(p);
	assert_int_equal(nr_pagetable_pages, tables);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_map_walk_translate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_alignment_and_overlap,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unmap_frees_empty_tables,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_software_entry_keeps_its_table, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_kernel_half_is_shared_and_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_pgd_frees_everything,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
