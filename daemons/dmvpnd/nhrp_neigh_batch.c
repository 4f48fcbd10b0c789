/* Batched neighbour requests over rtnetlink (see nhrp_neigh_batch.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "nhrp_neigh_batch.h"

#define BATCH_MAX 256	/* requests a sendmsg */
#define MSG_ROOM 64	/* header, ndmsg, NDA_DST, NDA_LLADDR of up to 16 octets */
#define LLADDR_MAX 16
#define RCVBUF (1 << 20) /* room for a whole batch's refusals */

struct request {
	int ifindex;
	struct in_addr dst;
	bool del;
};

struct nhrp_neigh_batch {
	int fd;
	uint32_t seq;	    /* of the first queued request */
	size_t n, len;
	struct request req[BATCH_MAX];
	nhrp_neigh_fail_fn fail;
	void *ctx;
	uint8_t buf[BATCH_MAX * MSG_ROOM];
};

struct nhrp_neigh_batch *
nhrp_neigh_batch_open(nhrp_neigh_fail_fn fail, void *ctx)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nhrp_neigh_batch *b = calloc(1, sizeof(*b));
	int one = 1, size = RCVBUF, err;

	if (!b)
		return NULL;
	b->fail = fail;
	b->ctx = ctx;
	b->seq = 1;
	b->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (b->fd < 0 || bind(b->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto fail;
	/* Refusals without the request echoed: smaller, so more fit. */
	setsockopt(b->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(b->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(b->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return b;
fail:
	err = errno;
	if (b->fd >= 0)
		close(b->fd);
	free(b);
	errno = err;
	return NULL;
}

void
nhrp_neigh_batch_close(struct nhrp_neigh_batch *b)
{
	if (!b)
		return;
	nhrp_neigh_batch_flush(b);
	close(b->fd);
	free(b);
}

size_t
nhrp_neigh_batch_pending(const struct nhrp_neigh_batch *b)
{
	return b->n;
}

static void
add_attr(struct nlmsghdr *h, unsigned short type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((uint8_t *)h + NLMSG_ALIGN(h->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

static int
queue(struct nhrp_neigh_batch *b, int ifindex, struct in_addr dst, const uint8_t *lladdr,
      uint8_t lladdr_len)
{
	bool del = lladdr == NULL;
	struct nlmsghdr *h;
	struct ndmsg *nd;
	int rc;

	if (!del && (lladdr_len == 0 || lladdr_len > LLADDR_MAX))
		return -EINVAL;
	if (b->n == BATCH_MAX && (rc = nhrp_neigh_batch_flush(b)) < 0)
		return rc;
	h = (struct nlmsghdr *)(b->buf + b->len);
	memset(h, 0, MSG_ROOM);
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*nd));
	h->nlmsg_type = del ? RTM_DELNEIGH : RTM_NEWNEIGH;
	/* No NLM_F_ACK: the kernel answers only a refusal. */
	h->nlmsg_flags = NLM_F_REQUEST | (del ? 0 : NLM_F_CREATE | NLM_F_REPLACE);
	h->nlmsg_seq = b->seq + (uint32_t)b->n;
	nd = NLMSG_DATA(h);
	nd->ndm_family = AF_INET;
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = NUD_PERMANENT;
	add_attr(h, NDA_DST, &dst.s_addr, sizeof(dst.s_addr));
	if (!del)
		add_attr(h, NDA_LLADDR, lladdr, lladdr_len);
	b->len += NLMSG_ALIGN(h->nlmsg_len);
	b->req[b->n++] = (struct request){ .ifindex = ifindex, .dst = dst, .del = del };
	return 0;
}

int
nhrp_neigh_batch_replace(struct nhrp_neigh_batch *b, int ifindex, struct in_addr dst,
			 const uint8_t *lladdr, uint8_t lladdr_len)
{
	if (!lladdr)
		return -EINVAL;
	return queue(b, ifindex, dst, lladdr, lladdr_len);
}

int
nhrp_neigh_batch_delete(struct nhrp_neigh_batch *b, int ifindex, struct in_addr dst)
{
	return queue(b, ifindex, dst, NULL, 0);
}

static void
refused(struct nhrp_neigh_batch *b, const struct request *r, int err)
{
	if (b->fail)
		b->fail(b->ctx, r->ifindex, r->dst, r->del, err);
}

/* The refusals of the batch just sent: the kernel queued them while it
 * processed the sendmsg, so reading until the socket is empty gets all. */
static int
collect_refusals(struct nhrp_neigh_batch *b)
{
	uint8_t rbuf[16384];
	int count = 0;

	for (;;) {
		ssize_t len = recv(b->fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		struct nlmsghdr *h = (struct nlmsghdr *)rbuf;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				struct request lost = { 0 };

				refused(b, &lost, ENOBUFS);
				count++;
				continue;
			}
			break; /* EAGAIN: nothing more */
		}
		for (; NLMSG_OK(h, (size_t)len); h = NLMSG_NEXT(h, len)) {
			const struct nlmsgerr *e = NLMSG_DATA(h);
			uint32_t i;

			if (h->nlmsg_type != NLMSG_ERROR ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)) || e->error == 0)
				continue;
			i = e->msg.nlmsg_seq - b->seq;
			if (i >= b->n)
				continue;
			if (b->req[i].del && (e->error == -ENOENT || e->error == -ESRCH))
				continue;
			refused(b, &b->req[i], -e->error);
			count++;
		}
	}
	return count;
}

int
nhrp_neigh_batch_flush(struct nhrp_neigh_batch *b)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int rc;

	if (b->n == 0)
		return 0;
	if (sendto(b->fd, b->buf, b->len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		rc = -errno;
		for (size_t i = 0; i < b->n; i++)
			refused(b, &b->req[i], -rc);
	} else {
		rc = collect_refusals(b);
	}
	b->seq += (uint32_t)b->n;
	if (b->seq == 0)
		b->seq = 1;
	b->n = b->len = 0;
	return rc;
}
