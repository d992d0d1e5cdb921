/*
 * printk: format a message and write it to the console if its level is at
 * or below console_loglevel (a message without a level always is). Lines from different contexts never interleave
 * mid-line, because each call writes under a lock with interrupts off.
 */
#include <stdarg.h>

#include "console.h"
#include "kernel/panic.h"
#include "lib.h"
#include "printk.h"
#include "spinlock.h"

/*
 * A message without a KERN_* prefix is a command's reply (the commands
 * that live in arch/ and kernel/ print with plain printk) or a KTAP line:
 * output that was asked for, which loglevel= must never hide, as it hides
 * log messages. Linux gives such messages default_message_loglevel; we
 * have no other channel for answers below the shell layer.
 */
#define LOGLEVEL_ALWAYS (-1)

unsigned int console_loglevel = LOGLEVEL_DEFAULT;
static DEFINE_SPINLOCK(console_lock);
static int last_level = LOGLEVEL_ALWAYS; /* for KERN_CONT */

bool console_locked_here(void)
{
	return spin_is_held_here(&console_lock);
}

/* Strip a KERN_* prefix; return the level (KERN_CONT keeps the last one). */
static int printk_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] != KERN_SOH[0] || !f[1])
		return LOGLEVEL_ALWAYS;
	*fmt = f + 2;
	if (f[1] == 'c')
		return last_level;
	return f[1] - '0';
}

/*
 * A message longer than the buffer: mark the cut, and keep the line end
 * it was meant to have, so the next message starts on a line of its own.
 */
static int printk_cut(char *buf, size_t size, const char *fmt)
{
	static const char mark[] = " [...]";
	size_t n = size - 1, flen = strlen(fmt);
	bool nl = flen && fmt[flen - 1] == '\n';

	n -= sizeof(mark) - 1 + nl;
	memcpy(buf + n, mark, sizeof(mark) - 1);
	n += sizeof(mark) - 1;
	if (nl)
		buf[n++] = '\n';
	buf[n] = '\0';
	return (int)n;
}

int printk(const char *fmt, ...)
{
	char buf[512];
	unsigned long flags;
	va_list ap;
	int level = printk_level(&fmt), n;

	last_level = level;
	if (level > (int)console_loglevel)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = printk_cut(buf, sizeof(buf), fmt);
	if (oops_in_progress) {
		/* The lock holder may be the code that crashed. */
		console_write(buf, (size_t)n);
		return n;
	}
	spin_lock_irqsave(&console_lock, flags);
	console_write(buf, (size_t)n);
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}
