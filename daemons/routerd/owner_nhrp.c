/* The NHRP owner (see owner_nhrp.h). Each change regenerates the whole
 * dmvpnd configuration from the new model: dmvpnd compares per tunnel and
 * keeps the state of tunnels whose configuration did not change. A thread
 * reconnects every second while dmvpnd is away and pushes the latest
 * configuration when it is back. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "../dmvpnd/dmvpn_ctl.h"
#include "ipc.h"
#include "owner_nhrp.h"

struct nhrp_own {
	pthread_mutex_t lock;
	pthread_t thread;
	bool thread_started, stop;
	int fd;
	char *text;	/* the latest configuration; NULL: none yet */
	bool pushed;	/* text reached the current connection */
	char path[108];
	const struct ifmap *map;
	uint8_t *buf;
};

static void
linux_name(const struct ifmap *map, const char *canon, char out[IFNAMSIZ])
{
	const char *l = map ? ifmap_linux(map, canon) : NULL;
	const char *src = l ? l : canon;
	size_t n = strnlen(src, IFNAMSIZ - 1);

	memcpy(out, src, n);
	out[n] = '\0';
}

void
owner_nhrp_config_text(const struct model *m, const struct ifmap *map, FILE *out)
{
	size_t n = model_count(m, MK_INTERFACE);

	for (size_t i = 0; i < n; i++) {
		const struct m_interface *f = (const struct m_interface *)model_at(m, MK_INTERFACE, i);
		const struct m_nhrp *h = &f->nhrp;
		char name[IFNAMSIZ];

		if (!h->has_network_id || f->tunnel.mode != TUNNEL_GRE_MULTIPOINT)
			continue;
		linux_name(map, f->h.key, name);
		fprintf(out, "interface %s\n", name);
		if (f->has_address)
			fprintf(out, " address %s/%u\n", model_ip(f->address.addr),
				model_mask_len(f->address.mask));
		if (f->tunnel.has_source_ip)
			fprintf(out, " nbma %s\n", model_ip(f->tunnel.source_ip));
		fprintf(out, " network-id %u\n", h->network_id);
		if (h->auth[0])
			fprintf(out, " authentication %s\n", h->auth);
		fprintf(out, " holdtime %u\n", h->has_holdtime ? h->holdtime : NHRP_DEFAULT_HOLDTIME);
		for (unsigned j = 0; j < h->n_nhs; j++) {
			const struct m_nhrp_nhs *s = &h->nhs[j];

			fprintf(out, " nhs %s", s->proto ? model_ip(s->proto) : "dynamic");
			if (s->has_nbma)
				fprintf(out, " nbma %s", model_ip(s->nbma));
			if (s->multicast)
				fprintf(out, " multicast");
			if (s->has_priority)
				fprintf(out, " priority %u", s->priority);
			if (s->has_cluster)
				fprintf(out, " cluster %u", s->cluster);
			fprintf(out, "\n");
		}
		for (unsigned j = 0; j < NHRP_NHS_CLUSTERS; j++)
			if (h->has_nhs_max_conn[j])
				fprintf(out, " nhs cluster %u max-connections %u\n", j,
					h->nhs_max_conn[j]);
		if (h->has_nhs_fallback)
			fprintf(out, " nhs fallback %u\n", h->nhs_fallback);
		for (unsigned j = 0; j < h->n_map; j++)
			fprintf(out, " map %s %s\n", model_ip(h->map[j].proto),
				model_ip(h->map[j].nbma));
		if (h->map_mcast_dynamic)
			fprintf(out, " map multicast dynamic\n");
		for (unsigned j = 0; j < h->n_map_mcast; j++)
			fprintf(out, " map multicast %s\n", model_ip(h->map_mcast[j]));
		if (h->has_reg_timeout)
			fprintf(out, " registration timeout %u\n", h->reg_timeout);
		if (h->reg_no_unique)
			fprintf(out, " registration no-unique\n");
		if (h->redirect)
			fprintf(out, " redirect\n");
		if (h->shortcut)
			fprintf(out, " shortcut\n");
		/* spec: the name ike_map gives the tunnel's %any IKE spec, which
		 * dmvpnd asks iked to bring up towards other spokes */
		if (f->protection.set)
			fprintf(out, " protection ipsec profile %s spec %.63s\n",
				f->protection.profile, f->h.key);
	}
}

static void
disconnect(struct nhrp_own *no)
{
	if (no->fd >= 0)
		close(no->fd);
	no->fd = -1;
	no->pushed = false;
}

/* With the lock held: a connection with the configuration pushed. */
static int
ensure_pushed(struct nhrp_own *no, char *err, size_t errlen)
{
	struct ipc_msg m;
	struct ipc_view end;
	int rc;

	if (no->fd >= 0) {
		struct pollfd p = { .fd = no->fd, .events = POLLIN };

		/* dmvpnd never speaks unasked: readable means it went away. */
		if (poll(&p, 1, 0) > 0)
			disconnect(no);
	}
	if (no->fd < 0) {
		no->fd = ipc_connect(no->path);
		if (no->fd < 0) {
			rc = no->fd;
			no->fd = -1;
			snprintf(err, errlen, "dmvpnd is not running (%s)", strerror(-rc));
			return rc;
		}
		no->pushed = false;
	}
	if (no->pushed || !no->text)
		return 0;
	ipc_msg_init(&m, DMVPN_CTL_CONFIG, 1);
	ipc_msg_add_str(&m, IPC_F_TEXT, no->text);
	rc = ipc_call(no->fd, &m, no->buf, NULL, NULL, NULL, &end);
	ipc_msg_free(&m);
	if (rc == -EINVAL) {
		const char *t = "refused";

		ipc_get_str(&end, IPC_F_TEXT, &t);
		snprintf(err, errlen, "dmvpnd: %s", t);
		no->pushed = true; /* the same text would be refused again */
		return rc;
	}
	if (rc < 0) {
		snprintf(err, errlen, "dmvpnd: %s", strerror(-rc));
		disconnect(no);
		return rc;
	}
	no->pushed = true;
	return 0;
}

static void *
reconnect_thread(void *arg)
{
	struct nhrp_own *no = arg;
	char err[256];

	for (;;) {
		pthread_mutex_lock(&no->lock);
		if (no->stop) {
			pthread_mutex_unlock(&no->lock);
			return NULL;
		}
		if (no->text)
			ensure_pushed(no, err, sizeof(err));
		pthread_mutex_unlock(&no->lock);
		sleep(1);
	}
}

static int
nhrp_apply(struct owner *o, const struct owner_change *c, char *why, size_t whylen)
{
	struct nhrp_own *no = o->ctx;
	char *text = NULL, err[256];
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int rc;

	if (!out) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	owner_nhrp_config_text(c->new_model, no->map, out);
	fclose(out);
	pthread_mutex_lock(&no->lock);
	if (no->text && !strcmp(no->text, text)) {
		free(text);
		pthread_mutex_unlock(&no->lock);
		return 0;
	}
	free(no->text);
	no->text = text;
	no->pushed = false;
	rc = ensure_pushed(no, err, sizeof(err));
	if (!no->thread_started &&
	    pthread_create(&no->thread, NULL, reconnect_thread, no) == 0)
		no->thread_started = true;
	pthread_mutex_unlock(&no->lock);
	/* dmvpnd down is fine (it gets everything when it comes up); a
	 * refusal by a running dmvpnd is not. */
	if (rc == -EINVAL) {
		snprintf(why, whylen, "%s", err);
		return -1;
	}
	return 0;
}

static void
nhrp_free(struct owner *o)
{
	struct nhrp_own *no = o->ctx;

	pthread_mutex_lock(&no->lock);
	no->stop = true;
	pthread_mutex_unlock(&no->lock);
	if (no->thread_started)
		pthread_join(no->thread, NULL);
	disconnect(no);
	free(no->text);
	free(no->buf);
	pthread_mutex_destroy(&no->lock);
	free(no);
}

struct owner *
owner_nhrp_new(const struct ifmap *map, const char *socket_path)
{
	struct owner *o = calloc(1, sizeof(*o));
	struct nhrp_own *no = calloc(1, sizeof(*no));

	if (!o || !no || !(no->buf = malloc(IPC_MAX_MSG)))
		abort();
	pthread_mutex_init(&no->lock, NULL);
	no->fd = -1;
	no->map = map;
	snprintf(no->path, sizeof(no->path), "%s", socket_path ? socket_path : DMVPND_SOCKET);
	o->name = "dmvpnd";
	o->apply = nhrp_apply;
	o->free = nhrp_free;
	o->ctx = no;
	return o;
}

struct nhrp_own *
owner_nhrp_of(struct owner *o)
{
	return o && o->apply == nhrp_apply ? o->ctx : NULL;
}

static void
write_text(const struct ipc_view *v, void *arg)
{
	const void *val;
	size_t len;

	if (ipc_get(v, IPC_F_TEXT, &val, &len) && len)
		fwrite(val, 1, len - 1, (FILE *)arg);
}

int
owner_nhrp_query(struct nhrp_own *no, unsigned type, const char *line, FILE *out, char *err,
		 size_t errlen)
{
	struct ipc_msg m;
	struct ipc_view end;
	int rc;

	pthread_mutex_lock(&no->lock);
	rc = ensure_pushed(no, err, errlen);
	if (rc < 0 && rc != -EINVAL)
		goto out;
	ipc_msg_init(&m, (uint16_t)type, 2);
	if (line)
		ipc_msg_add_str(&m, IPC_F_LINE, line);
	rc = ipc_call(no->fd, &m, no->buf, write_text, NULL, out, &end);
	ipc_msg_free(&m);
	if (rc < 0) {
		const char *t = strerror(-rc);

		if (rc != -ECONNRESET)
			ipc_get_str(&end, IPC_F_TEXT, &t);
		snprintf(err, errlen, "dmvpnd: %s", t);
		if (rc == -ECONNRESET || rc == -EPIPE)
			disconnect(no);
	}
out:
	pthread_mutex_unlock(&no->lock);
	return rc;
}
