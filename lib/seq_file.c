/* Text report sinks: see include/seq_file.h. */
#include "seq_file.h"
#include "lib.h"

void seq_buf_init(struct seq_file *m, char *buf, size_t size)
{
	*m = (struct seq_file){ .buf = buf, .size = size };
	if (size)
		buf[0] = '\0';
}

void seq_puts(struct seq_file *m, const char *s)
{
	size_t len = strlen(s), room;

	if (m->write) {
		m->write(m, s, len);
		return;
	}
	room = m->size ? m->size - 1 - m->count : 0;
	if (len > room) {
		len = room;
		m->overflowed = true;
	}
	memcpy(m->buf + m->count, s, len);
	m->count += len;
	if (m->size)
		m->buf[m->count] = '\0';
}

void seq_putc(struct seq_file *m, char c)
{
	char s[2] = { c, '\0' };

	seq_puts(m, s);
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	seq_puts(m, line);
}
