/* dmvpnd: NHRP for DMVPN. Per-tunnel configuration comes from routerd over
 * the control socket (or from -c FILE); packets go through AF_PACKET on
 * each mGRE device, bindings into the kernel through libkernel.
 *
 *   dmvpnd [-c FILE] [-S SOCKET] [-I IKED_SOCKET]
 *                                     run (in the foreground, logs on stderr);
 *                                     tunnels with `protection ipsec profile`
 *                                     follow iked's SAs from IKED_SOCKET
 *   dmvpnd [-S SOCKET] --show WHAT    print a show command's text
 *   dmvpnd [-S SOCKET] --clear        clear ip nhrp
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "dmvpn_ctl.h"
#include "ike_spec.h"
#include "ipc.h"
#include "kernel_ops.h"
#include "lios.h"
#include "nhrp_bind.h"
#include "nhrp_engine.h"
#include "nhrp_io.h"
#include "nhrp_ipsec.h"

#define MAX_CLIENTS 8

struct io_if {
	int ifindex;
	int fd, cap_fd;
};

struct dmvpnd {
	struct kernel *k;
	struct nhrp_engine eng;
	struct io_if io[NHRP_CONF_MAX_IFS];
	int listen_fd, mon_fd;
	int clients[MAX_CLIENTS];
	uint8_t *ipc_buf;
	struct nhrp_ipsec gate;
	const char *iked_sock;
	int iked_fd;		/* event subscription, -1: not connected */
	uint64_t iked_retry;	/* when to try connecting again */
	bool iked_complained;
};

static volatile sig_atomic_t stop, reload;

static void
logmsg(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "%lld.%03ld dmvpnd: ", (long long)ts.tv_sec, ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
op_log(void *ctx, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	logmsg("%s", buf);
}

static uint64_t
mono(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

static struct io_if *
io_find(struct dmvpnd *d, int ifindex)
{
	for (unsigned i = 0; i < NHRP_CONF_MAX_IFS; i++)
		if (d->io[i].ifindex == ifindex && ifindex)
			return &d->io[i];
	return NULL;
}

static int
op_send(void *ctx, int ifindex, struct in_addr nbma, const uint8_t *buf, size_t len)
{
	struct dmvpnd *d = ctx;
	struct io_if *io = io_find(d, ifindex);

	if (!io)
		return -ENODEV;
	return nhrp_io_send(io->fd, ifindex, nbma, buf, len);
}

static void
op_bind(void *ctx, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev)
{
	struct dmvpnd *d = ctx;
	char err[256];

	nhrp_bind_entry(d->k, e, ev, err, sizeof(err));
	if (err[0])
		logmsg("%s", err);
}

static void
op_route(void *ctx, int ifindex, struct in_addr net, uint8_t plen, struct in_addr gw, bool add)
{
	struct dmvpnd *d = ctx;

	if (nhrp_bind_route(d->k, ifindex, net, plen, gw, add) < 0)
		logmsg("route %s/%u: %s", inet_ntoa(net), plen, kernel_error(d->k));
}

static int
op_route_lookup(void *ctx, struct in_addr dst, struct nhrp_route_info *out)
{
	struct dmvpnd *d = ctx;

	return nhrp_bind_route_lookup(d->k, dst, out);
}

static int
op_link_info(void *ctx, const char *name, int *ifindex, struct in_addr *nbma,
	     struct in_addr *address, uint8_t *prefixlen)
{
	struct dmvpnd *d = ctx;

	return nhrp_bind_link_info(d->k, name, ifindex, nbma, address, prefixlen);
}

/* iked answers from its main loop at once (the SA comes up later). */
static void
op_ipsec_initiate(void *ctx, const char *spec, struct in_addr nbma)
{
	struct dmvpnd *d = ctx;
	char a[INET_ADDRSTRLEN], err[256];

	inet_ntop(AF_INET, &nbma, a, sizeof(a));
	if (iked_client_initiate_peer(d->iked_sock, spec, a, err, sizeof(err)) < 0)
		logmsg("iked: cannot bring up %s to %s: %s", spec, a, err);
}

/* iked deletes the IKE SAs to nbma; a %any spec is not brought up again. */
static void
op_ipsec_close(void *ctx, struct in_addr nbma)
{
	struct dmvpnd *d = ctx;
	char a[INET_ADDRSTRLEN], err[256];

	inet_ntop(AF_INET, &nbma, a, sizeof(a));
	if (iked_client_clear(d->iked_sock, 0, a, err, sizeof(err)) < 0)
		logmsg("iked: cannot close the SAs to %s: %s", a, err);
}

static const struct nhrp_engine_ops ops = {
	.send = op_send,
	.bind = op_bind,
	.route = op_route,
	.route_lookup = op_route_lookup,
	.link_info = op_link_info,
	.log = op_log,
	.ipsec_initiate = op_ipsec_initiate,
	.ipsec_close = op_ipsec_close,
};

static bool
has_multicast(const struct nhrp_iface *ifp)
{
	bool nhs = false;

	for (unsigned i = 0; i < ifp->conf.n_nhs; i++)
		nhs = nhs || ifp->conf.nhs[i].multicast;
	return nhs || ifp->conf.mcast_dynamic || ifp->conf.n_mcast;
}

static struct in_addr
nbma_of_iface(const struct nhrp_iface *ifp)
{
	struct in_addr a;

	memcpy(&a.s_addr, ifp->me.nbma.bytes, 4);
	return a;
}

struct replicate {
	struct io_if *io;
	const uint8_t *ip;
	size_t len;
	unsigned sent;
};

static void
replicate_to(void *ctx, const struct nhrp_iface *ifp, struct in_addr nbma, const char *kind)
{
	struct replicate *r = ctx;

	(void)kind;
	if (nbma.s_addr == nbma_of_iface(ifp).s_addr)
		return;
	if (nhrp_io_send_ip(r->io->cap_fd, r->io->ifindex, nbma, r->ip, r->len) == 0)
		r->sent++;
}

/* An outgoing packet seen on a tunnel: multicast is replicated to the
 * multicast list, unicast checked for a redirect. */
static void
outgoing(struct dmvpnd *d, struct io_if *io, const uint8_t *ip, size_t len)
{
	struct nhrp_iface *ifp = nhrp_engine_iface(&d->eng, io->ifindex);

	if (!ifp || len < 20)
		return;
	if (ip[16] >= 224 && ip[16] < 240) {
		struct replicate r = { .io = io, .ip = ip, .len = len };

		nhrp_engine_multicast(&d->eng, ifp, replicate_to, &r);
		return;
	}
	nhrp_engine_forwarded(&d->eng, io->ifindex, ip, len);
}

/* Multicast goes to the tunnel's broadcast address, which must be our
 * NBMA: set when the socket opens, and again when the NBMA moved or a
 * tunnel change reset it (each link event brings us here). */
static void
point_multicast(struct dmvpnd *d, const struct nhrp_iface *ifp)
{
	int rc;

	if (!has_multicast(ifp))
		return;
	rc = nhrp_io_point_broadcast(ifp->conf.name, nbma_of_iface(ifp));
	if (rc < 0)
		logmsg("%s: broadcast address: %s (no multicast)", ifp->conf.name, strerror(-rc));
	else if (rc > 0) {
		logmsg("%s: multicast through NBMA %s", ifp->conf.name,
		       inet_ntoa(nbma_of_iface(ifp)));
		/* That flushed the tunnel's neighbours, ours included. */
		nhrp_engine_rebind(&d->eng, ifp->ifindex);
	}
}

/* Opens sockets for the engine's bound interfaces, closes the others. */
static void
sync_io(struct dmvpnd *d)
{
	for (unsigned i = 0; i < NHRP_CONF_MAX_IFS; i++) {
		struct io_if *io = &d->io[i];

		if (io->ifindex && !nhrp_engine_iface(&d->eng, io->ifindex)) {
			close(io->fd);
			if (io->cap_fd >= 0)
				close(io->cap_fd);
			io->ifindex = 0;
		}
	}
	for (unsigned i = 0; i < d->eng.n_ifs; i++) {
		struct nhrp_iface *ifp = &d->eng.ifs[i];
		struct io_if *io;
		int fd;

		if (!ifp->ifindex)
			continue;
		if (io_find(d, ifp->ifindex)) {
			point_multicast(d, ifp);
			continue;
		}
		fd = nhrp_io_open(ifp->ifindex);
		if (fd < 0) {
			logmsg("%s: AF_PACKET socket: %s", ifp->conf.name, strerror(-fd));
			continue;
		}
		for (io = d->io; io->ifindex; io++)
			;
		io->ifindex = ifp->ifindex;
		io->fd = fd;
		io->cap_fd = nhrp_io_open_capture(ifp->ifindex);
		if (io->cap_fd < 0)
			logmsg("%s: capture socket: %s (no redirects, no multicast)",
			       ifp->conf.name, strerror(-io->cap_fd));
		point_multicast(d, ifp);
	}
}

static int
apply_config(struct dmvpnd *d, const struct nhrp_conf *conf)
{
	nhrp_engine_configure(&d->eng, conf);
	sync_io(d);
	return 0;
}

static void
monitor_cb(const struct kernel_event *ev, void *arg)
{
	struct dmvpnd *d = arg;

	switch (ev->type) {
	case KERNEL_EV_NEIGH_MISS:
		nhrp_engine_neigh_miss(&d->eng, ev->neigh.ifindex, ev->neigh.dst);
		break;
	case KERNEL_EV_LINK_NEW:
	case KERNEL_EV_ADDR_NEW:
		nhrp_engine_refresh_links(&d->eng);
		sync_io(d);
		break;
	default:
		break;
	}
}

/* --- control socket ----------------------------------------------------- */

static void
ctl_request(struct dmvpnd *d, int fd, const struct ipc_view *v)
{
	const char *s;

	switch (v->type) {
	case DMVPN_CTL_CONFIG: {
		struct nhrp_conf *conf = malloc(sizeof(*conf));
		char err[256];

		if (!conf || !ipc_get_str(v, IPC_F_TEXT, &s)) {
			free(conf);
			ipc_send_err(fd, v->seq, EINVAL, "no configuration text");
			return;
		}
		if (nhrp_conf_parse(s, conf, err, sizeof(err)) < 0) {
			logmsg("configuration refused: %s", err);
			ipc_send_err(fd, v->seq, EINVAL, err);
		} else {
			apply_config(d, conf);
			logmsg("configuration applied (%u interfaces)", conf->n_ifs);
			ipc_send_ok(fd, v->seq);
		}
		free(conf);
		return;
	}
	case DMVPN_CTL_SHOW: {
		char *text = NULL;
		size_t len = 0;
		FILE *out;
		int rc;

		if (!ipc_get_str(v, IPC_F_LINE, &s)) {
			ipc_send_err(fd, v->seq, EINVAL, "show what?");
			return;
		}
		out = open_memstream(&text, &len);
		if (!out) {
			ipc_send_err(fd, v->seq, ENOMEM, "out of memory");
			return;
		}
		rc = nhrp_engine_show(&d->eng, s, out);
		fclose(out);
		if (rc < 0) {
			ipc_send_err(fd, v->seq, EINVAL, "unknown show command");
		} else {
			struct ipc_msg end;

			if (len)
				ipc_send_text(fd, v->seq, IPC_F_TEXT, text, len);
			ipc_msg_init(&end, IPC_END, v->seq);
			ipc_send(fd, &end);
			ipc_msg_free(&end);
		}
		free(text);
		return;
	}
	case DMVPN_CTL_CLEAR:
		logmsg("clear: %zu entries removed", nhrp_engine_clear(&d->eng));
		ipc_send_ok(fd, v->seq);
		return;
	default:
		ipc_send_err(fd, v->seq, EOPNOTSUPP, "unknown request");
	}
}

static void
ctl_read(struct dmvpnd *d, int slot)
{
	struct ipc_view v;
	int fd = d->clients[slot];
	int rc = ipc_recv(fd, d->ipc_buf, &v);

	if (rc <= 0) {
		if (rc == -EAGAIN)
			return;
		if (rc == -EBADMSG || rc == -EMSGSIZE) {
			ipc_send_err(fd, 0, (uint32_t)-rc, "malformed request");
			return;
		}
		close(fd);
		d->clients[slot] = -1;
		return;
	}
	ctl_request(d, fd, &v);
}

static void
ctl_accept(struct dmvpnd *d)
{
	int fd = accept4(d->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (d->clients[i] < 0) {
			d->clients[i] = fd;
			return;
		}
	ipc_send_err(fd, 0, EBUSY, "too many clients");
	close(fd);
}

/* --- client mode -------------------------------------------------------- */

static void
print_text(const struct ipc_view *v, void *arg)
{
	const void *val;
	size_t len;

	(void)arg;
	if (ipc_get(v, IPC_F_TEXT, &val, &len) && len)
		fwrite(val, 1, len - 1, stdout);
}

static int
client(const char *path, uint16_t type, const char *what)
{
	struct ipc_msg m;
	struct ipc_view end;
	uint8_t *buf = malloc(IPC_MAX_MSG);
	int fd = ipc_connect(path), rc;

	if (fd < 0 || !buf) {
		fprintf(stderr, "dmvpnd: %s: %s\n", path, strerror(fd < 0 ? -fd : ENOMEM));
		free(buf);
		return 1;
	}
	ipc_msg_init(&m, type, 1);
	if (what)
		ipc_msg_add_str(&m, IPC_F_LINE, what);
	rc = ipc_call(fd, &m, buf, print_text, NULL, NULL, &end);
	if (rc < 0) {
		const char *t = "";

		ipc_get_str(&end, IPC_F_TEXT, &t);
		fprintf(stderr, "dmvpnd: %s\n", rc == -ECONNRESET ? "connection closed" : t);
	}
	ipc_msg_free(&m);
	close(fd);
	free(buf);
	return rc < 0;
}

/* --- main loop ---------------------------------------------------------- */

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		stop = 1;
}

/* --- iked: SA events for protected tunnels ------------------------------ */

static bool
any_protected(const struct dmvpnd *d)
{
	for (unsigned i = 0; i < d->eng.n_ifs; i++)
		if (d->eng.ifs[i].conf.ipsec_profile[0])
			return true;
	return false;
}

/* SAs that were up before we subscribed, as if their events had come. */
static int
seed_record(void *ctx, const struct iked_msg_hdr *msg)
{
	struct dmvpnd *d = ctx;
	static char remote[IKE_SPEC_ADDR_MAX];
	static bool established;
	struct iked_msg_event ev;

	if (msg->type == IKED_MSG_SA && msg->len >= sizeof(struct iked_msg_sa)) {
		const struct iked_msg_sa *sa = (const void *)msg;

		memcpy(remote, sa->remote, sizeof(remote));
		remote[sizeof(remote) - 1] = '\0';
		established = !strncmp(sa->state, "ESTABLISHED", sizeof(sa->state));
	} else if (msg->type == IKED_MSG_CHILD && msg->len >= sizeof(struct iked_msg_child)) {
		const struct iked_msg_child *ch = (const void *)msg;

		if (!established || strncmp(ch->state, "INSTALLED", sizeof(ch->state)))
			return 0;
		memset(&ev, 0, sizeof(ev));
		ev.type = IKED_EV_CHILD_UP;
		ev.unique_id = ch->ike_unique_id;
		memcpy(ev.remote, remote, sizeof(ev.remote));
		nhrp_engine_ipsec_event(&d->eng, &ev);
	}
	return 0;
}

static void
iked_connect(struct dmvpnd *d)
{
	char err[256];
	uint64_t t = mono(NULL);

	if (d->iked_fd >= 0 || t < d->iked_retry || !any_protected(d))
		return;
	d->iked_retry = t + 2;
	d->iked_fd = iked_client_subscribe(d->iked_sock, err, sizeof(err));
	if (d->iked_fd < 0) {
		if (!d->iked_complained)
			logmsg("iked %s: %s (protected tunnels wait for it)", d->iked_sock, err);
		d->iked_complained = true;
		return;
	}
	d->iked_complained = false;
	/* Subscribed first, then listed: an SA coming up in between is not missed. */
	nhrp_ipsec_reset(&d->gate);
	if (iked_client_list(d->iked_sock, seed_record, d, err, sizeof(err)) < 0)
		logmsg("iked: listing SAs: %s", err);
	logmsg("iked: following SA events on %s", d->iked_sock);
}

static void
iked_read(struct dmvpnd *d)
{
	struct iked_msg_event ev;
	char err[256];

	if (iked_client_next_event(d->iked_fd, &ev, err, sizeof(err)) < 0) {
		logmsg("iked: %s: no SA is known up until it is back", err);
		close(d->iked_fd);
		d->iked_fd = -1;
		d->iked_retry = 0;
		nhrp_ipsec_reset(&d->gate);
		return;
	}
	ev.remote[sizeof(ev.remote) - 1] = '\0';
	logmsg("iked: %s %s", iked_event_name(ev.type), ev.remote);
	nhrp_engine_ipsec_event(&d->eng, &ev);
}

static void
usage(void)
{
	fprintf(stderr, "usage: dmvpnd [-c FILE] [-S SOCKET] [-I IKED_SOCKET] [--show WHAT | --clear]\n");
}

int
main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 'S' },
		{ "iked-socket", required_argument, NULL, 'I' },
		{ "show", required_argument, NULL, 's' },
		{ "clear", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *conf_path = NULL, *sock = DMVPND_SOCKET, *show = NULL;
	const char *iked_sock = LIOS_IKED_SOCKET;
	bool clear = false;
	struct dmvpnd *d;
	char kerr[KERNEL_ERRLEN];
	uint8_t pkt[65536];
	int c;

	while ((c = getopt_long(argc, argv, "c:S:I:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'c': conf_path = optarg; break;
		case 'S': sock = optarg; break;
		case 'I': iked_sock = optarg; break;
		case 's': show = optarg; break;
		case 'C': clear = true; break;
		default: usage(); return c == 'h' ? 0 : 2;
		}
	}
	if (optind != argc) {
		usage();
		return 2;
	}
	if (show)
		return client(sock, DMVPN_CTL_SHOW, show);
	if (clear)
		return client(sock, DMVPN_CTL_CLEAR, NULL);

	d = calloc(1, sizeof(*d));
	if (!d)
		return 1;
	d->ipc_buf = malloc(IPC_MAX_MSG);
	for (int i = 0; i < MAX_CLIENTS; i++)
		d->clients[i] = -1;
	d->k = kernel_nl_open(kerr);
	if (!d->k || !d->ipc_buf) {
		logmsg("kernel: %s", d->k ? "out of memory" : kerr);
		return 1;
	}
	nhrp_engine_init(&d->eng, &ops, d, mono, NULL);
	nhrp_ipsec_init(&d->gate);
	nhrp_engine_set_ipsec(&d->eng, &d->gate);
	d->iked_sock = iked_sock;
	d->iked_fd = -1;
	/* Leftovers of a previous run are ours to remove. */
	kernel_route_flush_protocol(d->k, LIOS_RTPROT_NHRP);
	if (conf_path) {
		struct nhrp_conf *conf = malloc(sizeof(*conf));
		char err[256];

		if (!conf || nhrp_conf_load(conf_path, conf, err, sizeof(err)) < 0) {
			logmsg("%s: %s", conf_path, conf ? err : "out of memory");
			return 1;
		}
		apply_config(d, conf);
		free(conf);
	}
	d->mon_fd = kernel_monitor_open(d->k, KERNEL_MON_LINK | KERNEL_MON_ADDR | KERNEL_MON_NEIGH,
					monitor_cb, d);
	if (d->mon_fd < 0)
		logmsg("kernel monitor: %s (no on-demand resolution)", kernel_error(d->k));
	d->listen_fd = ipc_listen(sock, 0660);
	if (d->listen_fd < 0) {
		logmsg("%s: %s", sock, strerror(-d->listen_fd));
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGHUP, on_signal);
	logmsg("started");

	while (!stop) {
		struct pollfd pfd[3 + MAX_CLIENTS + 2 * NHRP_CONF_MAX_IFS];
		int kind[sizeof(pfd) / sizeof(pfd[0])], idx[sizeof(pfd) / sizeof(pfd[0])];
		nfds_t n = 0;
		uint64_t next = nhrp_engine_tick(&d->eng), t = mono(NULL);
		int timeout = next > t ? (int)(next - t) * 1000 : 0;

		if (timeout > 1000)
			timeout = 1000; /* links may appear without an event we watch */
		if (reload && conf_path) {
			struct nhrp_conf *conf = malloc(sizeof(*conf));
			char err[256];

			reload = 0;
			if (conf && nhrp_conf_load(conf_path, conf, err, sizeof(err)) == 0)
				apply_config(d, conf);
			else
				logmsg("%s: %s", conf_path, conf ? err : "out of memory");
			free(conf);
		}
		pfd[n] = (struct pollfd){ .fd = d->listen_fd, .events = POLLIN };
		kind[n++] = 0;
		iked_connect(d);
		if (d->iked_fd >= 0) {
			pfd[n] = (struct pollfd){ .fd = d->iked_fd, .events = POLLIN };
			kind[n++] = 5;
		}
		if (d->mon_fd >= 0) {
			pfd[n] = (struct pollfd){ .fd = d->mon_fd, .events = POLLIN };
			kind[n++] = 1;
		}
		for (int i = 0; i < MAX_CLIENTS; i++)
			if (d->clients[i] >= 0) {
				pfd[n] = (struct pollfd){ .fd = d->clients[i], .events = POLLIN };
				idx[n] = i;
				kind[n++] = 2;
			}
		for (unsigned i = 0; i < NHRP_CONF_MAX_IFS; i++) {
			if (!d->io[i].ifindex)
				continue;
			pfd[n] = (struct pollfd){ .fd = d->io[i].fd, .events = POLLIN };
			idx[n] = (int)i;
			kind[n++] = 3;
			if (d->io[i].cap_fd >= 0) {
				pfd[n] = (struct pollfd){ .fd = d->io[i].cap_fd, .events = POLLIN };
				idx[n] = (int)i;
				kind[n++] = 4;
			}
		}
		if (poll(pfd, n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			logmsg("poll: %s", strerror(errno));
			break;
		}
		if (n == 0)
			continue;
		for (nfds_t i = 0; i < n; i++) {
			struct io_if *io;

			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			switch (kind[i]) {
			case 0:
				ctl_accept(d);
				break;
			case 1:
				if (kernel_monitor_process(d->k) == -ENOBUFS)
					logmsg("kernel monitor: events lost");
				break;
			case 2:
				ctl_read(d, idx[i]);
				break;
			case 3: {
				struct in_addr nbma;
				ssize_t len;

				io = &d->io[idx[i]];
				/* The fd may have been closed by a reconfiguration above. */
				if (!io->ifindex || io->fd != pfd[i].fd)
					break;
				while ((len = nhrp_io_recv(io->fd, pkt, sizeof(pkt), &nbma)) >= 0)
					if (len > 0)
						nhrp_engine_receive(&d->eng, io->ifindex, nbma, pkt,
								    (size_t)len);
				break;
			}
			case 4: {
				ssize_t len;

				io = &d->io[idx[i]];
				if (!io->ifindex || io->cap_fd != pfd[i].fd)
					break;
				while ((len = nhrp_io_recv_capture(io->cap_fd, pkt, sizeof(pkt))) > 0)
					outgoing(d, io, pkt, (size_t)len);
				break;
			}
			case 5:
				if (d->iked_fd == pfd[i].fd)
					iked_read(d);
				break;
			}
		}
	}
	logmsg("stopping: withdrawing registrations, removing bindings");
	nhrp_engine_withdraw(&d->eng);
	nhrp_engine_fini(&d->eng);
	nhrp_ipsec_fini(&d->gate);
	if (d->iked_fd >= 0)
		close(d->iked_fd);
	kernel_route_flush_protocol(d->k, LIOS_RTPROT_NHRP);
	unlink(sock);
	kernel_close(d->k);
	return 0;
}
