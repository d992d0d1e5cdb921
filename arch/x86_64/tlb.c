/* TLB invalidation, shootdowns and address-space switches (asm/tlbflush.h). */
#include <asm/processor.h>
#include <asm/tlbflush.h>

#include "smp.h"
#include "mm/vmstat.h"

void flush_tlb_one(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" ::"r"(va) : "memory");
}

void flush_tlb_local(void)
{
	write_cr3(read_cr3());
}

void flush_tlb_all(void)
{
	unsigned long cr4 = read_cr4();

	/* Toggling PGE drops global entries too. */
	write_cr4(cr4 & ~X86_CR4_PGE);
	write_cr4(cr4);
}

/* The shootdown IPI's work, interrupts off: @info is the sender's. */
static void flush_tlb_func(void *info)
{
	flush_tlb_info_here(info);
	__count_vm_event(NR_TLB_REMOTE_FLUSH_RECEIVED);
}

void flush_tlb_multi(const struct cpumask *cpus,
		     const struct flush_tlb_info *info)
{
	struct cpumask targets = { cpus->bits & cpu_online_mask.bits };

	cpumask_clear_cpu(smp_processor_id(), &targets);
	count_vm_events(NR_TLB_REMOTE_FLUSH, cpumask_weight(&targets));
	smp_call_function_many(&targets, flush_tlb_func, (void *)info, true);
}

phys_addr_t read_cr3(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}

void write_cr3(phys_addr_t pa)
{
	__asm__ __volatile__("mov %0, %%cr3" ::"r"(pa) : "memory");
}
