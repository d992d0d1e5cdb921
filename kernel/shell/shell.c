/*
 * The shell: read a line from the console with a little line editing, split
 * it into words, check them against the command's usage text, run the
 * command. Lines end with \r, \n or \r\n, so a terminal and piped input both
 * work. See kernel/shell/shell.h for what commands may call.
 */
#include <stdarg.h>

#include <asm/processor.h>

#include "console.h"
#include "kerrno.h"
#include "kernel/sched.h"
#include "kernel/shell/shell.h"
#include "lib.h"
#include "seq_file.h"
#include "spinlock.h"
#include "ktime.h"
#include "wait.h"
#include "mm/mm.h"

#define SHELL_LINE_MAX 256
#define SHELL_MAX_ARGS 16
#define SHELL_HISTORY 16    /* lines the up arrow can bring back */
#define SHELL_TYPEAHEAD 256 /* input read while looking for Ctrl-C */
#define NSEC_PER_SEC 1000000000UL

#define CTRL(c) ((c)&0x1f)
#define KEY_ESC 0x1b
#define KEY_DEL 0x7f

extern const struct shell_cmd __start_shell_cmds[], __stop_shell_cmds[];

/*
 * The commands the linker gathered from the .shell_cmds.* sections, sorted
 * by name. Counted through integers: comparing pointers to two different
 * symbols is undefined in C, whatever the linker made of them.
 */
static size_t nr_shell_cmds(void)
{
	return ((uintptr_t)__stop_shell_cmds - (uintptr_t)__start_shell_cmds) /
	       sizeof(struct shell_cmd);
}

const struct shell_cmd *shell_find(const char *name)
{
	for (size_t i = 0; i < nr_shell_cmds(); i++)
		if (!strcmp(__start_shell_cmds[i].name, name))
			return &__start_shell_cmds[i];
	return NULL;
}

/*
 * A command's reply goes straight to the console: it is an answer, not a
 * log message, so the loglevel= boot parameter must not hide it.
 */
void shell_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf)) {
		/* Cut short, but still a whole line if it was meant as one. */
		n = sizeof(buf) - 1;
		if (fmt[strlen(fmt) - 1] == '\n')
			buf[n - 1] = '\n';
	}
	if (n > 0)
		console_write(buf, (size_t)n);
}

/* --- input: Ctrl-C while a command runs ------------------------------------ */

/*
 * Bytes shell_interrupted() read while looking for a Ctrl-C. They belong to
 * the next prompt, so read_line() takes them before the console's. When the
 * buffer is full the rest stays in the console's own buffer (which holds
 * off the sender), so nothing is lost; a Ctrl-C behind it is seen later.
 */
static struct {
	char buf[SHELL_TYPEAHEAD];
	unsigned int head, tail; /* free-running; head - tail bytes held */
} ahead;
static bool interrupted; /* Ctrl-C seen during the current command */

bool shell_interrupted(void)
{
	int c;

	while (!interrupted && ahead.head - ahead.tail < SHELL_TYPEAHEAD &&
	       (c = console_getc()) >= 0) {
		if (c == CTRL('C')) {
			interrupted = true;
			ahead.tail = ahead.head;
			console_write("^C\n", 3);
		} else {
			ahead.buf[ahead.head++ % SHELL_TYPEAHEAD] = (char)c;
		}
	}
	return interrupted;
}

static int shell_getc(void)
{
	int c;

	if (ahead.head != ahead.tail)
		return (u8)ahead.buf[ahead.tail++ % SHELL_TYPEAHEAD];
	while ((c = console_getc_wait()) < 0)
		cpu_relax();
	return c;
}

/* --- progress: "still running" lines ---------------------------------------- */

/*
 * While a command runs, a helper thread prints "NAME: still running, N s"
 * once a second, so that a long call into mm/ that cannot report progress
 * itself (building the workload, compacting a big zone) does not look like
 * a hang. A command that prints its own progress turns it off.
 */
#define TICKER_POLL_MS 100

static struct {
	const char *what; /* the running command, or NULL: quiet */
	u64 start_ns, next_ns;
	struct task *task;
	bool failed; /* no thread could be made: do without */
} ticker;
static DEFINE_SPINLOCK(ticker_lock);
static DECLARE_WAIT_QUEUE_HEAD(ticker_wait);

static int ticker_thread(void *data)
{
	unsigned long flags;
	u64 now;

	(void)data;
	for (;;) {
		wait_event(ticker_wait, READ_ONCE(ticker.what) != NULL);
		msleep(TICKER_POLL_MS);
		spin_lock_irqsave(&ticker_lock, flags);
		now = ktime_get_ns();
		if (ticker.what && now >= ticker.next_ns) {
			u64 secs = (now - ticker.start_ns) / NSEC_PER_SEC;

			shell_printf("  %s: still running, %lu s\n",
				     ticker.what, (unsigned long)secs);
			/* The next whole second from the start: a deadline
			 * from "now" would drift by each poll's lateness
			 * until a second was skipped. */
			ticker.next_ns =
				ticker.start_ns + (secs + 1) * NSEC_PER_SEC;
		}
		spin_unlock_irqrestore(&ticker_lock, flags);
	}
	return 0;
}

static void ticker_start(const char *what)
{
	unsigned long flags;

	if (!ticker.task && !ticker.failed) {
		ticker.task = kthread_run(ticker_thread, NULL, "shell-ticker");
		ticker.failed = !ticker.task;
	}
	spin_lock_irqsave(&ticker_lock, flags);
	ticker.what = what;
	ticker.start_ns = ktime_get_ns();
	ticker.next_ns = ticker.start_ns + NSEC_PER_SEC;
	spin_unlock_irqrestore(&ticker_lock, flags);
	wake_up(&ticker_wait);
}

void shell_progress_quiet(void)
{
	unsigned long flags;

	spin_lock_irqsave(&ticker_lock, flags);
	ticker.what = NULL;
	spin_unlock_irqrestore(&ticker_lock, flags);
}

bool shell_progress_due(struct shell_progress *p)
{
	u64 now = ktime_get_ns();

	if (!p->next_ns) {
		shell_progress_quiet();
		p->next_ns = now + NSEC_PER_SEC;
		return false;
	}
	if (now < p->next_ns)
		return false;
	p->next_ns = now + NSEC_PER_SEC;
	return true;
}

/* --- the line editor ---------------------------------------------------------- */

static char history[SHELL_HISTORY][SHELL_LINE_MAX];
static unsigned int history_count; /* lines ever added */

/* Where an escape sequence (arrow keys send ESC [ A) has got to. */
enum esc_state { ESC_NONE, ESC_SEEN, ESC_CSI, ESC_SS3 };

struct line_editor {
	char *buf;
	size_t size, len;
	enum esc_state esc;
	int hist; /* history line shown (0 newest), -1: the line typed */
	char typed[SHELL_LINE_MAX]; /* the line typed, while browsing */
};

enum edit_result { EDIT_MORE, EDIT_DONE, EDIT_CANCEL };

/* Rub out the last @n characters on the screen. */
static void echo_erase(size_t n)
{
	static const char rub[] = "\b \b\b \b\b \b\b \b\b \b\b \b\b \b\b \b";

	while (n) {
		size_t k = min(n, (sizeof(rub) - 1) / 3);

		console_write(rub, k * 3);
		n -= k;
	}
}

/* Show @s instead of the line being edited. */
static void line_replace(struct line_editor *e, const char *s)
{
	size_t n = strlen(s);

	if (n >= e->size)
		n = e->size - 1;
	echo_erase(e->len);
	memmove(e->buf, s, n);
	e->buf[n] = '\0';
	e->len = n;
	console_write(e->buf, n);
}

static const char *history_line(unsigned int age)
{
	return history[(history_count - 1 - age) % SHELL_HISTORY];
}

static void history_add(const char *line)
{
	const char *p = line;

	while (*p == ' ')
		p++;
	if (!*p || (history_count && !strcmp(history_line(0), line)))
		return;
	memcpy(history[history_count % SHELL_HISTORY], line, strlen(line) + 1);
	history_count++;
}

/* Up (@step 1: older) or down (-1: newer) through the history. */
static void history_move(struct line_editor *e, int step)
{
	int to = e->hist + step;
	int nr = (int)min(history_count, (unsigned int)SHELL_HISTORY);

	if (to < -1 || to >= nr)
		return;
	if (e->hist == -1) {
		e->buf[e->len] = '\0';
		memcpy(e->typed, e->buf, e->len + 1);
	}
	e->hist = to;
	line_replace(e, to == -1 ? e->typed : history_line((unsigned int)to));
}

/*
 * One byte of an escape sequence. Up and down arrows (ESC [ A, ESC [ B, or
 * ESC O A/B in a terminal's application mode) walk the history; every other
 * sequence is swallowed whole, so no stray "[C" lands in the line.
 */
static void edit_escape(struct line_editor *e, int c)
{
	bool final = false;

	switch (e->esc) {
	case ESC_SEEN: /* ESC then a key: Alt-key, dropped */
		e->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
		return;
	case ESC_SS3:
		final = true;
		break;
	case ESC_CSI:
		/*
		 * Parameters 0x20-0x3f, as many as come, then a final byte
		 * 0x40-0x7e. No length limit: a sequence cut short would
		 * leave its tail (";1;1...A") in the line.
		 */
		if (c >= 0x40 && c <= 0x7e)
			final = true;
		else if (c > 0x7e)
			e->esc = ESC_NONE;
		break;
	case ESC_NONE:
		break;
	}
	if (!final)
		return;
	e->esc = ESC_NONE;
	if (c == 'A')
		history_move(e, 1);
	else if (c == 'B')
		history_move(e, -1);
}

/* Apply one input byte to the line. */
static enum edit_result edit_key(struct line_editor *e, int c)
{
	if (e->esc != ESC_NONE) {
		if (c >= 0x20) {
			edit_escape(e, c);
			return EDIT_MORE;
		}
		/* A control byte ends a broken sequence and acts as itself. */
		e->esc = ESC_NONE;
	}
	switch (c) {
	case '\r':
	case '\n':
		return EDIT_DONE;
	case CTRL('C'):
		return EDIT_CANCEL;
	case CTRL('U'):
		line_replace(e, "");
		return EDIT_MORE;
	case '\b':
	case KEY_DEL:
		if (e->len) {
			e->len--;
			echo_erase(1);
		}
		return EDIT_MORE;
	case KEY_ESC:
		e->esc = ESC_SEEN;
		return EDIT_MORE;
	case '\t':
		c = ' ';
		break;
	}
	/* Other control bytes and non-ASCII are dropped, never echoed. */
	if (c >= 0x20 && c < KEY_DEL && e->len + 1 < e->size) {
		e->buf[e->len++] = (char)c;
		console_write((const char *)&e->buf[e->len - 1], 1);
	}
	return EDIT_MORE;
}

/*
 * Read one line into @buf. Returns false if the user abandoned it with
 * Ctrl-C. A \n right after a \r is the second half of one line end.
 */
static bool read_line(char *buf, size_t size)
{
	static bool last_was_cr;
	struct line_editor e = { .buf = buf, .size = size, .hist = -1 };
	enum edit_result r;

	for (;;) {
		int c = shell_getc();

		if (c == '\n' && last_was_cr) {
			last_was_cr = false;
			continue;
		}
		last_was_cr = c == '\r';
		r = edit_key(&e, c);
		if (r != EDIT_MORE)
			break;
	}
	buf[e.len] = '\0';
	if (r == EDIT_CANCEL) {
		console_write("^C\n", 3);
		return false;
	}
	console_write("\n", 1);
	history_add(buf);
	return true;
}

/* --- running a command ---------------------------------------------------------- */

static int split_words(char *line, char **argv)
{
	int argc = 0;

	while (*line) {
		while (*line == ' ' || *line == '\t')
			*line++ = '\0';
		if (!*line)
			break;
		if (argc == SHELL_MAX_ARGS)
			return -E2BIG;
		argv[argc++] = line;
		while (*line && *line != ' ' && *line != '\t')
			line++;
	}
	return argc;
}

/*
 * How many arguments a usage text allows: "compact [ZONE] [order N]" gives
 * 0 to 3. Words inside brackets are optional; "..." means no upper limit
 * (*max = -1).
 */
static void usage_arg_range(const char *usage, int *min, int *max)
{
	int depth = 0, words = -1, required = -1; /* the name is no argument */
	bool unbounded = false;
	const char *p = usage;

	while (*p) {
		bool optional;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		for (; *p == '['; p++)
			depth++;
		optional = depth > 0;
		for (; *p && *p != ' '; p++) {
			depth += (*p == '[') - (*p == ']');
			unbounded |= p[0] == '.' && p[1] == '.' && p[2] == '.';
		}
		words++;
		required += !optional;
	}
	*min = required;
	*max = unbounded ? -1 : words;
}

/* Refuse a wrong number of arguments before the command sees them. */
static bool check_arg_count(const struct shell_cmd *c, int nargs)
{
	int min, max;

	usage_arg_range(c->usage, &min, &max);
	if (max == 0 && nargs > 0)
		shell_printf("error: '%s' takes no arguments\n", c->name);
	else if (nargs < min)
		shell_printf("error: '%s' needs %s%d argument%s\n", c->name,
			     min == max ? "" : "at least ", min,
			     min == 1 ? "" : "s");
	else if (max >= 0 && nargs > max)
		shell_printf("error: '%s' takes at most %d argument%s\n",
			     c->name, max, max == 1 ? "" : "s");
	else
		return true;
	return false;
}

int shell_exec(char *line)
{
	char *argv[SHELL_MAX_ARGS + 1];
	const struct shell_cmd *c;
	int argc = split_words(line, argv), ret;

	if (argc < 0) {
		shell_printf("error: too many words (at most %d)\n",
			     SHELL_MAX_ARGS);
		return -E2BIG;
	}
	if (argc == 0)
		return 0;
	argv[argc] = NULL;
	c = shell_find(argv[0]);
	if (!c) {
		shell_printf(
			"error: unknown command '%.40s' (type 'help' for the list)\n",
			argv[0]);
		return -ENOENT;
	}
	if (!check_arg_count(c, argc - 1)) {
		ret = -EINVAL;
	} else {
		interrupted = false;
		ticker_start(c->name);
		ret = c->fn(argc, argv);
		shell_progress_quiet();
	}
	if (ret == -EINVAL)
		shell_printf("usage: %s\n", c->usage);
	return ret;
}

void shell_run(void)
{
	char line[SHELL_LINE_MAX];

	shell_printf("Type 'help' for the list of commands.\n");
	for (;;) {
		console_write(SHELL_PROMPT, sizeof(SHELL_PROMPT) - 1);
		if (read_line(line, sizeof(line)))
			shell_exec(line);
	}
}

/* --- argument helpers ------------------------------------------------------------- */

int shell_parse_ulong(const char *s, const char *what, unsigned long min,
		      unsigned long max, unsigned long *out)
{
	u64 v;
	int err = kstrtou64(s, &v);

	if (err || v < min || v > max) {
		shell_printf(
			"error: %s must be a number from %lu to %lu, not '%s'\n",
			what, min, max, s);
		return -EINVAL;
	}
	*out = (unsigned long)v;
	return 0;
}

/* "10%" of @whole; -EINVAL if @s is no percentage from 1 to 100. */
static int parse_percent(const char *s, u64 whole, u64 *bytes)
{
	size_t n = strlen(s);
	char num[24];
	u64 v;

	if (n < 2 || n > sizeof(num) || s[n - 1] != '%')
		return -EINVAL;
	memcpy(num, s, n - 1);
	num[n - 1] = '\0';
	if (kstrtou64(num, &v) || v < 1 || v > 100)
		return -EINVAL;
	*bytes = whole / 100 * v + whole % 100 * v / 100;
	return 0;
}

int shell_parse_size(const char *s, const char *what, u64 whole, u64 *bytes)
{
	u64 v;

	if (strchr(s, '%')) {
		if (!parse_percent(s, whole, bytes))
			return 0;
		shell_printf(
			"error: %s must be a percentage from 1%% to 100%%, not '%s'\n",
			what, s);
		return -EINVAL;
	}
	if (memparse_strict(s, &v) || v == 0) {
		shell_printf(
			"error: %s must be a size such as 64M, 1G or 10%%, not '%s'\n",
			what, s);
		return -EINVAL;
	}
	if (v > whole) {
		shell_printf(
			"error: %s %s is more than the memory (%llu KiB)\n",
			what, s, (unsigned long long)(whole >> 10));
		return -EINVAL;
	}
	*bytes = v;
	return 0;
}

static bool name_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
		char y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

struct zone *shell_parse_zone(const char *s)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		if (name_equal(zone->name, s))
			return zone;
	shell_printf("error: no populated zone '%s' (see 'mem')\n", s);
	return NULL;
}

/* --- the shell's own commands -------------------------------------------------- */

static int cmd_help(int argc, char **argv)
{
	const struct shell_cmd *c;

	if (argc == 2) {
		c = shell_find(argv[1]);
		if (!c) {
			shell_printf("error: no command '%s'\n", argv[1]);
			return -EINVAL;
		}
		shell_printf("usage: %s\n  %s\n", c->usage, c->help);
		return 0;
	}
	for (size_t i = 0; i < nr_shell_cmds(); i++)
		shell_printf("  %-13s %s\n", __start_shell_cmds[i].name,
			     __start_shell_cmds[i].help);
	return 0;
}
SHELL_CMD(help, cmd_help, "help [COMMAND]",
	  "list the commands, or show one command's usage");

static int cmd_halt(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_printf("System halted.\n");
	machine_exit(EXIT_SUCCESS_CODE);
}
SHELL_CMD(halt, cmd_halt, "halt",
	  "power off (ends QEMU with status 33, i.e. success)");

static int cmd_mem(int argc, char **argv)
{
	struct seq_file m;

	(void)argc;
	(void)argv;
	seq_console_init(&m);
	mem_print_summary(&m);
	return 0;
}
SHELL_CMD(mem, cmd_mem, "mem", "print the zone summary");
