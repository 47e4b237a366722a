/*
 * Runs a command and reports its wall time, CPU time and peak RSS, for the
 * benchmark.  The peak RSS that wait4() reports counts the image the child
 * was forked from, so the command must be forked from a small process like
 * this one, not from the Python driver.
 *
 * usage: measure REPORT-FILE COMMAND [ARG...]
 * REPORT-FILE gets "wall_s cpu_s maxrss_kib exit_status"; measure exits
 * with the command's status.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int
main(int argc, char *argv[])
{
	struct timespec	 t0, t1;
	struct rusage	 ru;
	FILE		*f;
	pid_t		 pid;
	int		 st, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: measure REPORT-FILE COMMAND [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		perror("measure: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "measure: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	/* A timeout's SIGTERM to this process goes on to the command. */
	signal(SIGTERM, SIG_IGN);
	while (wait4(pid, &st, 0, &ru) == -1)
		if (errno != EINTR) {
			perror("measure: wait4");
			return 2;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if ((f = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	fprintf(f, "%.6f %.6f %ld %d\n", secs(&t0, &t1),
	    (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
	    ru.ru_maxrss, rc);
	fclose(f);
	return rc;
}
