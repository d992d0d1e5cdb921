/* The console as a seq_file sink, for the text reports. */
#include "console.h"
#include "seq_file.h"

static void console_seq_write(struct seq_file *m, const char *s, size_t len)
{
	(void)m;
	console_write(s, len);
}

void seq_console_init(struct seq_file *m)
{
	*m = (struct seq_file){ .write = console_seq_write };
}
