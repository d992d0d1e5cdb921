/*
 * printk with Linux's log levels, and the kernel's assertion macros.
 *
 * A message starts with a level marker (KERN_ERR ...); messages above the
 * console log level (boot parameter loglevel=) are not printed. A message
 * without a marker is output asked for (a command's reply, KTAP) and is
 * printed whatever the log level. BUG_ON and
 * VM_BUG_ON_PAGE end in panic(), which prints registers and a backtrace and
 * ends the QEMU run with a failure code.
 */
#ifndef _PRINTK_H
#define _PRINTK_H

#include "compiler.h"

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_CONT KERN_SOH "c"

#define LOGLEVEL_DEFAULT 6 /* print everything but debug */

extern unsigned int console_loglevel;

int printk(const char *fmt, ...) __printf(1, 2);

#define pr_emerg(...) printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...) printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...) printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...) printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...) printk(KERN_DEBUG __VA_ARGS__)
#define pr_cont(...) printk(KERN_CONT __VA_ARGS__)

/**
 * panic - report a fatal error and stop
 * @fmt: printf-style message saying what broke
 *
 * Prints the message, the registers at the call and a backtrace, then ends
 * the run with a failure status. Never returns.
 */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

/* This CPU is writing a line to the console: an NMI that interrupted it
 * must not print (the console lock would be taken twice). */
bool console_locked_here(void);

/* Print a frame-pointer backtrace of the caller, with symbol names. */
void dump_stack(void);

#define BUG() panic("BUG at %s:%d %s()", __FILE__, __LINE__, __func__)
#define BUG_ON(cond)                \
	do {                        \
		if (unlikely(cond)) \
			BUG();      \
	} while (0)

/* KASSERT-style check: the message names the object and the broken rule. */
#define ASSERT(cond, fmt, ...)                                               \
	do {                                                                 \
		if (unlikely(!(cond)))                                       \
			panic("assertion '%s' failed at %s:%d: " fmt, #cond, \
			      __FILE__, __LINE__, ##__VA_ARGS__);            \
	} while (0)

/* Report a broken expectation with a backtrace, once per call site. */
#define WARN_ONCE(cond, ...)                                              \
	({                                                                \
		static bool __warned;                                     \
		bool __c = !!(cond);                                      \
		if (unlikely(__c) && !__warned) {                         \
			__warned = true;                                  \
			printk(KERN_WARNING "WARNING: %s:%d: ", __FILE__, \
			       __LINE__);                                 \
			printk(KERN_CONT __VA_ARGS__);                    \
			dump_stack();                                     \
		}                                                         \
		__c;                                                      \
	})

#define WARN_ON(cond)                                                         \
	({                                                                    \
		bool __c = !!(cond);                                          \
		if (unlikely(__c)) {                                          \
			printk(KERN_WARNING "WARNING: %s:%d: %s\n", __FILE__, \
			       __LINE__, #cond);                              \
			dump_stack();                                         \
		}                                                             \
		__c;                                                          \
	})

#endif
