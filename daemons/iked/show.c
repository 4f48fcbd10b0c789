/*
 * Client side of "list SAs", printing every field of every record.
 * Independent of strongSwan: only ike_spec.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ike_spec.h"
#include "show.h"

static void print_ago(FILE *out, const char *what, uint32_t s)
{
	if (s == IKE_TIME_NEVER)
		fprintf(out, "%s never", what);
	else
		fprintf(out, "%s %" PRIu32 "s ago", what, s);
}

static void print_sa(FILE *out, const struct iked_msg_sa *m)
{
	fprintf(out, "IKE SA %" PRIu32 " %s IKEv%u %s %s\n", m->unique_id, m->name, m->version,
		m->state, m->initiator ? "initiator" : "responder");
	fprintf(out, "  local  %s/%u id %s\n", m->local, m->local_port, m->local_id);
	fprintf(out, "  remote %s/%u id %s%s\n", m->remote, m->remote_port, m->remote_id,
		m->nat ? " (NAT)" : "");
	fprintf(out, "  spi i %016" PRIx64 " r %016" PRIx64 "\n", m->spi_i, m->spi_r);
	fprintf(out, "  encr %s keysize %u, integ %s, prf %s, dh %s (group %u)\n",
		m->encr[0] ? m->encr : "-", m->encr_keysize, m->integ[0] ? m->integ : "-",
		m->prf[0] ? m->prf : "-", m->dh[0] ? m->dh : "-", m->dh_group);
	fprintf(out, "  life %" PRIu32 "s, active ", m->lifetime);
	if (m->active_time == IKE_TIME_NEVER)
		fprintf(out, "-");
	else
		fprintf(out, "%" PRIu32 "s", m->active_time);
	print_ago(out, ", IKE in", m->last_in_ago);
	fprintf(out, "\n  dpd %s", ike_dpd_mode_name(m->dpd.mode));
	if (m->dpd.mode)
		fprintf(out, " %u s retry %u s%s", m->dpd.interval, m->dpd.retry,
			m->dpd_pending ? ", check outstanding" : "");
	fprintf(out, "\n  %" PRIu32 " child SA(s)\n", m->n_child);
}

static void print_child(FILE *out, const struct iked_msg_child *m)
{
	fprintf(out, "  CHILD SA %" PRIu32 " %s reqid %" PRIu32 " %s %s%s\n", m->unique_id,
		m->name, m->reqid, m->state, m->mode == IKE_MODE_TRANSPORT ? "transport" : "tunnel",
		m->encap ? " UDP-encap" : "");
	fprintf(out, "    spi in %08" PRIx32 " out %08" PRIx32 ", %s keysize %u, integ %s%s%s\n",
		m->spi_in, m->spi_out, m->encr[0] ? m->encr : "-", m->encr_keysize,
		m->integ[0] ? m->integ : "-", m->dh[0] ? ", pfs " : "", m->dh);
	fprintf(out, "    ts %s === %s\n", m->local_ts, m->remote_ts);
	fprintf(out, "    in %" PRIu64 " bytes %" PRIu64 " pkts,", m->bytes_in, m->packets_in);
	print_ago(out, " last", m->last_in_ago);
	fprintf(out, "; out %" PRIu64 " bytes %" PRIu64 " pkts,", m->bytes_out, m->packets_out);
	print_ago(out, " last", m->last_out_ago);
	fprintf(out, "\n    installed %" PRIu32 "s ago, rekey in %" PRIu32 "s, expires in %" PRIu32
		     "s\n",
		m->installed_ago, m->rekey_in, m->life_in);
}

int iked_show(const char *path, FILE *out)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct iked_msg_hdr req = {IKED_MSG_LIST_SAS, IKED_MSG_VERSION, sizeof(req)};
	union {
		struct iked_msg_hdr hdr;
		struct iked_msg_sa sa;
		struct iked_msg_child child;
		struct iked_msg_error error;
	} m;
	int fd, rc = 1;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "iked: socket path %s is too long\n", path);
		return 1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    send(fd, &req, sizeof(req), MSG_NOSIGNAL) != sizeof(req)) {
		fprintf(stderr, "iked: cannot reach %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	for (;;) {
		ssize_t n = recv(fd, &m, sizeof(m), 0);

		if (n < (ssize_t)sizeof(m.hdr) || m.hdr.len != (size_t)n) {
			fprintf(stderr, "iked: %s: truncated or malformed answer\n", path);
			break;
		}
		if (m.hdr.type == IKED_MSG_END) {
			rc = 0;
			break;
		}
		if (m.hdr.type == IKED_MSG_SA && n == sizeof(m.sa)) {
			print_sa(out, &m.sa);
		} else if (m.hdr.type == IKED_MSG_CHILD && n == sizeof(m.child)) {
			print_child(out, &m.child);
		} else if (m.hdr.type == IKED_MSG_ERROR && n == sizeof(m.error)) {
			fprintf(stderr, "iked: %s\n", m.error.text);
			break;
		} else {
			fprintf(stderr, "iked: unexpected message %u\n", m.hdr.type);
			break;
		}
	}
	close(fd);
	return rc;
}
