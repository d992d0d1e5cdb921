/*
 * vsnprintf for the kernel: the subset of C's printf that the kernel uses
 * (flags "-0 +#", width and precision with '*', length hh h l ll z, and the
 * conversions d i u x X o c s p %, and the '#' flag). It follows C's semantics exactly, so the
 * host build can use libc's printf for the same format strings.
 */
#include "lib.h"

struct outbuf {
	char *buf;
	size_t size;
	size_t len; /* characters that would have been written */
};

static void out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int prec; /* -1: none */
};

static void out_string(struct outbuf *o, const char *s, const struct spec *sp)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	if (!sp->left)
		out_pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		out_char(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - len);
}

static void out_number(struct outbuf *o, u64 v, bool neg, unsigned int base,
		       bool upper, const char *prefix, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = (int)strlen(prefix), sign, zeros, pad;
	char signc = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;

	if (v == 0 && sp->prec == 0)
		n = 0;
	else
		do {
			tmp[n++] = digits[v % base];
			v /= base;
		} while (v);
	sign = signc ? 1 : 0;
	zeros = sp->prec > n ? sp->prec - n : 0;
	pad = sp->width - (sign + plen + zeros + n);
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		out_pad(o, ' ', pad);
	if (signc)
		out_char(o, signc);
	for (int i = 0; i < plen; i++)
		out_char(o, prefix[i]);
	out_pad(o, '0', zeros);
	while (n)
		out_char(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', pad);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	} else {
		while (*f >= '0' && *f <= '9')
			sp->width = sp->width * 10 + (*f++ - '0');
	}
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				sp->prec = sp->prec * 10 + (*f++ - '0');
		}
	}
	return f;
}

/* Length modifiers: 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t. */
static const char *parse_length(const char *f, int *len)
{
	*len = 0;
	if (*f == 'h') {
		*len = -1;
		if (*++f == 'h') {
			*len = -2;
			f++;
		}
	} else if (*f == 'l') {
		*len = 1;
		if (*++f == 'l') {
			*len = 2;
			f++;
		}
	} else if (*f == 'z') {
		*len = 3;
		f++;
	}
	return f;
}

static u64 fetch_unsigned(va_list *ap, int len)
{
	switch (len) {
	case -2:
		return (unsigned char)va_arg(*ap, unsigned int);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned int);
	case 0:
		return va_arg(*ap, unsigned int);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned long long);
	}
}

static s64 fetch_signed(va_list *ap, int len)
{
	switch (len) {
	case -2:
		return (signed char)va_arg(*ap, int);
	case -1:
		return (short)va_arg(*ap, int);
	case 0:
		return va_arg(*ap, int);
	case 3:
		return (s64)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, long long);
	}
}

static void out_conversion(struct outbuf *o, char c, int len,
			   const struct spec *sp, va_list *ap)
{
	s64 sv;
	u64 uv;
	char ch[2] = { 0, 0 };

	switch (c) {
	case 'd':
	case 'i':
		sv = fetch_signed(ap, len);
		uv = sv < 0 ? (u64)0 - (u64)sv : (u64)sv;
		out_number(o, uv, sv < 0, 10, false, "", sp);
		break;
	case 'u':
		out_number(o, fetch_unsigned(ap, len), false, 10, false, "",
			   sp);
		break;
	case 'x':
	case 'X':
		uv = fetch_unsigned(ap, len);
		out_number(o, uv, false, 16, c == 'X',
			   sp->alt && uv ? (c == 'X' ? "0X" : "0x") : "", sp);
		break;
	case 'o':
		out_number(o, fetch_unsigned(ap, len), false, 8, false, "", sp);
		break;
	case 'p':
		out_number(o, (u64)(uintptr_t)va_arg(*ap, void *), false, 16,
			   false, "0x", sp);
		break;
	case 'c':
		ch[0] = (char)va_arg(*ap, int);
		out_string(o, ch, sp);
		break;
	case 's':
		out_string(o, va_arg(*ap, const char *), sp);
		break;
	case '%':
		out_char(o, '%');
		break;
	default: /* unknown conversion: print it as written */
		out_char(o, '%');
		if (c)
			out_char(o, c);
		break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };
	struct spec sp;
	va_list aq;
	int len;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &aq);
		fmt = parse_length(fmt, &len);
		out_conversion(&o, *fmt, len, &sp, &aq);
		if (*fmt)
			fmt++;
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
