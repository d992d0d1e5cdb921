/*
 * Kernel command-line parameters. Each parameter is declared next to the
 * variable it sets, with a typed macro:
 *
 *   param_flag("selftest", selftest_mode, "run the self-tests and exit");
 *   param_uint("loglevel", console_loglevel, 0, 8, "console log level");
 *   param_size("mem", mem_limit, "use no RAM at or above this address");
 *
 * The entries land in one table (section .kernel_params) that
 * parse_kernel_cmdline() searches; an unknown parameter is reported and
 * ignored, a bad value is reported and leaves the variable unchanged.
 */
#ifndef _PARAM_H
#define _PARAM_H

#include "compiler.h"

enum param_type {
	PARAM_FLAG,   /* "name": sets a bool to true */
	PARAM_BOOL,   /* "name=on|off|1|0|yes|no" */
	PARAM_UINT,   /* "name=N" within [min, max] */
	PARAM_SIZE,   /* "name=SIZE" with K/M/G suffixes */
	PARAM_STRING, /* "name=word": a pointer into the command line */
};

struct kernel_param {
	const char *name;
	enum param_type type;
	union {
		bool *b;
		unsigned int *u;
		u64 *size;
		const char **str;
	} var;
	unsigned int min, max;
	const char *help;
};

#define __define_param(id, nm, ...)                                       \
	static const struct kernel_param __param_##id __used __aligned(8) \
		__section(".kernel_params." nm) = { nm, __VA_ARGS__ }

#define param_flag(nm, v, h) \
	__define_param(v, nm, PARAM_FLAG, { .b = &(v) }, 0, 0, h)
#define param_bool(nm, v, h) \
	__define_param(v, nm, PARAM_BOOL, { .b = &(v) }, 0, 0, h)
#define param_uint(nm, v, lo, hi, h) \
	__define_param(v, nm, PARAM_UINT, { .u = &(v) }, lo, hi, h)
#define param_size(nm, v, h) \
	__define_param(v, nm, PARAM_SIZE, { .size = &(v) }, 0, 0, h)
/* A size of at least @lo bytes: mem=0 would read as "no limit". */
#define param_size_min(nm, v, lo, h) \
	__define_param(v, nm, PARAM_SIZE, { .size = &(v) }, lo, 0, h)
#define param_string(nm, v, h) \
	__define_param(v, nm, PARAM_STRING, { .str = &(v) }, 0, 0, h)

/**
 * parse_kernel_cmdline - apply every "name" or "name=value" word
 * @cmdline: the command line; modified in place (words are cut out)
 *
 * Return: the number of words that were rejected (unknown or bad value).
 */
int parse_kernel_cmdline(char *cmdline);

/* Print every parameter with its type and help (the shell's `params`). */
struct seq_file;
void print_kernel_params(struct seq_file *m);

#endif
