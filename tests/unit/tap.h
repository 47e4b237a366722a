/*
 * A tiny TAP producer for the unit tests: one "ok N - desc" or "not ok N -
 * desc" line per check, "# got ... expected ..." diagnostics on failure, and
 * the plan "1..N" from tap_plan() or, if none was given, from tap_done().
 * Header-only; include it from exactly one file per test program.
 */
#ifndef WSC_TAP_H
#define WSC_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int	 tap_planned = -1;
static int	 tap_run;
static int	 tap_failed;

/* Prints the plan for n checks up front. */
static inline void
tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
}

/* Prints s with bytes outside printable ASCII (and '#') escaped. */
static inline void
tap_putesc(const void *s, size_t n)
{
	const unsigned char	*p = s;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\' || p[i] == '#')
			printf("\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			putchar(p[i]);
		else
			printf("\\x%02x", p[i]);
	}
}

static inline void
tap_vresult(int pass, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static inline void
tap_vresult(int pass, const char *fmt, va_list ap)
{
	char	 desc[512];

	vsnprintf(desc, sizeof(desc), fmt, ap);
	tap_run++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_run);
	tap_putesc(desc, strlen(desc));
	putchar('\n');
}

/* Records a check that passes when pass is non-zero; returns pass. */
static inline int
tap_ok(int pass, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline int
tap_ok(int pass, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	return pass;
}

/* Checks two integers for equality. */
static inline int
tap_is_int(long long got, long long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline int
tap_is_int(long long got, long long want, const char *fmt, ...)
{
	va_list	 ap;
	int	 pass = got == want;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("# got %lld expected %lld\n", got, want);
	return pass;
}

/* Checks two strings (either may be NULL) for equality. */
static inline int
tap_is_str(const char *got, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline int
tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list	 ap;
	int	 pass;

	pass = got == NULL || want == NULL ? got == want :
	    strcmp(got, want) == 0;
	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		printf("# got ");
		if (got == NULL)
			printf("NULL");
		else {
			putchar('\'');
			tap_putesc(got, strlen(got));
			putchar('\'');
		}
		printf(" expected ");
		if (want == NULL)
			printf("NULL");
		else {
			putchar('\'');
			tap_putesc(want, strlen(want));
			putchar('\'');
		}
		putchar('\n');
	}
	return pass;
}

/* Checks two byte ranges for equal length and contents. */
static inline int
tap_is_mem(const void *got, size_t gotlen, const void *want, size_t wantlen,
    const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static inline int
tap_is_mem(const void *got, size_t gotlen, const void *want, size_t wantlen,
    const char *fmt, ...)
{
	va_list	 ap;
	int	 pass;

	pass = gotlen == wantlen &&
	    (gotlen == 0 || memcmp(got, want, gotlen) == 0);
	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		printf("# got '");
		tap_putesc(got, gotlen > 200 ? 200 : gotlen);
		printf("'%s (%zu bytes) expected '", gotlen > 200 ? "..." : "",
		    gotlen);
		tap_putesc(want, wantlen > 200 ? 200 : wantlen);
		printf("'%s (%zu bytes)\n", wantlen > 200 ? "..." : "",
		    wantlen);
	}
	return pass;
}

/* Prints a diagnostic line. */
static inline void
tap_diag(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static inline void
tap_diag(const char *fmt, ...)
{
	va_list	 ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/*
 * Prints the plan if none was given and returns the exit status: 0 when
 * every planned check ran and passed, 1 otherwise.
 */
static inline int
tap_done(void)
{
	if (tap_planned < 0)
		printf("1..%d\n", tap_run);
	else if (tap_run != tap_planned)
		tap_diag("planned %d checks but ran %d", tap_planned, tap_run);
	if (tap_failed > 0)
		tap_diag("failed %d of %d checks", tap_failed, tap_run);
	fflush(stdout);
	return tap_failed == 0 && (tap_planned < 0 || tap_run == tap_planned) ?
	    0 : 1;
}

#endif
