/*
 * IOS `description` as the Linux interface alias (IFLA_IFALIAS, what
 * `ip link` prints as "alias"), so that Linux tools see it too.
 * kernel_ops has no operation for it: one RTM_SETLINK on a netlink socket
 * of our own, only with the netlink backend (the fake keeps no alias; show
 * takes the description from the model either way).
 */
#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "owner_kernel_priv.h"

#define ALIAS_MAX 256 /* IFALIASZ */

int
kown_set_alias(struct kown *ko, int ifindex, const char *alias)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[RTA_SPACE(ALIAS_MAX)];
	} req;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	char buf[512];
	struct rtattr *rta;
	size_t len = strnlen(alias, ALIAS_MAX - 1);
	int fd, rc = 0;
	ssize_t n;

	if (strcmp(ko->k->ops->name, "netlink") != 0 || ifindex <= 0)
		return 0;
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = RTM_SETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nh.nlmsg_seq = 1;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = ifindex;
	rta = (struct rtattr *)req.attrs;
	rta->rta_type = IFLA_IFALIAS;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), alias, len);
	req.nh.nlmsg_len = (unsigned)(NLMSG_LENGTH(sizeof(req.ifi)) + RTA_ALIGN(rta->rta_len));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		rc = -errno;
	} else if ((n = recv(fd, buf, sizeof(buf), 0)) < 0) {
		rc = -errno;
	} else {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (NLMSG_OK(h, (unsigned)n) && h->nlmsg_type == NLMSG_ERROR)
			rc = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
	}
	close(fd);
	return rc;
}
