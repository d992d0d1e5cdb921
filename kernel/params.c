/* The kernel command line: see include/param.h. */
#include "kerrno.h"
#include "lib.h"
#include "param.h"
#include "printk.h"
#include "seq_file.h"

extern const struct kernel_param __start_kernel_params[];
extern const struct kernel_param __stop_kernel_params[];

#define NR_KERNEL_PARAMS \
	table_entries(__start_kernel_params, __stop_kernel_params)
#define for_each_kernel_param(p)        \
	for (p = __start_kernel_params; \
	     p != __start_kernel_params + NR_KERNEL_PARAMS; p++)

static const char *const type_names[] = {
	[PARAM_FLAG] = "flag", [PARAM_BOOL] = "on|off", [PARAM_UINT] = "number",
	[PARAM_SIZE] = "size", [PARAM_STRING] = "word",
};

static int parse_bool(const char *val, bool *out)
{
	static const char *const yes[] = { "on", "1", "yes", "y", "true" };
	static const char *const no[] = { "off", "0", "no", "n", "false" };

	for (unsigned int i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(val, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(val, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_uint(const struct kernel_param *p, const char *val)
{
	u64 v;
	int err = kstrtou64(val, &v);

	if (err)
		return err;
	if (v < p->min || v > p->max)
		return -ERANGE;
	*p->var.u = (unsigned int)v;
	return 0;
}

static int parse_size(const struct kernel_param *p, const char *val)
{
	u64 v;
	int err = memparse_strict(val, &v);

	if (err)
		return err;
	if (v < p->min)
		return -ERANGE;
	*p->var.size = v;
	return 0;
}

/* Apply @val (NULL when the word had no '=') to @p. */
static int set_param(const struct kernel_param *p, const char *val)
{
	if (p->type == PARAM_FLAG) {
		if (val)
			return -EINVAL;
		*p->var.b = true;
		return 0;
	}
	if (!val || !*val)
		return -EINVAL;
	switch (p->type) {
	case PARAM_BOOL:
		return parse_bool(val, p->var.b);
	case PARAM_UINT:
		return parse_uint(p, val);
	case PARAM_SIZE:
		return parse_size(p, val);
	case PARAM_STRING:
		*p->var.str = val;
		return 0;
	default:
		return -EINVAL;
	}
}

static const struct kernel_param *find_param(const char *name)
{
	const struct kernel_param *p;

	for_each_kernel_param(p) if (!strcmp(p->name, name)) return p;
	return NULL;
}

/* Apply one "name[=value]" word; returns 0 or a negative error. */
static int apply_word(char *word)
{
	char *eq = strchr(word, '=');
	const struct kernel_param *p;
	int err;

	if (eq)
		*eq = '\0';
	p = find_param(word);
	if (!p) {
		pr_warn("Unknown kernel command line parameter \"%s%s%s\", ignored\n",
			word, eq ? "=" : "", eq ? eq + 1 : "");
		return -ENOENT;
	}
	err = set_param(p, eq ? eq + 1 : NULL);
	if (err)
		pr_err("Bad value for kernel parameter \"%s\": \"%s\" (expected %s%s), ignored\n",
		       word, eq ? eq + 1 : "", type_names[p->type],
		       p->type == PARAM_UINT		 ? " in range"
		       : p->type == PARAM_SIZE && p->min ? " above 0"
							 : "");
	return err;
}

int parse_kernel_cmdline(char *cmdline)
{
	int rejected = 0;
	char *s = cmdline;

	while (*s) {
		char *word;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		word = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
		if (apply_word(word))
			rejected++;
	}
	return rejected;
}

void print_kernel_params(struct seq_file *m)
{
	const struct kernel_param *p;

	for_each_kernel_param(p)
	{
		if (p->type == PARAM_UINT)
			seq_printf(m, "  %-26s %s %u..%u: %s\n", p->name,
				   type_names[p->type], p->min, p->max,
				   p->help);
		else
			seq_printf(m, "  %-26s %s: %s\n", p->name,
				   type_names[p->type], p->help);
	}
}
