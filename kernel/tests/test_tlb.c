/*
 * Self-tests of the TLB shootdown of an unmap (mm/mmu_gather.c) on real
 * CPUs: threads on every other CPU keep reading an address space while
 * this CPU zaps it, round after round. Each zap must cost one shootdown
 * IPI per reading CPU, not one per page, and no reader may ever see a
 * freed page: only the value written there or the zero page of a new
 * fault. With page_poison=on (the tlb suite) a page freed before the
 * readers flushed reads as poison, so freeing before the shootdown, or
 * not shooting down at all, fails here.
 */
#include "kernel/sched.h"
#include "ktest.h"
#include "ktime.h"
#include "lib.h"
#include "smp.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"
#include "kcompactd_pause.h"

#define ZAP_BASE 0x200000000UL
#define ZAP_PAGES 512 /* more than the flush ceiling: a whole flush */
#define ZAP_ROUNDS 16
#define ZAP_WAIT_MS 5000

static struct {
	struct mm_struct *mm;
	bool stop;
	int running;		       /* readers in the mm */
	unsigned long passes[NR_CPUS]; /* reads of the whole range */
	unsigned long stale;	       /* reads of a freed page */
	u64 stale_value;
} zap;

/* What the test writes at @addr: never 0, never the poison. */
static u64 zap_pattern(unsigned long addr)
{
	return addr ^ 0x5a5a000000000001ULL;
}

static int zap_reader_fn(void *arg)
{
	int cpu = smp_processor_id();

	(void)arg;
	activate_mm(zap.mm);
	__atomic_add_fetch(&zap.running, 1, __ATOMIC_RELEASE);
	while (!READ_ONCE(zap.stop)) {
		for (unsigned long a = ZAP_BASE;
		     a < ZAP_BASE + ZAP_PAGES * PAGE_SIZE; a += PAGE_SIZE) {
			u64 v = *(volatile u64 *)a;

			if (v && v != zap_pattern(a)) {
				WRITE_ONCE(zap.stale_value, v);
				__atomic_add_fetch(&zap.stale, 1,
						   __ATOMIC_RELAXED);
			}
		}
		WRITE_ONCE(zap.passes[cpu], zap.passes[cpu] + 1);
	}
	activate_mm(NULL);
	__atomic_sub_fetch(&zap.running, 1, __ATOMIC_RELEASE);
	return 0;
}

/* A reader bound to each other online CPU; returns how many started. */
static int zap_readers_start(void)
{
	int n = 0;

	for (int cpu = 0; cpu < num_online_cpus(); cpu++) {
		struct task *t;

		if (cpu == smp_processor_id())
			continue;
		t = kthread_create(zap_reader_fn, NULL, "zapreader");
		if (!t)
			break;
		kthread_bind(t, cpu);
		wake_up_process(t);
		n++;
	}
	return n;
}

/* Sleep until @cond holds or ZAP_WAIT_MS passed; return @cond. */
#define zap_wait(cond)                                                      \
	({                                                                  \
		for (int __i = 0; __i < ZAP_WAIT_MS / 10 && !(cond); __i++) \
			msleep(10);                                         \
		(cond);                                                     \
	})

/* Every reader has read the whole range once more since @passes. */
static bool zap_readers_passed(const unsigned long *passes)
{
	for (int cpu = 0; cpu < num_online_cpus(); cpu++)
		if (cpu != smp_processor_id() &&
		    READ_ONCE(zap.passes[cpu]) <= passes[cpu] + 1)
			return false;
	return true;
}

/* Write the pattern to every page of the range, through the mm. */
static void zap_populate(void)
{
	struct mm_struct *old = current_mm();

	activate_mm(zap.mm);
	for (unsigned long a = ZAP_BASE; a < ZAP_BASE + ZAP_PAGES * PAGE_SIZE;
	     a += PAGE_SIZE)
		*(volatile u64 *)a = zap_pattern(a);
	activate_mm(old);
}

/* One round: populate, let every reader cache the range, zap it. Returns
 * the shootdown IPIs the zap sent. */
static unsigned long zap_round(void)
{
	unsigned long passes[NR_CPUS], sent0;

	zap_populate();
	memcpy(passes, zap.passes, sizeof(passes));
	if (!zap_wait(zap_readers_passed(passes)))
		return -1UL;
	sent0 = sum_vm_event(NR_TLB_REMOTE_FLUSH);
	zap_page_range(zap.mm, ZAP_BASE, ZAP_PAGES * PAGE_SIZE);
	return sum_vm_event(NR_TLB_REMOTE_FLUSH) - sent0;
}

KTEST(smp_zap_shoots_down_once_before_freeing)
{
	unsigned long sent = 0, per_round;
	bool kcompactd_was_on;
	int readers;

	if (num_online_cpus() < 2)
		KTEST_SKIP("one CPU online");
	memset(&zap, 0, sizeof(zap));
	zap.mm = mm_alloc("zaptest");
	KTEST_ASSERT(zap.mm &&
		     mmap_anon(zap.mm, ZAP_BASE, ZAP_PAGES * PAGE_SIZE,
			       VM_READ | VM_WRITE));
	kcompactd_was_on = kcompactd_pause(); /* no migration's shootdowns */
	readers = zap_readers_start();
	KTEST_EXPECT_EQ(readers, num_online_cpus() - 1);
	KTEST_EXPECT(zap_wait(READ_ONCE(zap.running) == readers),
		     "readers did not start");
	for (int r = 0; r < ZAP_ROUNDS; r++) {
		per_round = zap_round();
		KTEST_EXPECT(per_round <= (unsigned long)readers,
			     "round %d: %lu shootdowns for %d reading CPUs", r,
			     per_round, readers);
		sent += per_round;
	}
	WRITE_ONCE(zap.stop, true);
	KTEST_EXPECT(zap_wait(READ_ONCE(zap.running) == 0),
		     "readers did not stop");
	kcompactd_resume(kcompactd_was_on);
	ktest_log(
		"%d rounds of %d pages, %d reading CPUs: %lu shootdowns, %lu stale reads (page_poison %s)",
		ZAP_ROUNDS, ZAP_PAGES, readers, sent, zap.stale,
		page_poisoning_enabled ? "on" : "off");
	KTEST_EXPECT(sent > 0, "no shootdown at all");
	KTEST_EXPECT(zap.stale == 0, "%lu reads of a freed page, last %#llx",
		     zap.stale, (unsigned long long)zap.stale_value);
	mm_destroy(zap.mm);
}
