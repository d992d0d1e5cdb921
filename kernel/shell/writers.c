/* Writer threads on the workload: see kernel/shell/writers.h. */
#include "kerrno.h"
#include "kernel/sched.h"
#include "shell_cmd.h"
#include "kernel/shell/workload.h"
#include "kernel/shell/writers.h"
#include "bitops.h"
#include "lib.h"
#include "ktime.h"
#include "mm/mmap.h"

static struct {
	unsigned int nr;
	bool stop;
	int running;
	unsigned long writes[MAX_WRITERS];
	unsigned long mismatches[MAX_WRITERS];
} w;

static int writer_thread(void *arg)
{
	unsigned long k = (unsigned long)arg, per = workload->npages / w.nr;
	struct rnd_state rnd;

	prandom_seed(&rnd, 1000 + k);
	activate_mm(workload->mm);
	while (!READ_ONCE(w.stop) && per) {
		unsigned long i = k + w.nr * prandom_below(&rnd, per);

		if (!test_bit(i, workload->live))
			continue;
		if (workload_check_page(i))
			w.mismatches[k]++;
		workload_write_page(i, workload->version[i] + 1);
		w.writes[k]++;
	}
	activate_mm(NULL);
	__atomic_sub_fetch(&w.running, 1, __ATOMIC_RELEASE);
	return 0;
}

/*
 * Start writer @k on the CPU after this one, and so on round the online
 * CPUs: the first writers run beside the shell, not on its CPU, so that
 * compaction started from the shell moves pages other CPUs are using.
 */
static struct task *writer_start(unsigned long k)
{
	int cpu = (smp_processor_id() + 1 + (int)k) % num_online_cpus();
	struct task *t = kthread_create(writer_thread, (void *)k, "writer");

	if (t) {
		kthread_bind(t, cpu);
		wake_up_process(t);
	}
	return t;
}

bool writers_running(void)
{
	return __atomic_load_n(&w.running, __ATOMIC_ACQUIRE) > 0;
}

void writers_stop(void)
{
	WRITE_ONCE(w.stop, true);
	while (writers_running())
		msleep(10);
}

int writers_start(unsigned int n)
{
	if (!workload)
		return -ENOENT;
	if (writers_running())
		return -EBUSY;
	memset(&w, 0, sizeof(w));
	w.nr = n;
	workload->stop_users = writers_stop; /* they run in its address space */
	for (unsigned long k = 0; k < n; k++) {
		__atomic_add_fetch(&w.running, 1, __ATOMIC_RELEASE);
		if (!writer_start(k)) {
			__atomic_sub_fetch(&w.running, 1, __ATOMIC_RELEASE);
			writers_stop();
			return -ENOMEM;
		}
	}
	return 0;
}

void writers_get_stats(struct writers_stats *st)
{
	*st = (struct writers_stats){ .running = (unsigned int)w.running };
	for (unsigned int k = 0; k < w.nr; k++) {
		st->writes += w.writes[k];
		st->mismatches += w.mismatches[k];
	}
}

static void print_stats(const char *what)
{
	struct writers_stats st;

	writers_get_stats(&st);
	shell_printf("writers: %s; %u running, %lu writes, %lu mismatches\n",
		     what, st.running, st.writes, st.mismatches);
}

static int cmd_writers(int argc, char **argv)
{
	unsigned long n;
	int err;

	if (argc == 1) {
		print_stats("status");
		return 0;
	}
	if (!strcmp(argv[1], "stop")) {
		writers_stop();
		print_stats("stopped");
		return 0;
	}
	if (shell_parse_ulong(argv[1], "N", 1, MAX_WRITERS, &n))
		return -EINVAL;
	err = writers_start((unsigned int)n);
	if (err == -ENOENT)
		shell_printf("error: no workload: run mkfrag first\n");
	else if (err == -EBUSY)
		shell_printf(
			"error: writers are running: 'writers stop' first\n");
	else if (err)
		shell_printf("error: could not start %lu threads\n", n);
	else
		shell_printf(
			"writers: %lu threads writing the workload's pages on %d CPUs\n",
			n, min((int)n, num_online_cpus()));
	return err;
}
SHELL_CMD(writers, cmd_writers, "writers [N|stop]",
	  "start N threads that write workload pages, stop them, or show them");
