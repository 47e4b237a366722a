/*
 * wsc: a command-line WebSocket client.  main() alone parses the options,
 * chooses the mode and maps the outcome to the exit status.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>
#include <jansson.h>
#include <libwebsockets.h>

#include "exitcode.h"
#include "listen.h"
#include "msg.h"
#include "opts.h"
#include "session.h"
#include "url.h"

static int	 fix_std_fds(void);
static void	 print_version(void);

/*
 * A closed stdin reads as empty and a closed stderr as /dev/null, so that
 * no socket can land on fds 0-2; a closed stdout would lose data: refused.
 */
static int
fix_std_fds(void)
{
	int	 fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1)
			continue;
		if (fd == STDOUT_FILENO) {
			if (open("/dev/null", O_WRONLY) != STDOUT_FILENO)
				return -1;
			msg_err("stdout: closed: nowhere to write messages "
			    "(redirect it to /dev/null to discard them)");
			return -1;
		}
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			return -1;
	}
	return 0;
}

static void
print_version(void)
{
	printf("wsc %s\n", PACKAGE_VERSION);
	printf("libwebsockets %s\n", lws_get_library_version());
	printf("jansson %s\n", jansson_version_str());
	printf("libedit %s (built with; %s)\n", WSC_LIBEDIT_VERSION,
	    rl_library_version);
}

int
main(int argc, char *argv[])
{
	struct wsc_opts	 o;
	struct url	 u;
	char		 err[512];
	enum wsc_exit	 st;

	/*
	 * Only the character type (libedit's editing, wide characters):
	 * diagnostics and numbers stay as documented, and a one-shot run
	 * does not load every locale category.
	 */
	setlocale(LC_CTYPE, "");
	if (fix_std_fds() == -1)
		return WSC_EXIT_IO;
	if (opts_parse(&o, argc, argv, err, sizeof(err)) == -1) {
		msg_err("%s (try 'wsc --help')", err);
		opts_free(&o);
		return WSC_EXIT_USAGE;
	}
	if (o.action == OPTS_HELP) {
		fputs(opts_usage(), stdout);
		opts_free(&o);
		return fflush(stdout) == 0 ? WSC_EXIT_OK : WSC_EXIT_IO;
	}
	if (o.action == OPTS_VERSION) {
		print_version();
		opts_free(&o);
		return fflush(stdout) == 0 ? WSC_EXIT_OK : WSC_EXIT_IO;
	}
	msg_init(o.verbose, o.quiet);
	if (o.listen) {
		st = listen_run(&o);
		opts_free(&o);
		return st;
	}
	if (url_parse(o.url, &u, err, sizeof(err)) == -1) {
		msg_err("URL: %s", err);
		opts_free(&o);
		return WSC_EXIT_USAGE;
	}
	st = session_run(&o, &u);
	url_free(&u);
	opts_free(&o);
	return st;
}
