/* Number and size parsing for the command line and the shell. */
#include "kerrno.h"
#include "lib.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Parse digits of @base from @s; stop at the first non-digit (*end). */
static int parse_digits(const char *s, unsigned int base, u64 *res,
			const char **end)
{
	u64 v = 0;
	const char *p = s;

	for (; digit_value(*p) < (int)base; p++) {
		unsigned int d = (unsigned int)digit_value(*p);

		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (p == s)
		return -EINVAL;
	*res = v;
	*end = p;
	return 0;
}

static int parse_number(const char *s, u64 *res, const char **end)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_digits(s + 2, 16, res, end);
	return parse_digits(s, 10, res, end);
}

int kstrtou64(const char *s, u64 *res)
{
	const char *end;
	u64 v;
	int err = parse_number(s, &v, &end);

	if (err)
		return err;
	if (*end)
		return -EINVAL;
	*res = v;
	return 0;
}

int memparse_strict(const char *s, u64 *res)
{
	const char *end;
	unsigned int shift = 0;
	u64 v;
	int err = parse_number(s, &v, &end);

	if (err)
		return err;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	case 't':
	case 'T':
		shift = 40;
		break;
	case '\0':
		break;
	default:
		return -EINVAL;
	}
	if (shift && end[1])
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*res = v << shift;
	return 0;
}
