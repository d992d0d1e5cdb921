/*
 * CPU identity. One CPU runs today; per-CPU data is already indexed by
 * smp_processor_id() so that bringing up more CPUs adds entries, not code.
 */
#ifndef _SMP_H
#define _SMP_H

static inline int smp_processor_id(void)
{
	return 0;
}

static inline int num_online_cpus(void)
{
	return 1;
}

#define for_each_online_cpu(cpu) \
	for ((cpu) = 0; (cpu) < num_online_cpus(); (cpu)++)

#endif
