/* SIGINT and SIGTERM into a self-pipe the service loop watches. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "exitcode.h"
#include "sig.h"

static volatile sig_atomic_t	 sig_last;
static volatile sig_atomic_t	 sig_count;
static int			 sig_wfd = -1;
static int			 sig_stdin_flags = -1;
static volatile sig_atomic_t	 sig_winch;
static struct termios		 sig_tty;
static volatile sig_atomic_t	 sig_tty_saved;

static volatile sig_atomic_t	 sig_cont;

static void	 on_signal(int);
static void	 on_winch(int);
static void	 on_tty_signal(int);

/* Only sets flags and wakes the loop; a second signal leaves at once. */
static void
on_signal(int signo)
{
	int	 saved = errno;

	sig_last = signo;
	if (++sig_count > 1) {
		if (sig_stdin_flags != -1)
			(void)fcntl(STDIN_FILENO, F_SETFL, sig_stdin_flags);
		if (sig_tty_saved) {
			(void)tcsetattr(STDIN_FILENO, TCSANOW, &sig_tty);
			(void)write(STDOUT_FILENO, "\r\n", 2);
		}
		_exit(signo == SIGINT ? WSC_EXIT_SIGINT : WSC_EXIT_SIGTERM);
	}
	if (sig_wfd != -1)
		(void)write(sig_wfd, "", 1);
	errno = saved;
}

/* Only notes the resize and wakes the loop. */
static void
on_winch(int signo)
{
	int	 saved = errno;

	(void)signo;
	sig_winch = 1;
	if (sig_wfd != -1)
		(void)write(sig_wfd, "", 1);
	errno = saved;
}

/*
 * Ctrl-Z and Ctrl-\ while the terminal is in the editor's modes: give the
 * shell back the modes we found, then take the default action (stop, or
 * quit with a core).  After a stop, re-arm and wake the loop.
 */
static void
on_tty_signal(int signo)
{
	struct sigaction	 sa;
	sigset_t		 set;
	int			 saved = errno;

	if (sig_tty_saved) {
		(void)tcsetattr(STDIN_FILENO, TCSANOW, &sig_tty);
		(void)write(STDOUT_FILENO, "\r\n", 2);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(signo, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)raise(signo);
	/* Only SIGTSTP comes back here, once continued. */
	sa.sa_handler = on_tty_signal;
	sigaction(signo, &sa, NULL);
	sig_cont = 1;
	if (sig_wfd != -1)
		(void)write(sig_wfd, "", 1);
	errno = saved;
}

void
sig_arm_tty(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_tty_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
}

void
sig_disarm_tty(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
}

int
sig_take_cont(void)
{
	if (!sig_cont)
		return 0;
	sig_cont = 0;
	return 1;
}

int
sig_open(void)
{
	int	 sp[2];

	if (pipe2(sp, O_CLOEXEC | O_NONBLOCK) == -1)
		return -1;
	sig_wfd = sp[1];
	return sp[0];
}

void
sig_arm(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void
sig_restore_stdin(int flags)
{
	sig_stdin_flags = flags;
}

void
sig_restore_tty(const struct termios *t)
{
	sig_tty_saved = 0;
	if (t == NULL)
		return;
	memcpy(&sig_tty, t, sizeof(sig_tty));
	sig_tty_saved = 1;
}

void
sig_arm_winch(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_winch;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
}

int
sig_take_winch(void)
{
	if (!sig_winch)
		return 0;
	sig_winch = 0;
	return 1;
}

int
sig_take(int fd)
{
	char	 c;

	while (read(fd, &c, 1) > 0)
		continue;
	return sig_last;
}

void
sig_close(void)
{
	int	 fd = sig_wfd;

	sig_wfd = -1;
	if (fd != -1)
		close(fd);
}
