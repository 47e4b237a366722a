/*
 * JSON text re-indented token by token, so that what is shown is exactly
 * what came on the wire (a number keeps its digits, a string its escapes);
 * the grammar of RFC 8259 is checked on the way without recursion.
 */
#include <string.h>

#include "jsonfmt.h"
#include "utf8.h"

#define SGR_KEY		"\033[1;34m"
#define SGR_STRING	"\033[32m"
#define SGR_NUMBER	"\033[36m"
#define SGR_LITERAL	"\033[35m"
#define SGR_RESET	"\033[0m"

/* One formatting (or, with out NULL, checking) pass over a text. */
struct fmt {
	struct buf		*out;
	const unsigned char	*p, *end;
	unsigned		 flags;
	int			 nomem;
	int			 depth;
	unsigned char		 stack[JSONFMT_MAX_DEPTH];
};

static const char	 hexdig[] = "0123456789abcdef";

static int	 is_hex(unsigned char);
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

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

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
	int			 i;
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
				for (i = 0; i < 4; i++, f->p++)
					if (f->p == f->end || !is_hex(*f->p))
						return 1;
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
	skip_ws(f);
	if (f->p == f->end || *f->p != '"' || scan_string(f, SGR_KEY) != 0)
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
			f->depth--;
			newline(f);
			putc1(f, close);
		}
	}
}

int
jsonfmt_pretty(struct buf *out, const unsigned char *p, size_t n,
    unsigned flags)
{
	struct fmt	 f;
	size_t		 mark = out->len;
	int		 r;

	f.out = out;
	f.p = p;
	f.end = p + n;
	f.flags = flags;
	f.nomem = 0;
	f.depth = 0;
	r = run(&f);
	if (r != 0 || f.nomem)
		out->len = mark;
	return f.nomem ? -1 : r;
}

bool
jsonfmt_valid(const unsigned char *p, size_t n)
{
	struct fmt	 f;

	f.out = NULL;
	f.p = p;
	f.end = p + n;
	f.flags = 0;
	f.nomem = 0;
	f.depth = 0;
	return run(&f) == 0;
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
