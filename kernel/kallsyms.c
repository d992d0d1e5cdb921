/*
 * The kernel's symbol table. The build links the kernel once, lists its
 * text symbols with nm and links again with the list (tools/gen_ksyms.py)
 * in the image's last section, so no other address changes.
 */
#include "kernel/kallsyms.h"
#include "lib.h"

/* Defined by the generated build/ksyms.S. */
extern const unsigned long ksyms_num;
extern const unsigned long ksyms_addr[];
extern const unsigned int ksyms_name_off[];
extern const char ksyms_names[];
extern const char _etext[];

const char *kallsyms_lookup(unsigned long addr, unsigned long *offset)
{
	unsigned long lo = 0, hi = ksyms_num;

	if (!ksyms_num || addr < ksyms_addr[0] || addr >= (unsigned long)_etext)
		return NULL;
	/* Binary search for the last symbol at or below addr. */
	while (hi - lo > 1) {
		unsigned long mid = (lo + hi) / 2;

		if (ksyms_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_addr[lo];
	return ksyms_names + ksyms_name_off[lo];
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (unsigned long i = 0; i < ksyms_num; i++)
		if (!strcmp(ksyms_names + ksyms_name_off[i], name))
			return ksyms_addr[i];
	return 0;
}
