/*
 * Self-test of kcompactd's wake-up: only the kernel runs the thread, so
 * only here can a lost wake-up, or a thread that wakes and does nothing for
 * the waker, be seen (`make mutants` breaks it both ways). That a failed
 * allocation calls wakeup_kcompactd() is checked on the host
 * (tests/host/test_compaction.c, test_direct_compaction).
 */
#include "ktest.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/vmstat.h"

KTEST(kcompactd_runs_when_woken)
{
	unsigned long runs0, wake0;

	KTEST_ASSERT(kcompactd_enabled);
	/* Let a run that an earlier test started finish. */
	for (int i = 0; i < 100 && !READ_ONCE(kcompactd_state.sleeping); i++)
		msleep(20);
	runs0 = READ_ONCE(kcompactd_state.nr_woken_runs);
	wake0 = sum_vm_event(KCOMPACTD_WAKE);
	/* As the slow path of a failed order-9 allocation does. */
	wakeup_kcompactd(NODE_DATA(0), pageblock_order, MAX_NR_ZONES - 1);
	for (int i = 0;
	     i < 100 && READ_ONCE(kcompactd_state.nr_woken_runs) == runs0; i++)
		msleep(20);
	ktest_log("woken runs %lu -> %lu, compact_daemon_wake %lu -> %lu",
		  runs0, READ_ONCE(kcompactd_state.nr_woken_runs), wake0,
		  sum_vm_event(KCOMPACTD_WAKE));
	KTEST_EXPECT(READ_ONCE(kcompactd_state.nr_woken_runs) > runs0,
		     "kcompactd did not run within 2 s of its wake-up");
	KTEST_EXPECT(sum_vm_event(KCOMPACTD_WAKE) > wake0);
	/* The request was served: nothing left pending. */
	KTEST_EXPECT_EQ(READ_ONCE(NODE_DATA(0)->kcompactd_max_order), 0);
}
