/*
 * Host tests of the locking rules that execute (include/lockdep.h): each
 * broken rule gives its warning once per call site, a kept rule gives
 * none, a lock held by another CPU is not held here, and a lock taken
 * twice panics with its name and its owner.
 */
#include <string.h>

#include "lockdep.h"
#include "kernel/sched.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/page_alloc.h"
#include "host.h"

static DEFINE_SPINLOCK(test_lock);

static int setup(void **state)
{
	(void)state;
	host_boot_simple(32);
	host_log_clear();
	host_warnings_allowed = true;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	host_warnings_allowed = false;
	host_mem_free();
	return 0;
}

static bool warned(const char *what)
{
	return strstr(host_log(), "WARNING:") && strstr(host_log(), what);
}

static void sleep_here(void)
{
	might_sleep();
}

static void test_might_sleep_with_a_lock_held(void **state)
{
	unsigned long flags;

	(void)state;
	sleep_here();
	assert_false(warned("invalid context")); /* a thread may sleep */
	spin_lock_irqsave(&test_lock, flags);
	sleep_here();
	spin_unlock_irqrestore(&test_lock, flags);
	assert_true(warned("sleeping function called from invalid context"));
	assert_non_null(strstr(host_log(), "spinlocks held 1"));
	host_log_clear();
	spin_lock_irqsave(&test_lock, flags);
	sleep_here(); /* once per call site */
	spin_unlock_irqrestore(&test_lock, flags);
	assert_false(warned("invalid context"));
}

static void test_might_sleep_with_interrupts_off(void **state)
{
	unsigned long flags;

	(void)state;
	local_irq_save(flags);
	might_sleep();
	local_irq_restore(flags);
	assert_true(warned("irqs_disabled 1, spinlocks held 0"));
}

static void test_cond_resched_with_interrupts_off(void **state)
{
	(void)state;
	local_irq_disable();
	cond_resched();
	local_irq_enable();
	assert_true(warned("sleeping function called from invalid context"));
}

/* A GFP_KERNEL allocation may compact, so may sleep: not under a lock. */
static void test_blocking_allocation_under_a_lock(void **state)
{
	unsigned long flags;
	struct page *page;

	(void)state;
	page = alloc_page(GFP_NOWAIT);
	assert_non_null(page);
	__free_page(page);
	page = alloc_page(GFP_KERNEL);
	assert_non_null(page);
	__free_page(page);
	assert_false(warned("invalid context"));
	spin_lock_irqsave(&test_lock, flags);
	page = alloc_page(GFP_KERNEL);
	spin_unlock_irqrestore(&test_lock, flags);
	assert_non_null(page);
	__free_page(page);
	assert_true(warned("sleeping function called from invalid context"));
}

static void test_assert_held(void **state)
{
	struct zone *zone = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	unsigned long flags;

	(void)state;
	spin_lock_irqsave(&zone->lock, flags);
	move_freepages_block(zone, pfn_to_page(zone->zone_start_pfn),
			     MIGRATE_MOVABLE, MIGRATE_MOVABLE);
	spin_unlock_irqrestore(&zone->lock, flags);
	assert_false(warned("is not held"));
	move_freepages_block(zone, pfn_to_page(zone->zone_start_pfn),
			     MIGRATE_MOVABLE, MIGRATE_MOVABLE);
	assert_true(warned("lock 'zone->lock' is not held"));
}

static void lock_twice(void *arg)
{
	(void)arg;
	spin_lock(&test_lock);
	spin_lock(&test_lock);
}

static void test_lock_taken_twice_panics(void **state)
{
	(void)state;
	assert_true(host_catch_panic(lock_twice, NULL));
	assert_non_null(strstr(host_panic_msg, "deadlock"));
	assert_non_null(strstr(host_panic_msg, "'test_lock'"));
	/* The owner: where the first lock was taken. */
	assert_non_null(strstr(host_panic_msg, "test_lockdep.c"));
	spin_lock_init(&test_lock, "test_lock");
	this_cpu_write(spin_lock_depth,
		       0); /* the panic left one lock counted */
}

static void test_unlock_not_held_warns(void **state)
{
	(void)state;
	spin_lock(&test_lock);
	spin_unlock(&test_lock);
	assert_false(warned("spin_unlock of"));
	spin_unlock(&test_lock);
	assert_true(warned(
		"spin_unlock of 'test_lock' on CPU#0, but it is not locked"));
	spin_lock_init(&test_lock, "test_lock");
	this_cpu_write(spin_lock_depth, 0); /* the bad unlock took one off */
}

/* Take test_lock as CPU 1 would (the host build's CPU number is a
 * variable). */
static void lock_as_another_cpu(void)
{
	this_cpu_write(cpu_number, 1);
	spin_lock(&test_lock);
	this_cpu_write(cpu_number, 0);
}

/* Locked is not enough: the lock must be this CPU's. */
static void test_assert_held_by_another_cpu_warns(void **state)
{
	(void)state;
	lock_as_another_cpu();
	assert_true(spin_is_locked(&test_lock));
	assert_false(spin_is_held_here(&test_lock));
	lockdep_assert_held(&test_lock);
	assert_true(warned("lock 'test_lock' is not held"));
	this_cpu_write(cpu_number, 1);
	spin_unlock(&test_lock);
	this_cpu_write(cpu_number, 0);
	spin_lock(&test_lock);
	assert_true(spin_is_held_here(&test_lock));
	spin_unlock(&test_lock);
	assert_false(spin_is_held_here(&test_lock));
}

static void test_unlock_held_by_another_cpu_warns(void **state)
{
	(void)state;
	lock_as_another_cpu();
	spin_unlock(&test_lock);
	assert_true(warned(
		"spin_unlock of 'test_lock' on CPU#0, but another CPU holds it"));
	spin_lock_init(&test_lock, "test_lock");
}

/* A zero-filled lock would look held by CPU 0: taking it warns. */
static void test_uninitialised_lock_warns(void **state)
{
	static spinlock_t zeroed;

	(void)state;
	assert_true(spin_is_held_here(&zeroed)); /* what the warning is for */
	spin_lock(&zeroed);
	assert_true(warned("taken before spin_lock_init()"));
	spin_unlock(&zeroed);
	assert_false(spin_is_held_here(&zeroed));
	host_log_clear();
	spin_lock(&zeroed); /* once */
	spin_unlock(&zeroed);
	assert_false(warned("spin_lock_init"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_might_sleep_with_a_lock_held, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_might_sleep_with_interrupts_off, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_cond_resched_with_interrupts_off, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_blocking_allocation_under_a_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assert_held, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lock_taken_twice_panics,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlock_not_held_warns,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_assert_held_by_another_cpu_warns, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_unlock_held_by_another_cpu_warns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uninitialised_lock_warns,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
