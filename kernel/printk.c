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
		n = sizeof(buf) - 1;
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
