/*
 * Host tests of anonymous memory, rmap and page migration: the real mm/
 * sources on simulated physical memory, with page tables that are real
 * data structures (only the TLB flushes and CR3 loads are counted, not
 * performed).
 */
#include "mm/migrate.h"
#include "mm/page_alloc.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"
#include "mm_helpers.h"

static struct mm_struct *mm;

static int setup(void **state)
{
	(void)state;
	mm = mm_setup(64);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mm_teardown(mm);
	return 0;
}

/* Isolate the page at @addr onto @list; returns it. */
static struct page *isolate_at(unsigned long addr, struct list_head *list)
{
	struct page *page = page_at(mm, addr);

	assert_non_null(page);
	assert_true(isolate_anon_page(page));
	list_add_tail(&page->lru, list);
	return page;
}

static void test_fault_maps_a_zeroed_movable_page(void **state)
{
	struct page *page;
	const unsigned long *p;

	(void)state;
	assert_int_equal(touch(mm, TEST_BASE + 5 * PAGE_SIZE), 0);
	page = page_at(mm, TEST_BASE + 5 * PAGE_SIZE);
	assert_non_null(page);
	p = page_address(page);
	for (unsigned int i = 0; i < PAGE_SIZE / sizeof(long); i++)
		assert_int_equal(p[i], 0);
	assert_true(PageAnon(page) && PageLRU(page));
	assert_ptr_equal(page->mapping, find_vma(mm, TEST_BASE)->anon_vma);
	assert_int_equal(page->index, (TEST_BASE >> PAGE_SHIFT) + 5);
	assert_int_equal(page_mapcount(page), 1);
	assert_int_equal(page_ref_count(page), 1);
	assert_int_equal(get_pageblock_migratetype(page), MIGRATE_MOVABLE);
	assert_int_equal(mm->rss, 1);
}

static void test_fault_outside_vma_or_readonly(void **state)
{
	struct vm_area_struct *ro;

	(void)state;
	assert_null(find_vma(mm, TEST_BASE + 64 * PAGE_SIZE));
	ro = mmap_anon(mm, TEST_BASE + 100 * PAGE_SIZE, PAGE_SIZE, VM_READ);
	assert_non_null(ro);
	assert_int_equal(
		handle_mm_fault(mm, ro, ro->vm_start, FAULT_FLAG_WRITE),
		VM_FAULT_SIGSEGV);
	/* Overlapping and misaligned mappings are refused. */
	assert_null(mmap_anon(mm, TEST_BASE, PAGE_SIZE, VM_READ));
	assert_null(mmap_anon(mm, TEST_BASE + 200 * PAGE_SIZE + 1, PAGE_SIZE,
			      VM_READ));
}

static void test_migrate_moves_data_and_pte(void **state)
{
	const unsigned long addr = TEST_BASE + 3 * PAGE_SIZE;
	unsigned long ok0 = sum_vm_event(PGMIGRATE_SUCCESS);
	unsigned long flushes = host_tlb_flush_one + host_tlb_flush_all;
	unsigned int done = 0;
	struct page *old, *new;
	LIST_HEAD(list);

	(void)state;
	assert_int_equal(touch(mm, addr), 0);
	fill_page(mm, addr, 7);
	/* As if the CPU had written it: the new PTE must keep D and A. */
	*pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false) |=
		_PAGE_DIRTY | _PAGE_ACCESSED;
	old = isolate_at(addr, &list);
	assert_int_equal(migrate_pages(&list, alloc_target, free_target, 0,
				       MIGRATE_SYNC, MR_SYSCALL, &done),
			 0);
	assert_int_equal(done, 1);
	assert_true(list_empty(&list));
	new = page_at(mm, addr);
	assert_ptr_not_equal(new, old);
	assert_true(page_intact(mm, addr, 7));
	assert_int_equal(*pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false) &
				 (_PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_RW),
			 _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_RW);
	assert_int_equal(page_ref_count(old), 0); /* freed */
	assert_false(PageAnon(old) || PageLocked(old) || PageIsolated(old));
	assert_int_equal(page_mapcount(new), 1);
	assert_int_equal(page_ref_count(new), 1);
	assert_true(PageLRU(new) && PageAnon(new) && !PageLocked(new));
	/* The rmap moved: the new page is found from its anon_vma. */
	assert_ptr_equal(new->mapping, find_vma(mm, addr)->anon_vma);
	assert_int_equal(new->index, addr >> PAGE_SHIFT);
	assert_int_equal(sum_vm_event(PGMIGRATE_SUCCESS), ok0 + 1);
	/* The mm is not active: no TLB can hold its entries. */
	assert_int_equal(host_tlb_flush_one + host_tlb_flush_all, flushes);
}

static void test_batch_flushes_once(void **state)
{
	unsigned long all0 = sum_vm_event(NR_TLB_LOCAL_FLUSH_ALL);
	LIST_HEAD(list);

	(void)state;
	activate_mm(mm);
	for (unsigned long i = 10; i < 20; i++) {
		assert_int_equal(touch(mm, TEST_BASE + i * PAGE_SIZE), 0);
		fill_page(mm, TEST_BASE + i * PAGE_SIZE, i);
		tlb_touch(mm, TEST_BASE + i * PAGE_SIZE);
		isolate_at(TEST_BASE + i * PAGE_SIZE, &list);
	}
	assert_int_equal(migrate_pages(&list, alloc_target, free_target, 0,
				       MIGRATE_ASYNC, MR_SYSCALL, NULL),
			 0);
	/* Ten pages of the active mm, one flush, and no stale translation. */
	assert_int_equal(sum_vm_event(NR_TLB_LOCAL_FLUSH_ALL), all0 + 1);
	for (unsigned long i = 10; i < 20; i++) {
		assert_true(page_intact(mm, TEST_BASE + i * PAGE_SIZE, i));
		assert_true(tlb_coherent(mm, TEST_BASE + i * PAGE_SIZE));
	}
	activate_mm(NULL);
}

/* Isolate @n pages from TEST_BASE + @first pages on, migrate them. */
static void migrate_range(unsigned long first, unsigned long n)
{
	LIST_HEAD(list);

	for (unsigned long i = first; i < first + n; i++) {
		assert_int_equal(touch(mm, TEST_BASE + i * PAGE_SIZE), 0);
		isolate_at(TEST_BASE + i * PAGE_SIZE, &list);
	}
	assert_int_equal(migrate_pages(&list, alloc_target, free_target, 0,
				       MIGRATE_ASYNC, MR_SYSCALL, NULL),
			 0);
}

/* Shootdowns go only where the mm is loaded, once per batch. */
static void test_batch_shoots_down_once(void **state)
{
	unsigned long sent0 = host_tlb_remote_flush;

	(void)state;
	migrate_range(10, 10); /* loaded nowhere: no shootdown */
	assert_int_equal(host_tlb_remote_flush, sent0);
	cpumask_set_cpu(1, mm_cpumask(mm)); /* "CPU 1 runs it" */
	migrate_range(10, 10);
	cpumask_clear_cpu(1, mm_cpumask(mm)); /* before the mm goes */
	assert_int_equal(host_tlb_remote_flush, sent0 + 1);
}

static void test_one_page_flushes_its_translation(void **state)
{
	const unsigned long addr = TEST_BASE + 21 * PAGE_SIZE;
	const unsigned long other = TEST_BASE + 22 * PAGE_SIZE;
	unsigned long one0 = sum_vm_event(NR_TLB_LOCAL_FLUSH_ONE), pfn;
	LIST_HEAD(list);

	(void)state;
	activate_mm(mm);
	assert_int_equal(touch(mm, addr), 0);
	assert_int_equal(touch(mm, other), 0);
	tlb_touch(mm, addr);
	tlb_touch(mm, other);
	isolate_at(addr, &list);
	assert_int_equal(migrate_pages(&list, alloc_target, free_target, 0,
				       MIGRATE_SYNC, MR_SYSCALL, NULL),
			 0);
	/* One page: that address alone is flushed, the rest stays cached. */
	assert_int_equal(sum_vm_event(NR_TLB_LOCAL_FLUSH_ONE), one0 + 1);
	assert_true(tlb_coherent(mm, addr));
	assert_true(host_tlb_lookup(other, &pfn));
	activate_mm(NULL);
}

static void test_pinned_page_never_moves(void **state)
{
	const unsigned long addr = TEST_BASE + 30 * PAGE_SIZE;
	unsigned long fail0 = sum_vm_event(PGMIGRATE_FAIL);
	struct page *page;
	LIST_HEAD(list);

	(void)state;
	assert_int_equal(touch(mm, addr), 0);
	fill_page(mm, addr, 30);
	page = page_at(mm, addr);
	get_page(page); /* a pin, as DMA would take */
	isolate_at(addr, &list);
	assert_int_equal(migrate_pages(&list, alloc_target, free_target, 0,
				       MIGRATE_SYNC, MR_SYSCALL, NULL),
			 1);
	assert_ptr_equal(list_first_entry(&list, struct page, lru), page);
	putback_movable_pages(&list);
	assert_ptr_equal(page_at(mm, addr), page);
	assert_true(page_intact(mm, addr, 30));
	assert_true(PageLRU(page) && !PageIsolated(page));
	assert_int_equal(sum_vm_event(PGMIGRATE_FAIL), fail0 + 1);
	__free_page(page); /* unpin */
	assert_int_equal(page_ref_count(page), 1);
}

static void test_shared_page_moves_in_every_mm(void **state)
{
	struct mm_struct *other = mm_alloc("other");
	const unsigned long addr = TEST_BASE + 40 * PAGE_SIZE;
	const unsigned long oaddr = 0x200000000UL;
	struct page *old, *new;
	LIST_HEAD(list);

	(void)state;
	assert_non_null(other);
	assert_int_equal(touch(mm, addr), 0);
	fill_page(mm, addr, 40);
	assert_int_equal(mm_share_range(other, oaddr, mm, addr, 2 * PAGE_SIZE),
			 0);
	old = page_at(mm, addr);
	assert_ptr_equal(page_at(other, oaddr), old);
	assert_int_equal(page_mapcount(old), 2);
	isolate_at(addr, &list);
	assert_int_equal(migrate_pages(&list, alloc_target, free_target, 0,
				       MIGRATE_SYNC, MR_SYSCALL, NULL),
			 0);
	new = page_at(mm, addr);
	assert_ptr_not_equal(new, old);
	assert_ptr_equal(page_at(other, oaddr), new);
	assert_int_equal(page_mapcount(new), 2);
	assert_int_equal(page_ref_count(new), 2);
	assert_true(page_intact(mm, addr, 40));
	mm_destroy(other);
	assert_int_equal(page_mapcount(new), 1);
}

/*
 * A mapping rmap cannot reach (here a PTE in a VMA of another anon_vma)
 * survives try_to_migrate(), so the migration must be undone: every PTE
 * that became a migration entry maps the old page again.
 */
static void test_failed_migration_restores_ptes(void **state)
{
	struct mm_struct *other = mm_alloc("other");
	const unsigned long addr = TEST_BASE + 60 * PAGE_SIZE;
	const unsigned long oaddr = 0x200000000UL;
	struct vm_area_struct *ovma;
	struct page *page;
	LIST_HEAD(list);

	(void)state;
	assert_non_null(other);
	ovma = mmap_anon(other, oaddr, PAGE_SIZE, VM_READ | VM_WRITE);
	assert_non_null(ovma);
	assert_int_equal(touch(mm, addr), 0);
	fill_page(mm, addr, 60);
	page = page_at(mm, addr);
	assert_int_equal(map_anon_page(ovma, oaddr, page), 0);
	isolate_at(addr, &list);
	assert_int_equal(migrate_pages(&list, alloc_target, free_target, 0,
				       MIGRATE_SYNC, MR_SYSCALL, NULL),
			 1);
	putback_movable_pages(&list);
	assert_ptr_equal(page_at(mm, addr), page);
	assert_ptr_equal(page_at(other, oaddr), page);
	assert_true(page_intact(mm, addr, 60));
	assert_int_equal(page_mapcount(page), 2);
	assert_int_equal(page_ref_count(page), 2);
	assert_false(PageLocked(page) || PageIsolated(page));
	mm_destroy(other);
	assert_int_equal(page_ref_count(page), 1);
}

static void test_page_freed_while_isolated(void **state)
{
	const unsigned long addr = TEST_BASE + 50 * PAGE_SIZE;
	unsigned int done = 0;
	struct page *page;
	LIST_HEAD(list);

	(void)state;
	assert_int_equal(touch(mm, addr), 0);
	page = isolate_at(addr, &list);
	assert_int_equal(zap_page_range(mm, addr, PAGE_SIZE), 1);
	assert_int_equal(page_ref_count(page), 1); /* only ours */
	assert_int_equal(migrate_pages(&list, alloc_target, free_target, 0,
				       MIGRATE_SYNC, MR_SYSCALL, &done),
			 0);
	assert_int_equal(done, 1);
	assert_int_equal(page_ref_count(page), 0);
	assert_false(PageAnon(page));
}

/* The new page of the migration in flight, and its lock at each step. */
static struct page *new_in_flight;
static bool locked_at_putback;

static struct page *alloc_target_seen(struct page *src, unsigned long private)
{
	new_in_flight = alloc_target(src, private);
	return new_in_flight;
}

static void note_putback(enum migrate_step done)
{
	if (done == MIGRATE_STEP_PUTBACK)
		locked_at_putback = PageLocked(new_in_flight);
}

/*
 * Once migration drops the new page's allocation reference, only its
 * mapping holds it, and a zap (a workload's munmap) may free it at once:
 * it must be unlocked by then, or the free finds a locked page (a bad
 * page state).
 */
static void test_new_page_unlocked_before_its_reference_goes(void **state)
{
	const unsigned long addr = TEST_BASE + 40 * PAGE_SIZE;
	LIST_HEAD(list);

	(void)state;
	assert_int_equal(touch(mm, addr), 0);
	isolate_at(addr, &list);
	locked_at_putback = true;
	migrate_step_hook = note_putback;
	assert_int_equal(migrate_pages(&list, alloc_target_seen, free_target, 0,
				       MIGRATE_SYNC, MR_SYSCALL, NULL),
			 0);
	migrate_step_hook = NULL;
	assert_ptr_equal(page_at(mm, addr), new_in_flight);
	assert_false(locked_at_putback);
	assert_int_equal(zap_page_range(mm, addr, PAGE_SIZE), 1);
	assert_int_equal(page_ref_count(new_in_flight), 0);
	assert_false(PageLocked(new_in_flight));
}

static void test_munmap_splits_and_frees_tables(void **state)
{
	unsigned long tables;

	(void)state;
	for (unsigned long i = 0; i < 8; i++)
		assert_int_equal(touch(mm, TEST_BASE + i * PAGE_SIZE), 0);
	tables = nr_pagetable_pages;
	assert_int_equal(vm_munmap(mm, TEST_BASE + 2 * PAGE_SIZE, PAGE_SIZE),
			 0);
	assert_null(find_vma(mm, TEST_BASE + 2 * PAGE_SIZE));
	assert_non_null(find_vma(mm, TEST_BASE + 3 * PAGE_SIZE));
	assert_non_null(page_at(mm, TEST_BASE + 3 * PAGE_SIZE));
	assert_int_equal(vm_munmap(mm, TEST_BASE, 64 * PAGE_SIZE), 0);
	assert_null(find_vma(mm, TEST_BASE));
	/* The PT, PD and PDPT of the range are gone; the PML4 stays. */
	assert_true(nr_pagetable_pages < tables);
	assert_int_equal(mm->rss, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_fault_maps_a_zeroed_movable_page, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_fault_outside_vma_or_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_moves_data_and_pte,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_flushes_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_batch_shoots_down_once,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_one_page_flushes_its_translation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinned_page_never_moves,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_failed_migration_restores_ptes, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_shared_page_moves_in_every_mm, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_new_page_unlocked_before_its_reference_goes, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_page_freed_while_isolated,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_munmap_splits_and_frees_tables, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
