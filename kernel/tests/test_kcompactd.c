/*
 * Self-tests of background compaction and of migration under load: pages
 * move while writer threads keep writing them, and nothing is lost.
 */
#include "kernel/tests/kcompactd_pause.h"
#include "kernel/shell/workload.h"
#include "kernel/shell/writers.h"
#include "ktest.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/fault.h"
#include "mm/gfp.h"
#include "mm/vmstat.h"

#define STRESS_ROUNDS 6

KTEST(stress_writers_under_compaction)
{
	unsigned long moved0 = sum_vm_event(PGMIGRATE_SUCCESS);
	unsigned long waits0 = nr_migration_waits, checked;
	struct writers_stats st;

	KTEST_ASSERT(workload_create(FRAG_RANDOM, 100) == 0);
	KTEST_ASSERT(writers_start(4) == 0);
	/* kcompactd runs too: the score is far above its high mark. */
	for (int round = 0; round < STRESS_ROUNDS; round++) {
		compact_node(NODE_DATA(0), -1, NULL);
		msleep(100);
	}
	writers_stop();
	writers_get_stats(&st);
	ktest_log(
		"%lu writes, %lu pages migrated, %lu waits on migration entries",
		st.writes, sum_vm_event(PGMIGRATE_SUCCESS) - moved0,
		nr_migration_waits - waits0);
	KTEST_EXPECT(st.writes > 0);
	KTEST_EXPECT(sum_vm_event(PGMIGRATE_SUCCESS) > moved0);
	KTEST_EXPECT_EQ(st.mismatches, 0);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	KTEST_EXPECT_EQ(checked, workload->nr_live);
	workload_release();
}

KTEST(kcompactd_lowers_the_score_on_its_own)
{
	unsigned long wake0, blocks, checked;
	unsigned int score = 100;
	int err;

	if (!kcompactd_enabled)
		KTEST_SKIP(
			"kcompactd is off (kcompactd=off or 'kcompactd off')");
	if (!sysctl_compaction_proactiveness)
		KTEST_SKIP("proactive compaction is off (proactiveness 0)");
	if (page_group_by_mobility_disabled)
		KTEST_SKIP(
			"nogrouping: page tables sit in every pageblock, so compaction cannot free the blocks that would lower the score");
	/* Fragment with kcompactd out of the way, so the start is known. */
	kcompactd_pause();
	err = workload_create(FRAG_RANDOM, 100);
	if (err)
		kcompactd_set_enabled(NODE_DATA(0), true); /* as found */
	KTEST_ASSERT(err == 0, "no workload: %d", err);
	blocks = nr_free_pageblocks();
	wake0 = sum_vm_event(KCOMPACTD_WAKE);
	KTEST_EXPECT(fragmentation_score_node(NODE_DATA(0)) >
		     fragmentation_score_wmark(false));
	/* An earlier test's runs may have left it backing off for 32 s. */
	WRITE_ONCE(kcompactd_state.proactive_defer, 0);
	kcompactd_set_enabled(NODE_DATA(0), true);
	/* Checks every 500 ms: give it a few. */
	for (int i = 0; i < 40 && score > fragmentation_score_wmark(false);
	     i++) {
		msleep(100);
		score = fragmentation_score_node(NODE_DATA(0));
	}
	ktest_log("score %u (high mark %u), free 2 MiB blocks %lu -> %lu",
		  score, fragmentation_score_wmark(false), blocks,
		  nr_free_pageblocks());
	KTEST_EXPECT(score <= fragmentation_score_wmark(false));
	KTEST_EXPECT(sum_vm_event(KCOMPACTD_WAKE) > wake0);
	KTEST_EXPECT(nr_free_pageblocks() > blocks);
	KTEST_EXPECT_EQ(workload_verify(&checked, NULL), 0);
	KTEST_EXPECT_EQ(checked, workload->nr_live);
	workload_release();
}
