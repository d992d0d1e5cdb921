/*
 * `sleep`, `selftest` and `reboot`: the shell commands that drive the
 * machine rather than memory.
 */
#include "console.h"
#include "kerrno.h"
#include "shell_cmd.h"
#include "kernel/shell/workload.h"
#include "ktest.h"
#include "lib.h"
#include "ktime.h"

#define SLEEP_MAX_MS (3600UL * 1000)
#define SLEEP_STEP_MS 100 /* how often `sleep` looks for Ctrl-C */

/* "2", "0.25" or "1.5": seconds, at most three decimals, into @ms. */
static int parse_seconds(const char *s, unsigned long *ms)
{
	char whole[24];
	const char *dot = strchr(s, '.');
	size_t n = dot ? (size_t)(dot - s) : strlen(s);
	unsigned long frac = 0, scale = 100;
	u64 secs;

	if (n == 0 || n >= sizeof(whole))
		return -EINVAL;
	memcpy(whole, s, n);
	whole[n] = '\0';
	if (kstrtou64(whole, &secs) || secs > SLEEP_MAX_MS / 1000)
		return -EINVAL;
	if (dot) {
		if (!dot[1] || strlen(dot + 1) > 3)
			return -EINVAL;
		for (const char *p = dot + 1; *p; p++, scale /= 10) {
			if (*p < '0' || *p > '9')
				return -EINVAL;
			frac += (unsigned long)(*p - '0') * scale;
		}
	}
	*ms = (unsigned long)secs * 1000 + frac;
	return *ms > SLEEP_MAX_MS ? -EINVAL : 0;
}

/*
 * Sleep in short steps so that Ctrl-C ends it soon. Other threads
 * (kcompactd, the writers) run meanwhile; before the scheduler runs,
 * msleep() spins on the TSC instead.
 */
static int cmd_sleep(int argc, char **argv)
{
	unsigned long ms;
	u64 end;

	(void)argc;
	if (parse_seconds(argv[1], &ms)) {
		shell_printf(
			"error: SECONDS must be from 0 to %lu, with at most 3 decimals, not '%s'\n",
			SLEEP_MAX_MS / 1000, argv[1]);
		return -EINVAL;
	}
	shell_progress_quiet();
	end = ktime_get_ns() + (u64)ms * 1000000;
	for (;;) {
		u64 now = ktime_get_ns();

		if (now >= end)
			return 0;
		if (shell_interrupted()) {
			shell_printf("sleep: interrupted\n");
			return 0;
		}
		msleep((unsigned int)min((end - now) / 1000000 + 1,
					 (u64)SLEEP_STEP_MS));
	}
}
SHELL_CMD(sleep, cmd_sleep, "sleep SECONDS",
	  "wait (Ctrl-C stops it); background threads run meanwhile");

extern const struct ktest __start_ktests[], __stop_ktests[];

/* The registered tests, counted through integers (see shell.c). */
static void selftest_list(void)
{
	size_t n = ((uintptr_t)__stop_ktests - (uintptr_t)__start_ktests) /
		   sizeof(struct ktest);

	for (size_t i = 0; i < n; i++)
		shell_printf("  %s\n", __start_ktests[i].name);
}

static int cmd_selftest(int argc, char **argv)
{
	const char *name = argc == 2 ? argv[1] : NULL;
	int failed;

	if (name && !strcmp(name, "list")) {
		selftest_list();
		return 0;
	}
	if (workload) {
		shell_printf(
			"error: the tests build their own workload; 'release' this one first\n");
		return -EBUSY;
	}
	/* The KTAP lines are the progress report. */
	shell_progress_quiet();
	failed = ktest_run(name);
	if (failed < 0) {
		shell_printf(
			"error: no test '%s' ('selftest list' names them)\n",
			name);
		return -EINVAL;
	}
	return 0;
}
SHELL_CMD(selftest, cmd_selftest, "selftest [NAME|list]",
	  "run the in-kernel tests (or one) and print KTAP");

static int cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_printf("Restarting.\n");
	machine_restart();
}
SHELL_CMD(reboot, cmd_reboot, "reboot",
	  "reset the machine (QEMU with -no-reboot exits instead)");
