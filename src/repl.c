/*
 * Interactive mode on libedit's native interface, driven by the service
 * loop: keys come from our own reads of stdin (EL_GETCFN), one editor
 * command per el_gets() in unbuffered mode (lws-notes Q10).  Output is
 * gathered while the loop runs and written above the prompt once per
 * wake-up: move to the prompt's first row, clear to the end of the
 * screen, print, and let libedit redraw prompt, text and cursor.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include <histedit.h>

#include "b64.h"
#include "buf.h"
#include "msg.h"
#include "outbuf.h"
#include "repl.h"
#include "replcmd.h"
#include "sig.h"
#include "term.h"
#include "utf8.h"

#define REPL_READ	65536	/* one read(2) of the terminal */
#define REPL_BULK	16	/* printable runs this long skip the editor */
#define REPL_HISTSIZE	1000
#define REPL_HISTMAX	16384	/* longer lines are not kept in history */
#define REPL_PROMPT	64

#define COL_IN		"\033[32m"	/* received messages */
#define COL_OUT		"\033[36m"	/* what we sent by a command */
#define COL_STATUS	"\033[33m"	/* notices */
#define COL_ERR		"\033[31m"	/* errors */
#define COL_OFF		"\033[0m"

struct repl {
	bool		 open;
	bool		 editing;	/* the prompt is on the screen */
	bool		 input_done;	/* Ctrl-D or hang-up seen */
	bool		 cont;		/* a JSON text goes on: "...> " */
	bool		 redraw;	/* the prompt changed */
	bool		 dirty;		/* inserted text not yet drawn */
	int		 dirty_up;	/* rows above the cursor before it */
	bool		 color;
	bool		 tty_in;	/* keys from a terminal (not -i on a pipe) */
	bool		 raw;
	bool		 binary;	/* typed lines go as binary */
	enum opts_binout binout;	/* received binary: hex, base64, raw */
	size_t		 max_file;
	int		 fd;
	struct repl_ops	 ops;
	EditLine	*el;
	History		*hist;
	char		*histfile;	/* NULL: no history */
	bool		 hist_warned;
	struct termios	 saved;		/* the modes to restore */
	bool		 saved_ok;
	char		 prompt[REPL_PROMPT];
	char		 shown[REPL_PROMPT];	/* the prompt on the screen */
	struct buf	 in;		/* keys read, not yet consumed */
	size_t		 inpos;
	struct buf	 out;		/* to print above the prompt */
	struct outbuf	 tty;
};

static struct repl	 r = { .fd = -1 };

static char	*repl_prompt_fn(EditLine *);
static int	 repl_getc(EditLine *, wchar_t *);
static int	 fill(void);
static size_t	 plain_run(const unsigned char *, size_t);
static int	 rows_to(const char *, bool, int *);
static int	 rows_up(const char *);
static void	 recolour(const char *, size_t);
static void	 erase(int);
static void	 erase_prompt(void);
static void	 sync_display(void);
static int	 key(void);
static void	 line(const char *, size_t);
static void	 plain_lines(bool);
static void	 input_over(void);
static void	 send_file(const char *);
static void	 add(const char *, const void *, size_t);
static void	 addf(const char *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	 sink(const char *, size_t, bool);
static char	*hist_path(void);
static void	 hist_save(void);

static char *
repl_prompt_fn(EditLine *el)
{
	(void)el;
	return r.cont ? "...> " : r.prompt;
}

/*
 * Reads more of the terminal into r.in (blocking: libedit asks only in
 * the middle of a key sequence).  Returns 1, 0 at end of file, -1.
 */
static int
fill(void)
{
	unsigned char	 tmp[4096];
	struct pollfd	 pfd;
	ssize_t		 n;

	for (;;) {
		n = read(r.fd, tmp, sizeof(tmp));
		if (n > 0)
			return buf_append(&r.in, tmp, (size_t)n) == 0 ? 1 : -1;
		if (n == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		pfd.fd = r.fd;
		pfd.events = POLLIN;
		(void)poll(&pfd, 1, -1);
	}
}

/* libedit's source of characters: r.in, decoded in the locale. */
static int
repl_getc(EditLine *el, wchar_t *wc)
{
	mbstate_t	 st;
	wchar_t		 w;
	size_t		 k;
	int		 f;

	(void)el;
	for (;;) {
		if (r.inpos < r.in.len) {
			if (MB_CUR_MAX == 1) {
				*wc = r.in.data[r.inpos++];
				return 1;
			}
			memset(&st, 0, sizeof(st));
			k = mbrtowc(&w, (char *)r.in.data + r.inpos,
			    r.in.len - r.inpos, &st);
			if (k == (size_t)-1) {
				*wc = 0xfffd;
				r.inpos++;
				return 1;
			}
			if (k != (size_t)-2) {
				*wc = w;
				r.inpos += k == 0 ? 1 : k;
				return 1;
			}
		}
		if ((f = fill()) <= 0) {
			r.input_done = true;
			return f;
		}
	}
}

/*
 * The length of the run of printable characters (ASCII, or complete
 * UTF-8 sequences that are not C1 controls) at the start of p[0..n).
 */
static size_t
plain_run(const unsigned char *p, size_t n)
{
	size_t	 i = 0, len;

	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		if (p[i] < 0xc2 || p[i] > 0xf4 || MB_CUR_MAX == 1)
			break;
		len = p[i] < 0xe0 ? 2 : p[i] < 0xf0 ? 3 : 4;
		if (n - i < len || !utf8_valid(p + i, len) ||
		    (p[i] == 0xc2 && p[i + 1] < 0xa0))
			break;
		i += len;
	}
	return i;
}

/*
 * How many rows the cursor (or, with whole, the end of the text) is below
 * the first row of the prompt, laid out as libedit does (wide characters
 * wrap early, controls show as ^X, tabs expand); *lines gets the screen's
 * height.
 */
static int
rows_to(const char *prompt, bool whole, int *lines)
{
	const LineInfoW	*li;
	const wchar_t	*w, *end;
	const char	*c;
	int		 cols = 80, h = 0, v = 0, wd;
	struct winsize	 ws;

	*lines = 24;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		cols = ws.ws_col;
		*lines = ws.ws_row > 0 ? ws.ws_row : *lines;
	}
	li = el_wline(r.el);
	end = whole ? li->lastchar : li->cursor;
	for (c = prompt; *c != '\0'; c++) {
		if (++h >= cols) {
			h = 0;
			v++;
		}
	}
	for (w = li->buffer; w < end; w++) {
		if (*w == '\n')
			continue;
		if (*w == '\t') {
			do {
				if (++h >= cols) {
					h = 0;
					v++;
				}
			} while (h & 7);
			continue;
		}
		if (*w < 0x20 || *w == 0x7f)
			wd = 2;
		else if (iswprint((wint_t)*w))
			wd = wcwidth(*w) < 0 ? 1 : wcwidth(*w);
		else
			wd = *w > 0xffff ? 8 : 7;
		if (h + wd > cols) {
			h = 0;
			v++;
		}
		h += wd;
		if (h >= cols) {
			h = 0;
			v++;
		}
	}
	return v;
}

/* rows_to() for the cursor, capped at the screen's height. */
static int
rows_up(const char *prompt)
{
	int	 lines, v = rows_to(prompt, false, &lines);

	return v < lines - 1 ? v : lines - 1;
}

/*
 * A line just accepted (libedit moved below it): printed again in the
 * colour of what we send, when it fits on the screen.
 */
static void
recolour(const char *s, size_t n)
{
	struct buf	 e = { 0 };
	int		 lines, up = rows_to(r.shown, true, &lines) + 1;

	if (!r.color || up >= lines || term_escape(&e,
	    (const unsigned char *)s, n) == -1) {
		buf_free(&e);
		return;
	}
	erase(up);
	(void)outbuf_write(&r.tty, COL_OUT, strlen(COL_OUT));
	(void)outbuf_write(&r.tty, r.shown, strlen(r.shown));
	(void)outbuf_write(&r.tty, e.data, e.len);
	(void)outbuf_write(&r.tty, COL_OFF "\r\n", strlen(COL_OFF) + 2);
	(void)outbuf_flush(&r.tty);
	buf_free(&e);
}

/* Moves up up rows to column 0 and clears to the end of the screen. */
static void
erase(int up)
{
	char	 seq[32];
	int	 n;

	n = up > 0 ? snprintf(seq, sizeof(seq), "\033[%dA\r\033[J", up) :
	    snprintf(seq, sizeof(seq), "\r\033[J");
	(void)outbuf_write(&r.tty, seq, (size_t)n);
}

/*
 * Removes the prompt and the line as the screen shows them: before a paste
 * not yet drawn, that is the line as it was.
 */
static void
erase_prompt(void)
{
	erase(r.dirty ? r.dirty_up : rows_up(r.shown));
	r.dirty = false;
}

/* Draws text inserted behind libedit's back (a paste). */
static void
sync_display(void)
{
	if (!r.dirty)
		return;
	r.dirty = false;
	erase(r.dirty_up);
	(void)outbuf_flush(&r.tty);
	el_set(r.el, EL_REFRESH);
}

/*
 * One editor command (libedit reads its keys from r.in).  Returns -1 at the
 * end of input, else 0.
 */
static int
key(void)
{
	const char	*s;
	char		*copy;
	int		 count = 0;

	s = el_gets(r.el, &count);
	if (s == NULL || count <= 0)
		return r.input_done ? -1 : 0;
	if (count == 1 && s[0] == 0x04) {
		/* Ctrl-D on an empty line: libedit hands over a ^D. */
		r.input_done = true;
		return -1;
	}
	if (s[count - 1] != '\n')
		return 0;
	if ((copy = strndup(s, (size_t)count - 1)) == NULL) {
		msg_err("input line: %s", strerror(errno));
		return 0;
	}
	recolour(copy, (size_t)count - 1);
	/* Start the next line now: prompt shown, buffer empty (Q10). */
	el_set(r.el, EL_UNBUFFERED, 0);
	el_set(r.el, EL_UNBUFFERED, 1);
	line(copy, (size_t)count - 1);
	free(copy);
	return 0;
}

/*
 * -i with keys that do not come from a terminal: no editing, each line
 * (LF, a CR before it dropped) taken as typed; at the end, the rest too.
 */
static void
plain_lines(bool end)
{
	unsigned char	*p, *nl;
	size_t		 len;
	char		*copy;

	for (;;) {
		p = r.in.data + r.inpos;
		nl = memchr(p, '\n', r.in.len - r.inpos);
		if (nl == NULL && !(end && r.inpos < r.in.len))
			break;
		len = nl != NULL ? (size_t)(nl - p) : r.in.len - r.inpos;
		r.inpos += len + (nl != NULL);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if ((copy = strndup((char *)p, len)) == NULL)
			break;
		line(copy, len);
		free(copy);
	}
	buf_consume(&r.in, r.inpos);
	r.inpos = 0;
}

/* An accepted line: a command, or a message. */
static void
line(const char *s, size_t n)
{
	struct replcmd	 c = { 0 };
	HistEvent	 ev;
	char		 err[512];
	int		 rc;

	if (n == 0 && !r.cont)
		return;
	if (n > 0 && r.histfile != NULL && n <= REPL_HISTMAX &&
	    memchr(s, '\0', n) == NULL) {
		history(r.hist, &ev, H_ENTER, s);
		hist_save();
	}
	if (r.cont) {
		/* The rest of a JSON text: no commands in the middle. */
		c.kind = REPLCMD_SEND;
		if (buf_append(&c.data, s, n) == -1 || buf_putc(&c.data,
		    '\0') == -1) {
			buf_free(&c.data);
			return;
		}
		c.data.len--;
	} else if (replcmd_parse(&c, s, n, err, sizeof(err)) == -1) {
		msg_err("%s", err);
		buf_free(&c.data);
		return;
	}
	switch (c.kind) {
	case REPLCMD_SEND:
		if (!r.binary && !utf8_valid(c.data.data, c.data.len)) {
			msg_err("input line: not valid UTF-8 (use /binary "
			    "or -b)");
			break;
		}
		rc = r.ops.line(r.ops.ctx, c.data.data, c.data.len);
		if ((rc == 1) != r.cont) {
			r.cont = rc == 1;
			r.redraw = true;
		}
		break;
	case REPLCMD_HELP:
		add(COL_STATUS, replcmd_help(), strlen(replcmd_help()));
		break;
	case REPLCMD_QUIT:
		(void)r.ops.close(r.ops.ctx, 1000, "");
		break;
	case REPLCMD_CLOSE:
		(void)r.ops.close(r.ops.ctx, c.code, (char *)c.data.data);
		break;
	case REPLCMD_PING:
		(void)r.ops.ping(r.ops.ctx, c.data.data, c.data.len);
		break;
	case REPLCMD_BINARY:
		if (r.ops.send(r.ops.ctx, c.data.data, c.data.len,
		    REPL_FIRST | REPL_FINAL | REPL_BINARY) == 0)
			addf(COL_OUT, "> binary message, %zu bytes\n",
			    c.data.len);
		break;
	case REPLCMD_SEND_FILE:
		send_file((char *)c.data.data);
		break;
	case REPLCMD_JSON:
		if (r.ops.json == NULL)
			msg_err("/json: JSON pretty-printing is not available "
			    "in this build");
		else if (r.ops.json(r.ops.ctx, c.on) == 0)
			addf(COL_STATUS, "JSON mode %s (pretty-printing, "
			    "input checks)\n", c.on ? "on" : "off");
		break;
	case REPLCMD_NICK:
		if (r.ops.nick == NULL)
			msg_err("/nick: only in --chat mode");
		else
			(void)r.ops.nick(r.ops.ctx, c.data.data, c.data.len);
		break;
	}
	buf_free(&c.data);
}

/* /send-file: the whole file as one message (text must be UTF-8). */
static void
send_file(const char *path)
{
	struct buf	 b = { 0 };
	unsigned char	 tmp[65536];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		msg_err("/send-file %s: %s", path, strerror(errno));
		return;
	}
	for (;;) {
		n = read(fd, tmp, sizeof(tmp));
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			msg_err("/send-file %s: %s", path, strerror(errno));
			goto out;
		}
		if (b.len + (size_t)n > r.max_file) {
			msg_err("/send-file %s: larger than --max-message",
			    path);
			goto out;
		}
		if (buf_append(&b, tmp, (size_t)n) == -1) {
			msg_err("/send-file %s: %s", path, strerror(errno));
			goto out;
		}
	}
	if (!r.binary && !utf8_valid(b.data, b.len)) {
		msg_err("/send-file %s: not valid UTF-8 (start wsc with -b "
		    "to send it as binary)", path);
		goto out;
	}
	if (r.ops.send(r.ops.ctx, b.data, b.len, REPL_FIRST | REPL_FINAL |
	    (r.binary ? REPL_BINARY : 0)) == 0)
		addf(COL_OUT, "> %s: %zu bytes as one %s message\n", path,
		    b.len, r.binary ? "binary" : "text");
out:
	close(fd);
	buf_free(&b);
}

/* Appends p[0..n) in colour col to what is printed next, LF as CR LF. */
static void
add(const char *col, const void *p, size_t n)
{
	const unsigned char	*s = p, *nl;
	size_t			 k;

	if (r.color && col != NULL)
		(void)buf_append(&r.out, col, strlen(col));
	while (n > 0) {
		nl = memchr(s, '\n', n);
		k = nl != NULL ? (size_t)(nl - s) : n;
		(void)buf_append(&r.out, s, k);
		if (nl == NULL)
			break;
		(void)buf_append(&r.out, "\r\n", 2);
		s += k + 1;
		n -= k + 1;
	}
	if (r.color && col != NULL)
		(void)buf_append(&r.out, COL_OFF, strlen(COL_OFF));
}

static void
addf(const char *col, const char *fmt, ...)
{
	char	 line_[1024];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(line_, sizeof(line_), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line_))
		n = sizeof(line_) - 1;
	add(col, line_, (size_t)n);
}

/*
 * msg's lines while the editor runs: printed above the prompt.  They quote
 * server text already escaped; controls are replaced all the same.
 */
static void
sink(const char *s, size_t n, bool err)
{
	struct buf	 e = { 0 };
	size_t		 i;
	unsigned char	 c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f || (c == 0xc2 &&
		    i + 1 < n && (unsigned char)s[i + 1] < 0xa0))
			c = '?';
		(void)buf_putc(&e, c);
	}
	(void)buf_putc(&e, '\n');
	add(err ? COL_ERR : COL_STATUS, e.data, e.len);
	buf_free(&e);
}

/*
 * $WSC_HISTFILE, else $XDG_STATE_HOME/wsc/history, else
 * ~/.local/state/wsc/history; the directories are created (0700).  NULL
 * when there is no home.
 */
static char *
hist_path(void)
{
	const char	*env;
	char		*path, *p;

	if ((env = getenv("WSC_HISTFILE")) != NULL && *env != '\0')
		return strdup(env);
	if ((env = getenv("XDG_STATE_HOME")) != NULL && *env == '/') {
		if (asprintf(&path, "%s/wsc/history", env) == -1)
			return NULL;
	} else if ((env = getenv("HOME")) != NULL && *env == '/') {
		if (asprintf(&path, "%s/.local/state/wsc/history", env) == -1)
			return NULL;
	} else
		return NULL;
	for (p = strchr(path + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		(void)mkdir(path, 0700);
		*p = '/';
	}
	return path;
}

/* Writes the history file, created 0600; a failure is reported once. */
static void
hist_save(void)
{
	HistEvent	 ev;
	int		 fd;

	if (r.histfile == NULL)
		return;
	fd = open(r.histfile, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd != -1)
		close(fd);
	if (fd == -1 || history(r.hist, &ev, H_SAVE, r.histfile) == -1) {
		if (!r.hist_warned)
			msg_warn("history %s: %s", r.histfile, fd == -1 ?
			    strerror(errno) : "cannot write it");
		r.hist_warned = true;
	}
}

int
repl_open(const struct wsc_opts *o, int fd, const struct repl_ops *ops)
{
	HistEvent	 ev;
	const char	*nc;

	r.fd = fd;
	r.tty_in = isatty(fd);
	r.ops = *ops;
	r.raw = o->raw_output;
	r.binary = o->binary;
	r.binout = o->binary_output;
	r.max_file = o->max_message;
	nc = getenv("NO_COLOR");
	r.color = o->color == OPTS_YES || (o->color == OPTS_AUTO &&
	    isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0'));
	outbuf_init(&r.tty, STDOUT_FILENO, SIZE_MAX);
	snprintf(r.prompt, sizeof(r.prompt), "> ");
	r.saved_ok = tcgetattr(STDIN_FILENO, &r.saved) == 0;
	if (r.saved_ok)
		sig_restore_tty(&r.saved);
	sig_arm_tty();

	if ((r.hist = history_init()) == NULL ||
	    (r.el = el_init("wsc", stdin, stdout, stderr)) == NULL) {
		msg_err("line editor: cannot start it");
		if (r.hist != NULL)
			history_end(r.hist);
		r.hist = NULL;
		sig_disarm_tty();
		sig_restore_tty(NULL);
		return -1;
	}
	history(r.hist, &ev, H_SETSIZE, REPL_HISTSIZE);
	history(r.hist, &ev, H_SETUNIQUE, 1);
	if (!o->no_history && (r.histfile = hist_path()) != NULL &&
	    history(r.hist, &ev, H_LOAD, r.histfile) == -1 &&
	    access(r.histfile, F_OK) == 0)
		msg_warn("history %s: cannot read it", r.histfile);
	el_set(r.el, EL_EDITOR, "emacs");
	el_set(r.el, EL_SIGNAL, 0);	/* ours: sig.c, through the loop */
	el_set(r.el, EL_HIST, history, r.hist);
	el_set(r.el, EL_PROMPT, repl_prompt_fn);
	el_set(r.el, EL_GETCFN, repl_getc);
	el_set(r.el, EL_BIND, "^R", "em-inc-search-prev", NULL);
	el_set(r.el, EL_BIND, "\\e[1~", "ed-move-to-beg", NULL);
	el_set(r.el, EL_BIND, "\\e[4~", "ed-move-to-end", NULL);
	el_set(r.el, EL_BIND, "\\e[H", "ed-move-to-beg", NULL);
	el_set(r.el, EL_BIND, "\\e[F", "ed-move-to-end", NULL);
	el_set(r.el, EL_BIND, "\\e[3~", "ed-delete-next-char", NULL);
	el_set(r.el, EL_BIND, "\\e[1;5C", "em-next-word", NULL);
	el_set(r.el, EL_BIND, "\\e[1;5D", "ed-prev-word", NULL);
	el_source(r.el, NULL);
	r.open = true;
	msg_set_sink(sink);
	memcpy(r.shown, r.prompt, sizeof(r.shown));
	el_set(r.el, EL_UNBUFFERED, 1);	/* raw mode, prompt shown */
	r.editing = true;
	return 0;
}

bool
repl_active(void)
{
	return r.open;
}

int
repl_read(void)
{
	unsigned char	*tmp;
	ssize_t		 n;
	size_t		 run;
	char		*s;
	int		 ret = 0, more;

	if (!r.open || r.input_done)
		return -1;
	if ((tmp = malloc(REPL_READ)) == NULL)
		return 0;
	n = read(r.fd, tmp, REPL_READ);
	if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
		free(tmp);
		return 0;
	}
	if (n <= 0) {
		if (n < 0)
			msg_err("stdin: %s", strerror(errno));
		free(tmp);
		if (!r.tty_in && r.in.len > 0)
			plain_lines(true);	/* the last line, unterminated */
		r.input_done = true;
		goto done;
	}
	(void)buf_append(&r.in, tmp, (size_t)n);
	free(tmp);
	if (!r.tty_in) {
		plain_lines(false);
		return 0;
	}
	while (r.inpos < r.in.len && !r.input_done) {
		run = plain_run(r.in.data + r.inpos, r.in.len - r.inpos);
		if (run >= REPL_BULK && r.tty_in) {
			/* A paste: one insertion, one redraw, not per key. */
			if ((s = strndup((char *)r.in.data + r.inpos,
			    run)) == NULL)
				break;
			if (!r.dirty) {
				r.dirty_up = rows_up(r.shown);
				r.dirty = true;
			}
			(void)el_insertstr(r.el, s);
			free(s);
			r.inpos += run;
			continue;
		}
		sync_display();
		if (key() == -1)
			break;
	}
	/* More of a paste already waiting: draw once it has all come. */
	if (ioctl(r.fd, FIONREAD, &more) == -1 || more <= 0)
		sync_display();
	buf_consume(&r.in, r.inpos);
	r.inpos = 0;
done:
	if (r.input_done) {
		ret = -1;
		input_over();
	}
	return ret;
}

/* No more keys: the prompt goes, the terminal gets its modes back. */
static void
input_over(void)
{
	r.input_done = true;
	if (!r.editing)
		return;
	erase_prompt();
	r.editing = false;
	el_set(r.el, EL_UNBUFFERED, 0);
	(void)outbuf_flush(&r.tty);
}

void
repl_hangup(void)
{
	unsigned char	 tmp[4096];
	ssize_t		 n;
	int		 fl;

	if (!r.open || r.input_done)
		return;
	/* -i on a pipe: what the writer left is still input (quirk 8). */
	if (!r.tty_in && (fl = fcntl(r.fd, F_GETFL)) != -1) {
		(void)fcntl(r.fd, F_SETFL, fl | O_NONBLOCK);
		while ((n = read(r.fd, tmp, sizeof(tmp))) > 0 ||
		    (n < 0 && errno == EINTR))
			if (n > 0 && buf_append(&r.in, tmp, (size_t)n) == 0)
				plain_lines(false);
		(void)fcntl(r.fd, F_SETFL, fl);
		plain_lines(true);
	}
	input_over();
}

void
repl_set_state(const char *state)
{
	if (!r.open)
		return;
	snprintf(r.prompt, sizeof(r.prompt), "%s> ", state);
	r.redraw = true;
}

void
repl_message(const unsigned char *p, size_t n, bool binary)
{
	struct buf	 e = { 0 };

	if (r.raw) {
		add(NULL, p, n);
		add(NULL, "\n", 1);
		return;
	}
	if (binary && r.binout == OPTS_BIN_BASE64) {
		addf(COL_IN, "< binary message, %zu byte%s, base64:\n", n,
		    n == 1 ? "" : "s");
		if (b64_encode(&e, p, n) == 0 && buf_putc(&e, '\n') == 0)
			add(COL_IN, e.data, e.len);
	} else if (binary && r.binout != OPTS_BIN_RAW) {
		addf(COL_IN, "< binary message, %zu byte%s%s\n", n,
		    n == 1 ? "" : "s", n > 0 ? ":" : "");
		if (term_hexdump(&e, p, n) == 0)
			add(COL_IN, e.data, e.len);
	} else if (buf_append(&e, "< ", 2) == 0 &&
	    term_escape(&e, p, n) == 0 && buf_putc(&e, '\n') == 0)
		add(COL_IN, e.data, e.len);
	buf_free(&e);
}

void
repl_formatted(const unsigned char *p, size_t n)
{
	add(NULL, p, n);	/* coloured by its formatter */
	if (n > 0 && p[n - 1] != '\n')
		add(NULL, "\n", 1);
}

void
repl_status(const char *fmt, ...)
{
	char	 s[1024];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(s))
		n = sizeof(s) - 1;
	sink(s, (size_t)n, false);
}

void
repl_flush(void)
{
	if (!r.open || (r.out.len == 0 && !r.redraw))
		return;
	if (r.editing)
		erase_prompt();
	(void)outbuf_write(&r.tty, r.out.data, r.out.len);
	r.out.len = 0;
	(void)outbuf_flush(&r.tty);
	r.redraw = false;
	if (r.editing) {
		memcpy(r.shown, r.prompt, sizeof(r.shown));
		el_set(r.el, EL_REFRESH);
	}
}

void
repl_resume(void)
{
	if (!r.open || !r.editing)
		return;
	/* libedit believes it is still in raw mode: cooked, then raw. */
	el_set(r.el, EL_PREP_TERM, 0);
	el_set(r.el, EL_PREP_TERM, 1);
	(void)outbuf_write(&r.tty, "\r", 1);
	(void)outbuf_flush(&r.tty);
	r.dirty = false;
	el_set(r.el, EL_REFRESH);
}

void
repl_resize(void)
{
	if (!r.open)
		return;
	el_resize(r.el);
	r.redraw = true;
	repl_flush();
}

void
repl_close(void)
{
	if (!r.open)
		return;
	msg_set_sink(NULL);
	if (r.editing)
		erase_prompt();
	r.editing = false;
	(void)outbuf_write(&r.tty, r.out.data, r.out.len);
	(void)outbuf_flush(&r.tty);
	el_set(r.el, EL_UNBUFFERED, 0);
	hist_save();
	el_end(r.el);
	history_end(r.hist);
	if (r.saved_ok)
		(void)tcsetattr(STDIN_FILENO, TCSADRAIN, &r.saved);
	sig_disarm_tty();
	sig_restore_tty(NULL);
	buf_free(&r.in);
	buf_free(&r.out);
	outbuf_free(&r.tty);
	free(r.histfile);
	memset(&r, 0, sizeof(r));
	r.fd = -1;
}
