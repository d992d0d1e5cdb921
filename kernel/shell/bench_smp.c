/*
 * `bench smp`: what more than one CPU costs the memory manager
 * (tools/bench.py puts the lines in docs/BENCHMARKS.md).
 *
 *   bench smp migrate N   full compaction of a workload while N writer
 *                         threads write it from the other CPUs: pages
 *                         migrated, shootdown IPIs, time
 *   bench smp drain       drain_all_pages() against drain_local_pages():
 *                         what reaching the other CPUs' per-CPU lists
 *                         through the call-function IPI costs
 *
 * Boot with migrate_batch=off to compare with one shootdown per page.
 * Under -icount the clock is virtual and shared by every CPU: an
 * instruction any CPU runs advances it by the same step, so the figures
 * count the work of all CPUs together, the IPIs' round trips included.
 */
#include "kerrno.h"
#include "kernel/shell/bench.h"
#include "kernel/shell/workload.h"
#include "kernel/shell/writers.h"
#include "shell_cmd.h"
#include "ktime.h"
#include "lib.h"
#include "smp.h"
#include "mm/compaction.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

/* The vm events a migration run is judged by, summed over the CPUs. */
struct smp_migrate_events {
	unsigned long migrated;
	unsigned long ipis;	  /* shootdown IPIs sent, one per CPU */
	unsigned long ipis_taken; /* and received */
};

static void smp_migrate_events_read(struct smp_migrate_events *ev)
{
	ev->migrated = sum_vm_event(PGMIGRATE_SUCCESS);
	ev->ipis = sum_vm_event(NR_TLB_REMOTE_FLUSH);
	ev->ipis_taken = sum_vm_event(NR_TLB_REMOTE_FLUSH_RECEIVED);
}

/* @ev less the counts @before it (the events of the run). */
static void smp_migrate_events_sub(struct smp_migrate_events *ev,
				   const struct smp_migrate_events *before)
{
	ev->migrated -= before->migrated;
	ev->ipis -= before->ipis;
	ev->ipis_taken -= before->ipis_taken;
}

/*
 * Compact the whole node while the writers run; returns the ns it took,
 * the events in @ev and what the writers did in @ws. The writers stop
 * before the counts are read.
 */
static u64 smp_migrate_run(struct smp_migrate_events *ev,
			   struct writers_stats *ws)
{
	struct compact_stats st = { 0 };
	struct smp_migrate_events before;
	u64 t0, ns;

	smp_migrate_events_read(&before);
	t0 = ktime_get_ns();
	compact_node(NODE_DATA(0), -1, &st);
	ns = ktime_get_ns() - t0;
	writers_stop();
	writers_get_stats(ws);
	smp_migrate_events_read(ev);
	smp_migrate_events_sub(ev, &before);
	return ns;
}

static int bench_smp_migrate(unsigned int nr_writers)
{
	struct smp_migrate_events ev;
	struct writers_stats ws;
	unsigned long checked, bad;
	u64 ns;
	int err;

	if (nr_writers >= (unsigned int)num_online_cpus()) {
		shell_printf(
			"error: %u writers need %u CPUs besides this one (boot with -smp %u)\n",
			nr_writers, nr_writers, nr_writers + 1);
		return -EINVAL;
	}
	err = workload_create(FRAG_RANDOM, 100);
	if (err) {
		shell_printf("error: mkfrag failed (%d)\n", err);
		return err;
	}
	err = nr_writers ? writers_start(nr_writers) : 0;
	if (err) {
		shell_printf("error: could not start the writers (%d)\n", err);
		workload_release();
		return err;
	}
	ns = smp_migrate_run(&ev, &ws);
	bad = workload_verify(&checked, NULL);
	workload_release();
	shell_printf(
		"bench smp_migrate cpus=%d writers=%u migrated=%lu ns=%lu ipis=%lu ipis_received=%lu writes=%lu mismatches=%lu\n",
		num_online_cpus(), nr_writers, ev.migrated, (unsigned long)ns,
		ev.ipis, ev.ipis_taken, ws.writes, bad + ws.mismatches);
	return 0;
}

#define DRAIN_CALLS 255

static u64 drain_ns[DRAIN_CALLS];

/* Median ns of one call of @drain(NULL), each call timed on its own. */
static unsigned long time_drain(void (*drain)(struct zone *zone))
{
	drain(NULL); /* the lists start empty, and stay so */
	for (int i = 0; i < DRAIN_CALLS; i++) {
		u64 t0 = ktime_get_ns();

		drain(NULL);
		drain_ns[i] = ktime_get_ns() - t0;
	}
	sort_u64(drain_ns, DRAIN_CALLS);
	return (unsigned long)drain_ns[DRAIN_CALLS / 2];
}

/*
 * The same empty lists drained here only, then on every CPU: the
 * difference is what reaching the others costs (the IPIs, their
 * handlers, the wait for the last one), of which per_remote_cpu_ns is
 * each remote CPU's share.
 */
static int bench_smp_drain(void)
{
	unsigned long local = time_drain(drain_local_pages);
	unsigned long all = time_drain(drain_all_pages);
	unsigned long remote = (unsigned long)num_online_cpus() - 1;
	unsigned long per_remote = 0;

	if (remote && all > local)
		per_remote = (all - local) / remote;
	shell_printf(
		"bench smp_drain cpus=%d calls=%d local_ns=%lu all_ns=%lu per_remote_cpu_ns=%lu\n",
		num_online_cpus(), DRAIN_CALLS, local, all, per_remote);
	return 0;
}

int bench_smp(int argc, char **argv)
{
	unsigned long n;

	if (argc == 3 && !strcmp(argv[2], "drain"))
		return bench_smp_drain();
	if (argc == 4 && !strcmp(argv[2], "migrate")) {
		if (shell_parse_ulong(argv[3], "N", 0, MAX_WRITERS, &n))
			return -EINVAL;
		return bench_smp_migrate((unsigned int)n);
	}
	shell_printf("error: usage: bench smp migrate N | bench smp drain\n");
	return -EINVAL;
}
