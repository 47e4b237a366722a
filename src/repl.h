/*
 * Interactive mode on libedit (the only module that includes it): a line
 * editor driven by the service loop, history, received messages and
 * notices printed above the line being edited, and slash commands.
 */
#ifndef WSC_REPL_H
#define WSC_REPL_H

#include <stdbool.h>
#include <stddef.h>

#include "opts.h"

/* Flags of repl_ops.send: a whole message has FIRST and FINAL. */
#define REPL_BINARY	0x01
#define REPL_FIRST	0x02
#define REPL_FINAL	0x04

/* What the editor asks of the session; each returns 0 or -1 (printed). */
struct repl_ops {
	void	*ctx;
	/*
	 * A typed line, to send as input is sent (-b, -j checks, --chat).
	 * Returns 0, 1 when it is JSON cut short (-j: the next line goes
	 * on with it), -1.
	 */
	int	(*line)(void *ctx, const unsigned char *p, size_t n);
	/* Queues a message as it is (or a part of one, by flags). */
	int	(*send)(void *ctx, const unsigned char *p, size_t n,
		    unsigned flags);
	/* Starts the close handshake with code and reason (copied). */
	int	(*close)(void *ctx, int code, const char *reason);
	/* Sends a ping with this payload (at most 125 bytes). */
	int	(*ping)(void *ctx, const unsigned char *p, size_t n);
	/* Turns JSON pretty-printing on or off; NULL: not available. */
	int	(*json)(void *ctx, bool on);
	/* /nick NAME in --chat mode; NULL: not available. */
	int	(*nick)(void *ctx, const unsigned char *name, size_t n);
};

/*
 * Starts the editor on the terminal, reading keys from fd (a descriptor
 * of stdin the caller polls), with the options' history and colour
 * settings.  Returns 0, or -1 with the error printed.
 */
int	repl_open(const struct wsc_opts *o, int fd, const struct repl_ops *ops);
/* True between repl_open and repl_close. */
bool	repl_active(void);
/*
 * One read of fd, fed to the editor; accepted lines go to the ops.
 * Returns 0, or -1 at the end of the input (Ctrl-D on an empty line, the
 * terminal hung up): the caller stops polling fd.
 */
int	repl_read(void);
/*
 * stdin was closed under us (a hang-up; with -i on a pipe, its writer has
 * gone): what is left in it is taken, then input ends.
 */
void	repl_hangup(void);
/* Shows the session state in the prompt ("open> "). */
void	repl_set_state(const char *state);
/* Prints a received message, escaped (or raw) text or a hex dump. */
void	repl_message(const unsigned char *p, size_t n, bool binary);
/*
 * Prints a received message already formatted for a terminal by the
 * output module (JSON, chat): ours to show as it is.
 */
void	repl_formatted(const unsigned char *p, size_t n);
/* Prints a status line (a notice of ours, not server data). */
void	repl_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Writes what was printed since the last call above the line being
 * edited, then redraws the prompt, the text and the cursor.
 */
void	repl_flush(void);
/* Continued after Ctrl-Z: the editor's modes again, and a redraw. */
void	repl_resume(void);
/* The terminal was resized: redraw for the new width. */
void	repl_resize(void);
/*
 * Prints what is pending, removes the prompt, saves the history and
 * restores the terminal's modes.  Safe to call more than once.
 */
void	repl_close(void);

#endif
