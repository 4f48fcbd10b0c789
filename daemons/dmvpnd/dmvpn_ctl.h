/* dmvpnd's control socket (libipc, SOCK_SEQPACKET): what routerd and
 * `dmvpnd --show` send. */
#ifndef DMVPN_CTL_H
#define DMVPN_CTL_H

#define DMVPND_SOCKET "/run/lios/dmvpnd.sock"

enum dmvpn_ctl_type {
	/* IPC_F_TEXT: the whole configuration in nhrp_conf.h's text form,
	 * replacing the previous one. OK, or ERR {EINVAL, "line N: why"}. */
	DMVPN_CTL_CONFIG = 0x300,
	/* IPC_F_LINE: "dmvpn", "dmvpn detail", "ip nhrp", "ip nhrp detail",
	 * "ip nhrp nhs", "ip nhrp nhs detail", "ip nhrp multicast",
	 * "ip nhrp traffic". DATA
	 * records of IPC_F_TEXT, then END. */
	DMVPN_CTL_SHOW = 0x301,
	/* clear ip nhrp / clear dmvpn session: drops learnt bindings. OK. */
	DMVPN_CTL_CLEAR = 0x302,
};

#endif
