/*
 * Bringing the embedded libcharon up and down: our own settings file and
 * namespace (so /etc/strongswan.conf does not take over), an explicit
 * plugin list, the global retransmit schedule IOS DPD needs, logging.
 */
#ifndef IKED_CHARON_SETUP_H
#define IKED_CHARON_SETUP_H

#include <stdbool.h>
#include <stddef.h>

/* Settings namespace of the embedded charon ("iked.port", ...). */
#define IKED_NAMESPACE "iked"

/* Enough for PSK IKEv1/IKEv2 with the algorithms ike_algs.c maps to, XFRM
 * as kernel backend. kernel-libipsec may be put before kernel-netlink for
 * kernels without ESP (tunnel mode over UDP only). */
#define IKED_PLUGINS_DEFAULT                                                                       \
	"random nonce openssl kdf pem pkcs1 x509 pubkey sha1 sha2 md5 hmac aes gcm "               \
	"kernel-netlink socket-default"

struct charon_setup {
	const char *settings_file; /* strongSwan settings; NULL: none (empty) */
	const char *plugins;	   /* NULL: IKED_PLUGINS_DEFAULT */
	const char *vici_socket;   /* non-NULL: load vici listening there */
	int log_level;		   /* -1: silent, 0..4 as charon's levels */
	unsigned int retry;	   /* DPD retry = retransmit_timeout; 0: keep default */
	unsigned int port;	   /* IKE port, 0: 500 */
	unsigned int port_nat_t;   /* NAT-T port, 0: 4500 */
};

/* Initialise libstrongswan and libcharon and load the plugins; does not start
 * charon's threads. Returns 0, or -1 with a message in err (and everything
 * already torn down). */
int charon_setup_init(const struct charon_setup *cs, char *err, size_t errlen);

/* Start the worker threads and the scheduler. */
void charon_setup_start(void);

/* Tear down what charon_setup_init() built. Safe to call once after init. */
void charon_setup_deinit(void);

/* Version of strongSwan the headers and our config describe. */
const char *charon_setup_version(void);

#endif
