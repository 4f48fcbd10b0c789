#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "iked_spawn.h"

pid_t
iked_spawn(const char *sock, const char *log)
{
	const char *iked = getenv("IKED") ? getenv("IKED") : TOP_BUILDDIR "/daemons/iked/iked";
	struct stat st;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (!freopen(log, "a", stderr) || !freopen("/dev/null", "w", stdout))
			_exit(126);
		execlp("unshare", "unshare", "-n", iked, "-S", sock, "-d", "-1", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && stat(sock, &st) < 0; i++)
		usleep(50 * 1000);
	ck_assert_msg(stat(sock, &st) == 0, "iked did not open %s", sock);
	return pid;
}

void
iked_reap(pid_t pid)
{
	int status;

	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
}
