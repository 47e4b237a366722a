/*
 * Diagnostics on stderr: "wsc: <what>: <why>", one line each, written with
 * one write(2) so lines from different sources never interleave.
 */
#ifndef WSC_MSG_H
#define WSC_MSG_H

#include <stdbool.h>
#include <stddef.h>

/* Sets the verbosity (-v count) and quiet mode (-q) for what follows. */
void	msg_init(int verbose, bool quiet);
/*
 * Sends every diagnostic line (with its "wsc: " prefix, without the LF) to
 * sink instead of stderr, e.g. to print it above a line being edited;
 * NULL restores stderr.  err is true for errors.
 */
void	msg_set_sink(void (*sink)(const char *line, size_t len, bool err));
/* The -v count. */
int	msg_verbosity(void);
/* An error: always printed. */
void	msg_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The text of the last error printed (without "wsc: "), or "". */
const char *msg_last_error(void);
/* A warning or notice: printed unless -q. */
void	msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Printed only at verbosity level or above (-v is 1). */
void	msg_verbose(int level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
