/*
 * The kernel owner's thread: waits on the kernel's link and address
 * notifications (a handle of its own, as a handle is for one thread), the
 * raw GRE socket and the keepalive timer, and reacts under the owner's lock:
 * carrier and address changes re-evaluate tunnels and routes, keepalives
 * are sent and answered.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "owner_kernel_priv.h"

#define IDLE_WAKE_MS 1000 /* keepalive sockets appear with configuration */

static void
on_event(const struct kernel_event *ev, void *arg)
{
	bool *changed = arg;

	(void)ev;
	*changed = true;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *
kown_thread(void *arg)
{
	struct kown *ko = arg;
	char err[KERNEL_ERRLEN];
	struct kernel *mon = kernel_nl_open(err);
	bool changed = false;
	int mfd = -1;

	if (!mon)
		fprintf(stderr, "routerd: kernel monitor: %s\n", err);
	else if ((mfd = kernel_monitor_open(mon, KERNEL_MON_LINK | KERNEL_MON_ADDR, on_event, &changed)) < 0)
		fprintf(stderr, "routerd: kernel monitor: %s\n", kernel_error(mon));
	for (;;) {
		struct pollfd pfd[3] = {
			{ .fd = ko->stop_fd, .events = POLLIN },
			{ .fd = mfd, .events = POLLIN },
			{ .fd = -1, .events = POLLIN },
		};
		long long ms = now_ms();
		int next, timeout;

		kown_lock(ko);
		next = kown_keepalive_tick(ko, (time_t)(ms / 1000));
		pfd[2].fd = kown_keepalive_fd(ko);
		kown_unlock(ko);
		/* keepalives are due on whole seconds of the clock: wake then */
		timeout = IDLE_WAKE_MS;
		if (next >= 0 && next * 1000 - ms % 1000 < IDLE_WAKE_MS)
			timeout = (int)(next * 1000 - ms % 1000);
		if (timeout < 0)
			timeout = 0;
		if (poll(pfd, 3, timeout) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			break;
		if (pfd[1].revents & POLLIN) {
			int rc = kernel_monitor_process(mon);

			if (rc == -ENOBUFS)
				changed = true;
		}
		kown_lock(ko);
		if (pfd[2].revents & POLLIN)
			kown_keepalive_input(ko);
		if (changed) {
			changed = false;
			kown_refresh(ko);
		}
		kown_unlock(ko);
	}
	if (mon) {
		kernel_monitor_close(mon);
		kernel_close(mon);
	}
	return NULL;
}

int
kown_start(struct kown *ko)
{
	sigset_t all, old;
	int rc;

	if (ko->thread_running)
		return 0;
	ko->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (ko->stop_fd < 0)
		return -errno;
	/* Signals are the session loop's (its signalfd): never this thread's. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&ko->thread, NULL, kown_thread, ko);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		close(ko->stop_fd);
		ko->stop_fd = -1;
		return -rc;
	}
	ko->thread_running = true;
	return 0;
}



void
kown_thread_stop(struct kown *ko)
{
	uint64_t one = 1;

	if (ko->thread_running) {
		if (write(ko->stop_fd, &one, sizeof(one)) < 0)
			perror("routerd: stop the kernel thread");
		pthread_join(ko->thread, NULL);
		ko->thread_running = false;
	}
	if (ko->stop_fd >= 0)
		close(ko->stop_fd);
	if (ko->ka_fd >= 0)
		close(ko->ka_fd);
	ko->stop_fd = ko->ka_fd = -1;
}
