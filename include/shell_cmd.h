/*
 * Shell commands: how a subsystem registers one next to the code it
 * drives or inspects, with one line,
 *
 *   SHELL_CMD(mem, cmd_mem, "mem", "print the zone summary");
 *
 * and the helpers a command uses: its output, its argument parsing,
 * Ctrl-C and progress lines. This header depends on nothing above lib/,
 * so the scheduler or mm/ can keep an inspection command (`ps`,
 * `vmallocinfo`) without depending on the shell, as Linux's mm/vmstat.c
 * registers /proc/buddyinfo through proc_fs.h and seq_file. The shell
 * itself (line editing, the parser, the command table's reader) is
 * kernel/shell/.
 *
 * A command gets argc/argv (argv[0] is its name) and returns 0, or
 * -EINVAL after printing an "error: ..." line, and the shell adds the usage
 * line. The shell checks the number of words against the usage text before
 * it runs the command: words in [brackets] are optional, and "..." allows
 * any number more. So "compact [ZONE] [order N]" takes 0 to 3 arguments.
 *
 * A long command calls shell_interrupted() now and then and stops when it
 * returns true (the user typed Ctrl-C); it prints progress lines when
 * shell_progress_due() says so. A command that prints nothing for more than
 * a second gets "still running" lines from the shell.
 */
#ifndef _SHELL_CMD_H
#define _SHELL_CMD_H

#include "compiler.h"
#include "types.h"

struct shell_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *help;
};

#define SHELL_CMD(nm, func, use, hlp)                                      \
	static const struct shell_cmd __shell_cmd_##nm __used __aligned(8) \
		__section(".shell_cmds." #nm) = { #nm, func, use, hlp }

/* Print a command's reply (printf format), whatever the log level. */
void shell_printf(const char *fmt, ...) __printf(1, 2);

/**
 * shell_parse_ulong - parse a command argument as a number
 * @s: the argument (decimal, or hexadecimal with 0x)
 * @what: its name, for the error message
 * @min: smallest value allowed
 * @max: largest value allowed
 * @out: the value
 *
 * Return: 0, or -EINVAL after printing "error: ..." for the user.
 */
int shell_parse_ulong(const char *s, const char *what, unsigned long min,
		      unsigned long max, unsigned long *out);

/**
 * shell_parse_size - parse a size: "64M", "4096", "2g" or "10%"
 * @s: the argument: bytes with an optional K, M, G or T suffix (powers of
 *	1024), or a percentage of @whole
 * @what: its name, for the error message
 * @whole: what 100% is, in bytes; also the largest size accepted
 * @bytes: the size
 *
 * Return: 0, or -EINVAL after printing "error: ..." (malformed, zero, or
 * larger than @whole).
 */
int shell_parse_size(const char *s, const char *what, u64 whole, u64 *bytes);

/* The populated zone called @s (any case), or NULL after an error line. */
struct zone *shell_parse_zone(const char *s);

/**
 * shell_interrupted - has the user typed Ctrl-C during this command?
 *
 * Looks at the input that is waiting without blocking; bytes typed before
 * the Ctrl-C are dropped (as a terminal flushes its input), bytes after it
 * are kept for the next prompt. Stays true until the command returns.
 * Context: the shell thread.
 */
bool shell_interrupted(void);

/* Progress lines of one command: at most one a second of guest time. */
struct shell_progress {
	u64 next_ns;
};

/**
 * shell_progress_due - time for the next progress line?
 * @p: the command's progress state, zeroed before the first call
 *
 * The first call only starts the clock. Also keeps the shell's own "still
 * running" lines away while the command reports for itself.
 * Return: true at most once a second.
 */
bool shell_progress_due(struct shell_progress *p);

/* The command prints nothing while it runs, on purpose (`sleep`): no
 * "still running" lines for it. */
void shell_progress_quiet(void);

#endif
