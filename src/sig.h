/*
 * SIGINT and SIGTERM for the service loop: the handler only records the
 * signal and writes to a self-pipe whose read end the loop watches; a
 * second signal restores stdin's flags and exits at once.  libc only.
 */
#ifndef WSC_SIG_H
#define WSC_SIG_H

struct termios;

/* Makes the self-pipe; returns its read end (the caller's), or -1. */
int	sig_open(void);
/* Installs the handlers; call once the read end is watched. */
void	sig_arm(void);
/* The stdin flags a second signal restores before exiting. */
void	sig_restore_stdin(int flags);
/*
 * The terminal modes a second signal restores before exiting (interactive
 * mode); NULL forgets them.  The struct termios is copied.
 */
void	sig_restore_tty(const struct termios *t);
/*
 * While a line editor owns the terminal: SIGTSTP restores the saved modes
 * before stopping and wakes the loop once continued (sig_take_cont), and
 * SIGQUIT restores them before its default action.  disarm puts the
 * default actions back.
 */
void	sig_arm_tty(void);
void	sig_disarm_tty(void);
/* True once after a stop and continue (the editor must redo its modes). */
int	sig_take_cont(void);
/* Also wakes the loop on SIGWINCH (the terminal was resized). */
void	sig_arm_winch(void);
/* True once per SIGWINCH received since the last call. */
int	sig_take_winch(void);
/* Empties the pipe at fd; returns the last signal received, or 0. */
int	sig_take(int fd);
/* Stops waking the loop and closes the write end. */
void	sig_close(void);

#endif
