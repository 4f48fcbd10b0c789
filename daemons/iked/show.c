/*
 * Client side of "list SAs", printing every field of every record.
 * Independent of strongSwan: only ike_spec.h.
 */
#include <inttypes.h>
#include <time.h>
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
	fprintf(out, ", rekey in %" PRIu32 "s, expires in %" PRIu32 "s", m->rekey_in,
		m->expires_in);
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
	if (m->dh_group)
		fprintf(out, "    pfs group %u\n", m->dh_group);
	fprintf(out, "    ts %s === %s\n", m->local_ts, m->remote_ts);
	fprintf(out, "    in %" PRIu64 " bytes %" PRIu64 " pkts,", m->bytes_in, m->packets_in);
	print_ago(out, " last", m->last_in_ago);
	fprintf(out, "; out %" PRIu64 " bytes %" PRIu64 " pkts,", m->bytes_out, m->packets_out);
	print_ago(out, " last", m->last_out_ago);
	fprintf(out, "\n    installed %" PRIu32 "s ago, rekey in %" PRIu32 "s, expires in %" PRIu32
		     "s or after %" PRIu64 " KB\n",
		m->installed_ago, m->rekey_in, m->life_in, m->life_bytes / 1024);
}

static int print_record(void *ctx, const struct iked_msg_hdr *msg)
{
	FILE *out = ctx;

	if (msg->type == IKED_MSG_SA)
		print_sa(out, (const struct iked_msg_sa *)msg);
	else
		print_child(out, (const struct iked_msg_child *)msg);
	return 0;
}

int iked_show(const char *path, FILE *out)
{
	char err[300];

	if (iked_client_list(path, print_record, out, err, sizeof(err)) < 0) {
		fprintf(stderr, "iked: %s\n", err);
		return 1;
	}
	return 0;
}

int iked_show_events(const char *path, FILE *out)
{
	struct iked_msg_event ev;
	char err[300], stamp[32];
	struct tm tm;
	time_t t;
	int fd = iked_client_subscribe(path, err, sizeof(err));

	if (fd < 0) {
		fprintf(stderr, "iked: %s\n", err);
		return 1;
	}
	while (iked_client_next_event(fd, &ev, err, sizeof(err)) == 0) {
		t = (time_t)ev.when_sec;
		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
		fprintf(out, "%s.%03d %s[%u] %s IKEv%u: %s", stamp, ev.when_nsec / 1000000,
			ev.name, ev.unique_id, ev.remote, ev.version, iked_event_name(ev.type));
		if (ev.type == IKED_EV_RETRANSMIT)
			fprintf(out, " %u", ev.n);
		fputc('\n', out);
		fflush(out);
	}
	close(fd);
	fprintf(stderr, "iked: %s\n", err);
	return 0;
}

int iked_show_debug(const char *path, FILE *out)
{
	struct iked_msg_debug_line line;
	char err[300], stamp[32];
	struct tm tm;
	time_t t;
	int fd = iked_client_debug(path, IKED_DEBUG_ALL, err, sizeof(err)), rc;

	if (fd < 0) {
		fprintf(stderr, "iked: %s\n", err);
		return 1;
	}
	while ((rc = iked_client_next_debug(fd, &line, err, sizeof(err))) >= 0) {
		if (rc)
			continue; /* an answer, not a line */
		t = (time_t)line.when_sec;
		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
		if (line.dropped)
			fprintf(out, "(%u debug lines lost)\n", line.dropped);
		fprintf(out, "%s.%03d %s\n", stamp, line.when_nsec / 1000000, line.text);
		fflush(out);
	}
	close(fd);
	fprintf(stderr, "iked: %s\n", err);
	return 0;
}
