/* Symbol names for addresses in the kernel image, for backtraces. */
#ifndef _KERNEL_KALLSYMS_H
#define _KERNEL_KALLSYMS_H

/**
 * kallsyms_lookup - name the function containing @addr
 * @addr: a kernel text address
 * @offset: receives @addr minus the function's start
 *
 * Return: the symbol name, or NULL if @addr is outside the kernel's text.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset);

/* Address of the function called @name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);

#endif
