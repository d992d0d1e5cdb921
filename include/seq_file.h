/*
 * A printing sink for text reports (buddyinfo, pagetypeinfo, vmstat, the
 * pageblock map): the same report function writes to the console in the
 * kernel and into a buffer in tests.
 */
#ifndef _SEQ_FILE_H
#define _SEQ_FILE_H

#include "compiler.h"

struct seq_file {
	/* Called with each formatted piece; NULL means "append to buf". */
	void (*write)(struct seq_file *m, const char *s, size_t len);
	char *buf;
	size_t size;
	size_t count;	 /* bytes written to buf so far (buffer sink) */
	bool overflowed; /* buffer sink ran out of room */
};

/* A sink that appends to @buf (always NUL-terminated). */
void seq_buf_init(struct seq_file *m, char *buf, size_t size);
/* A sink that writes straight to the console. */
void seq_console_init(struct seq_file *m);

void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);

#endif
