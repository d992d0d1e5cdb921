/*
 * Shell commands for background compaction: `kcompactd [on|off|status]`
 * and `proactiveness N`.
 */
#include "kerrno.h"
#include "shell_cmd.h"
#include "lib.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/vmstat.h"

/* What proactive compaction does at the present proactiveness. */
static void print_proactive_marks(void)
{
	if (!sysctl_compaction_proactiveness)
		shell_printf("proactive compaction off\n");
	else
		shell_printf("kcompactd compacts above score %u, down to %u\n",
			     fragmentation_score_wmark(false),
			     fragmentation_score_wmark(true));
}

static void kcompactd_print_status(void)
{
	const struct kcompactd_state *st = &kcompactd_state;
	pg_data_t *pgdat = NODE_DATA(0);

	shell_printf("kcompactd: %s, %s\n", kcompactd_enabled ? "on" : "off",
		     st->sleeping ? "sleeping" : "running");
	shell_printf("  fragmentation score %u (node), proactiveness %u: ",
		     fragmentation_score_node(pgdat),
		     sysctl_compaction_proactiveness);
	print_proactive_marks();
	if (st->nr_proactive_runs)
		shell_printf(
			"  last proactive run %lu ms ago: score %u -> %u\n",
			jiffies_to_msecs(jiffies - st->last_run),
			st->score_before, st->score_after);
	shell_printf("  back-off: %u checks (%u ms) left\n",
		     st->proactive_defer, st->proactive_defer * 500);
	shell_printf("  runs: %lu proactive, %lu woken by allocations; "
		     "compact_daemon_wake %lu\n",
		     st->nr_proactive_runs, st->nr_woken_runs,
		     sum_vm_event(KCOMPACTD_WAKE));
}

static int cmd_kcompactd(int argc, char **argv)
{
	if (argc == 1 || !strcmp(argv[1], "status")) {
		kcompactd_print_status();
		return 0;
	}
	if (!strcmp(argv[1], "on") || !strcmp(argv[1], "off")) {
		kcompactd_set_enabled(NODE_DATA(0), !strcmp(argv[1], "on"));
		shell_printf("kcompactd: %s\n", argv[1]);
		return 0;
	}
	shell_printf("error: expected on, off or status, not '%s'\n", argv[1]);
	return -EINVAL;
}
SHELL_CMD(kcompactd, cmd_kcompactd, "kcompactd [on|off|status]",
	  "turn background compaction on or off, or show what it does");

static int cmd_proactiveness(int argc, char **argv)
{
	unsigned long n;

	if (argc == 1) {
		shell_printf("proactiveness %u\n",
			     sysctl_compaction_proactiveness);
		return 0;
	}
	if (shell_parse_ulong(argv[1], "N", 0, 100, &n))
		return -EINVAL;
	sysctl_compaction_proactiveness = (unsigned int)n;
	shell_printf("proactiveness %lu: ", n);
	print_proactive_marks();
	return 0;
}
SHELL_CMD(proactiveness, cmd_proactiveness, "proactiveness [N]",
	  "how hard kcompactd keeps fragmentation down, 0 (never) to 100");
