/*
 * JSON text re-indented token by token, so that what is shown is exactly
 * what came on the wire (a number keeps its digits, a string its escapes);
 * the grammar of RFC 8259 is checked on the way without recursion.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "jsonfmt.h"
#include "utf8.h"

#define FAITHFUL	0x100	/* internal flag: jansson's representability */

#define SGR_KEY		"\033[1;34m"
#define SGR_STRING	"\033[32m"
#define SGR_NUMBER	"\033[36m"
#define SGR_LITERAL	"\033[35m"
#define SGR_RESET	"\033[0m"

/* A key of an open object (FAITHFUL): its decoded bytes in fmt.keys. */
struct keyent {
	uint64_t	 hash;
	size_t		 off, len;
};

/* One formatting (or, with out NULL, checking) pass over a text. */
struct fmt {
	struct buf		*out;
	const unsigned char	*p, *end;
	unsigned		 flags;
	int			 nomem;
	int			 depth;
	const char		*why;	/* FAITHFUL: why not representable */
	unsigned char		 stack[JSONFMT_MAX_DEPTH];
	/* FAITHFUL: the keys of the open objects, to find duplicates. */
	struct buf		 keys;
	struct keyent		*ents;
	size_t			 nents, capents;
	size_t			 kstart[JSONFMT_MAX_DEPTH];
	size_t			 astart[JSONFMT_MAX_DEPTH];
};

static const char	 hexdig[] = "0123456789abcdef";

static void	 put(struct fmt *, const void *, size_t);
static void	 putc1(struct fmt *, unsigned char);
static void	 put_u00(struct buf *, unsigned char, int *);
static void	 sgr(struct fmt *, const char *);
static void	 newline(struct fmt *);
static void	 skip_ws(struct fmt *);
static int	 scan_string(struct fmt *, const char *);
static int	 scan_number(struct fmt *);
static int	 scan_literal(struct fmt *);
static int	 scan_key(struct fmt *);
static int	 run(struct fmt *);
static int	 hexval4(const unsigned char *, unsigned *);
static int	 check_integer(struct fmt *, const unsigned char *, size_t);
static int	 check_real(struct fmt *, const unsigned char *, size_t);
static int	 add_key(struct fmt *, const unsigned char *,
		    const unsigned char *);
static int	 keycmp(const void *, const void *, void *);
static int	 check_keys(struct fmt *);
static void	 fmt_init(struct fmt *, struct buf *, const unsigned char *,
		    size_t, unsigned);
static void	 fmt_free(struct fmt *);

static void
put(struct fmt *f, const void *p, size_t n)
{
	if (f->out != NULL && buf_append(f->out, p, n) == -1)
		f->nomem = 1;
}

static void
putc1(struct fmt *f, unsigned char c)
{
	put(f, &c, 1);
}

/* Appends "\u00XX" for byte c; a failure sets *nomem. */
static void
put_u00(struct buf *out, unsigned char c, int *nomem)
{
	char	 s[6] = { '\\', 'u', '0', '0', hexdig[c >> 4], hexdig[c & 15] };

	if (out != NULL && buf_append(out, s, sizeof(s)) == -1)
		*nomem = 1;
}

static void
sgr(struct fmt *f, const char *seq)
{
	if (f->flags & JSONFMT_COLOR)
		put(f, seq, strlen(seq));
}

/* A line break and the indentation of the current depth. */
static void
newline(struct fmt *f)
{
	static const char	 spaces[] = "                                ";
	size_t			 n = (size_t)f->depth * 2, k;

	putc1(f, '\n');
	while (n > 0) {
		k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		put(f, spaces, k);
		n -= k;
	}
}

static void
skip_ws(struct fmt *f)
{
	while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' ||
	    *f->p == '\n' || *f->p == '\r'))
		f->p++;
}

/*
 * A string at f->p (on its quote), copied in colour seq.  Returns 0, or 1
 * when it is not a valid JSON string.
 */
static int
scan_string(struct fmt *f, const char *seq)
{
	const unsigned char	*run;
	size_t			 len;
	unsigned		 v;
	unsigned char		 c;

	sgr(f, seq);
	putc1(f, '"');
	run = ++f->p;
	for (;;) {
		if (f->p == f->end)
			return 1;
		c = *f->p;
		if (c == '"')
			break;
		if (c < 0x20)
			return 1;
		if (c == '\\') {
			if (++f->p == f->end)
				return 1;
			c = *f->p++;
			if (c == 'u') {
				/* As jansson: surrogates only in valid pairs. */
				if (f->end - f->p < 4 || hexval4(f->p, &v) != 0)
					return 1;
				f->p += 4;
				if (v >= 0xdc00 && v <= 0xdfff)
					return 1;
				if (v >= 0xd800 && v <= 0xdbff) {
					if (f->end - f->p < 6 || f->p[0] != '\\' ||
					    f->p[1] != 'u' ||
					    hexval4(f->p + 2, &v) != 0 ||
					    v < 0xdc00 || v > 0xdfff)
						return 1;
					f->p += 6;
				}
			} else if (strchr("\"\\/bfnrt", c) == NULL || c == '\0')
				return 1;
			continue;
		}
		if (c < 0x7f) {
			f->p++;
			continue;
		}
		/* DEL and C1 controls are JSON but would drive a terminal. */
		if (c == 0x7f || (c == 0xc2 && f->end - f->p >= 2 &&
		    f->p[1] >= 0x80 && f->p[1] <= 0x9f)) {
			put(f, run, (size_t)(f->p - run));
			put_u00(f->out, c == 0x7f ? c : f->p[1], &f->nomem);
			f->p += c == 0x7f ? 1 : 2;
			run = f->p;
			continue;
		}
		if ((len = utf8_seqlen(f->p, (size_t)(f->end - f->p))) == 0)
			return 1;
		f->p += len;
	}
	put(f, run, (size_t)(f->p - run));
	f->p++;
	putc1(f, '"');
	sgr(f, SGR_RESET);
	return 0;
}

/* A number at f->p, copied as written; 1 when it is not one. */
static int
scan_number(struct fmt *f)
{
	const unsigned char	*s = f->p;

#define DIGIT(f)	((f)->p < (f)->end && *(f)->p >= '0' && *(f)->p <= '9')
	if (f->p < f->end && *f->p == '-')
		f->p++;
	if (!DIGIT(f))
		return 1;
	if (*f->p++ != '0')
		while (DIGIT(f))
			f->p++;
	if (f->p < f->end && *f->p == '.') {
		f->p++;
		if (!DIGIT(f))
			return 1;
		while (DIGIT(f))
			f->p++;
	}
	if (f->p < f->end && (*f->p == 'e' || *f->p == 'E')) {
		f->p++;
		if (f->p < f->end && (*f->p == '+' || *f->p == '-'))
			f->p++;
		if (!DIGIT(f))
			return 1;
		while (DIGIT(f))
			f->p++;
	}
#undef DIGIT
	if ((f->flags & FAITHFUL) &&
	    (memchr(s, '.', (size_t)(f->p - s)) != NULL ||
	    memchr(s, 'e', (size_t)(f->p - s)) != NULL ||
	    memchr(s, 'E', (size_t)(f->p - s)) != NULL ?
	    check_real(f, s, (size_t)(f->p - s)) :
	    check_integer(f, s, (size_t)(f->p - s))) != 0)
		return 1;
	sgr(f, SGR_NUMBER);
	put(f, s, (size_t)(f->p - s));
	sgr(f, SGR_RESET);
	return 0;
}

/* true, false or null at f->p; 1 when it is none of them. */
static int
scan_literal(struct fmt *f)
{
	static const char *const lits[] = { "true", "false", "null" };
	size_t			 i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(lits[i]);
		if ((size_t)(f->end - f->p) >= n && memcmp(f->p, lits[i], n) == 0) {
			sgr(f, SGR_LITERAL);
			put(f, f->p, n);
			sgr(f, SGR_RESET);
			f->p += n;
			return 0;
		}
	}
	return 1;
}

/* An object key and its colon, leaving f->p at the value. */
static int
scan_key(struct fmt *f)
{
	const unsigned char	*k;

	skip_ws(f);
	k = f->p;
	if (f->p == f->end || *f->p != '"' || scan_string(f, SGR_KEY) != 0)
		return 1;
	if ((f->flags & FAITHFUL) && add_key(f, k + 1, f->p - 1) != 0)
		return 1;
	skip_ws(f);
	if (f->p == f->end || *f->p != ':')
		return 1;
	f->p++;
	put(f, ": ", 2);
	skip_ws(f);
	return 0;
}

/* The whole text; 0 when it is one JSON value with only space around it. */
static int
run(struct fmt *f)
{
	unsigned char	 c, close;

	for (;;) {
		/* A value is due. */
		skip_ws(f);
		if (f->p == f->end)
			return 1;
		c = *f->p;
		if (c == '{' || c == '[') {
			/* As jansson, an empty container counts as a level. */
			if (f->depth == JSONFMT_MAX_DEPTH)
				return 1;
			close = c == '{' ? '}' : ']';
			f->p++;
			skip_ws(f);
			putc1(f, c);
			if (f->p < f->end && *f->p == close) {
				f->p++;
				putc1(f, close);
			} else {
				f->kstart[f->depth] = f->nents;
				f->astart[f->depth] = f->keys.len;
				f->stack[f->depth++] = close;
				newline(f);
				if (c == '{' && scan_key(f) != 0)
					return 1;
				continue;
			}
		} else if (c == '"') {
			if (scan_string(f, SGR_STRING) != 0)
				return 1;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			if (scan_number(f) != 0)
				return 1;
		} else if (scan_literal(f) != 0)
			return 1;

		/* After a value: a comma, closers, or the end. */
		for (;;) {
			skip_ws(f);
			if (f->depth == 0)
				return f->p == f->end ? 0 : 1;
			if (f->p == f->end)
				return 1;
			c = *f->p++;
			close = f->stack[f->depth - 1];
			if (c == ',') {
				putc1(f, ',');
				newline(f);
				if (close == '}' && scan_key(f) != 0)
					return 1;
				break;
			}
			if (c != close)
				return 1;
			if ((f->flags & FAITHFUL) && close == '}' &&
			    check_keys(f) != 0)
				return 1;
			f->depth--;
			newline(f);
			putc1(f, close);
		}
	}
}

static void
fmt_init(struct fmt *f, struct buf *out, const unsigned char *p, size_t n,
    unsigned flags)
{
	f->out = out;
	f->p = p;
	f->end = p + n;
	f->flags = flags;
	f->nomem = 0;
	f->depth = 0;
	f->why = NULL;
	memset(&f->keys, 0, sizeof(f->keys));
	f->ents = NULL;
	f->nents = f->capents = 0;
}

/* Frees f and what it holds. */
static void
fmt_free(struct fmt *f)
{
	buf_free(&f->keys);
	free(f->ents);
	free(f);
}

int
jsonfmt_pretty(struct buf *out, const unsigned char *p, size_t n,
    unsigned flags)
{
	return jsonfmt_pretty_faithful(out, p, n, flags & ~FAITHFUL, NULL);
}

int
jsonfmt_pretty_faithful(struct buf *out, const unsigned char *p, size_t n,
    unsigned flags, const char **why)
{
	struct fmt	*f;
	size_t		 mark = out->len;
	int		 r;

	if ((f = malloc(sizeof(*f))) == NULL)
		return -1;
	fmt_init(f, out, p, n, why != NULL ? flags | FAITHFUL : flags);
	r = run(f);
	if (why != NULL)
		*why = r != 0 ? f->why : NULL;
	if (f->nomem)
		r = -1;
	if (r != 0)
		out->len = mark;
	fmt_free(f);
	return r;
}

int
jsonfmt_check(const unsigned char *p, size_t n, size_t *pos)
{
	struct fmt	*f;
	int		 r;

	if ((f = malloc(sizeof(*f))) == NULL)
		return -1;
	fmt_init(f, NULL, p, n, 0);
	r = run(f);
	if (r != 0) {
		if (pos != NULL)
			*pos = (size_t)(f->p - p);
		r = f->p == f->end ? 2 : 1;
	}
	fmt_free(f);
	return r;
}

bool
jsonfmt_valid(const unsigned char *p, size_t n)
{
	return jsonfmt_check(p, n, NULL) == 0;
}

/* The value of 4 hex digits at p; -1 when they are not. */
static int
hexval4(const unsigned char *p, unsigned *v)
{
	int	 i, d;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if ((d = hex_digit(p[i])) == -1)
			return -1;
		*v = *v << 4 | (unsigned)d;
	}
	return 0;
}

/* An integer token: jansson keeps it in 64 bits (json_int_t) or fails. */
static int
check_integer(struct fmt *f, const unsigned char *s, size_t n)
{
	static const char	 max[] = "9223372036854775807";
	static const char	 min[] = "9223372036854775808";
	bool			 neg = *s == '-';

	if (neg) {
		s++;
		n--;
	}
	if (n < 19 || (n == 19 && memcmp(s, neg ? min : max, 19) <= 0))
		return 0;
	f->why = "too big integer";
	return 1;
}

/* A real token: jansson fails when strtod overflows to infinity. */
static int
check_real(struct fmt *f, const unsigned char *s, size_t n)
{
	static locale_t	 c_locale;
	char		 small[64], *copy = small;
	double		 d;

	if (c_locale == (locale_t)0 &&
	    (c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0)) ==
	    (locale_t)0) {
		f->nomem = 1;
		return 1;
	}
	if (n >= sizeof(small) && (copy = malloc(n + 1)) == NULL) {
		f->nomem = 1;
		return 1;
	}
	memcpy(copy, s, n);
	copy[n] = '\0';
	d = strtod_l(copy, NULL, c_locale);
	if (copy != small)
		free(copy);
	if (!isinf(d))
		return 0;
	f->why = "real number overflow";
	return 1;
}

/*
 * Decodes the key between s and e (a valid JSON string's inside) into
 * f->keys and records it for the duplicate check of its object.
 */
static int
add_key(struct fmt *f, const unsigned char *s, const unsigned char *e)
{
	struct keyent	*ent;
	unsigned char	 u[4];
	unsigned	 v, lo;
	size_t		 off = f->keys.len, k;
	uint64_t	 h = UINT64_C(14695981039346656037);

	while (s < e) {
		if (*s != '\\') {
			if (buf_putc(&f->keys, *s++) == -1)
				goto nomem;
			continue;
		}
		s++;
		switch (*s) {
		case 'b': v = '\b'; break;
		case 'f': v = '\f'; break;
		case 'n': v = '\n'; break;
		case 'r': v = '\r'; break;
		case 't': v = '\t'; break;
		case 'u':
			(void)hexval4(s + 1, &v);
			if (v >= 0xd800 && v <= 0xdbff) {
				(void)hexval4(s + 7, &lo);
				v = 0x10000 + ((v - 0xd800) << 10) +
				    (lo - 0xdc00);
				s += 6;
			}
			s += 4;
			break;
		default: v = *s; break;
		}
		s++;
		if (v == 0) {
			f->why = "NUL byte in object key not supported";
			return 1;
		}
		if (v < 0x80) {
			u[0] = (unsigned char)v;
			k = 1;
		} else if (v < 0x800) {
			u[0] = (unsigned char)(0xc0 | v >> 6);
			u[1] = (unsigned char)(0x80 | (v & 0x3f));
			k = 2;
		} else if (v < 0x10000) {
			u[0] = (unsigned char)(0xe0 | v >> 12);
			u[1] = (unsigned char)(0x80 | (v >> 6 & 0x3f));
			u[2] = (unsigned char)(0x80 | (v & 0x3f));
			k = 3;
		} else {
			u[0] = (unsigned char)(0xf0 | v >> 18);
			u[1] = (unsigned char)(0x80 | (v >> 12 & 0x3f));
			u[2] = (unsigned char)(0x80 | (v >> 6 & 0x3f));
			u[3] = (unsigned char)(0x80 | (v & 0x3f));
			k = 4;
		}
		if (buf_append(&f->keys, u, k) == -1)
			goto nomem;
	}
	if (f->keys.len > off &&
	    memchr(f->keys.data + off, '\0', f->keys.len - off) != NULL) {
		f->why = "NUL byte in object key not supported";
		return 1;
	}
	for (k = off; k < f->keys.len; k++)
		h = (h ^ f->keys.data[k]) * UINT64_C(1099511628211);
	if (f->nents == f->capents) {
		k = f->capents ? f->capents * 2 : 64;
		if ((ent = reallocarray(f->ents, k, sizeof(*ent))) == NULL)
			goto nomem;
		f->ents = ent;
		f->capents = k;
	}
	ent = &f->ents[f->nents++];
	ent->hash = h;
	ent->off = off;
	ent->len = f->keys.len - off;
	return 0;
nomem:
	f->nomem = 1;
	return 1;
}

static int
keycmp(const void *a, const void *b, void *ctx)
{
	const struct keyent	*x = a, *y = b;
	const unsigned char	*base = ctx;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->len ? memcmp(base + x->off, base + y->off, x->len) : 0;
}

/* At an object's end: a key twice is a duplicate (jansson's error). */
static int
check_keys(struct fmt *f)
{
	size_t	 from = f->kstart[f->depth - 1], n = f->nents - from, i;

	if (n > 1) {
		qsort_r(f->ents + from, n, sizeof(*f->ents), keycmp,
		    f->keys.data);
		for (i = from + 1; i < f->nents; i++)
			if (keycmp(&f->ents[i - 1], &f->ents[i],
			    f->keys.data) == 0) {
				f->why = "duplicate object key";
				return 1;
			}
	}
	f->nents = from;
	f->keys.len = f->astart[f->depth - 1];
	return 0;
}

int
jsonfmt_string(struct buf *out, const unsigned char *p, size_t n)
{
	const unsigned char	*end = p + n, *r;
	size_t			 len;
	int			 nomem = 0;
	char			 e[2] = { '\\', 0 };
	unsigned char		 c;

	if (buf_reserve(out, n + 2) == -1 || buf_putc(out, '"') == -1)
		return -1;
	while (p < end && !nomem) {
		for (r = p; r < end && *r >= 0x20 && *r < 0x7f && *r != '"' &&
		    *r != '\\'; r++)
			;
		if (r > p && buf_append(out, p, (size_t)(r - p)) == -1)
			return -1;
		if ((p = r) == end)
			break;
		c = *p;
		if (c < 0x80) {
			e[1] = c == '"' ? '"' : c == '\\' ? '\\' :
			    c == '\n' ? 'n' : c == '\t' ? 't' : c == '\r' ? 'r' :
			    c == '\b' ? 'b' : c == '\f' ? 'f' : 0;
			if (e[1] != 0) {
				if (buf_append(out, e, 2) == -1)
					return -1;
			} else
				put_u00(out, c, &nomem);
			p++;
		} else if ((len = utf8_seqlen(p, (size_t)(end - p))) == 0) {
			if (buf_append(out, "\\ufffd", 6) == -1)
				return -1;
			p++;
		} else if (c == 0xc2 && p[1] <= 0x9f) {
			put_u00(out, p[1], &nomem);
			p += 2;
		} else {
			if (buf_append(out, p, len) == -1)
				return -1;
			p += len;
		}
	}
	if (nomem || buf_putc(out, '"') == -1)
		return -1;
	return 0;
}
