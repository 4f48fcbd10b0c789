/*
 * IOS renderings of iked's "list SAs" answer (ios-reference.md §2): pure
 * functions of the records and of what the configuration says about each
 * spec, so that tests render recorded or synthetic SAs.
 */
#ifndef ROUTERD_SHOW_CRYPTO_H
#define ROUTERD_SHOW_CRYPTO_H

#include <stdbool.h>

#include "ike_spec.h"
#include "model.h"

struct strbuf;

/* The SAs as iked listed them. */
struct crypto_sas {
	struct iked_msg_sa *sa;
	size_t n_sa;
	struct iked_msg_child *child;
	size_t n_child;
};

/* What the configuration says about a spec (from ike_map). */
struct crypto_peer {
	char name[IKE_SPEC_NAME_MAX];	 /* spec name = IKE SA name */
	char ifname[MODEL_NAME_LEN];	 /* the protected interface */
	char profile[MODEL_NAME_LEN];	 /* ikev2 profile, "" for IKEv1 */
	char out_if[MODEL_NAME_LEN];	 /* the tunnel source interface, "" unknown */
	char local[IKE_SPEC_ADDR_MAX];
	char remote[IKE_SPEC_ADDR_MAX];	 /* or IKE_SPEC_ANY */
	uint8_t proto;			 /* protected IP protocol, 0 any */
	uint8_t pfs_group;
	bool initiate;
	uint64_t lifetime_kb;		 /* IPsec SA lifetime */
};

struct crypto_view {
	const struct crypto_sas *sas;
	const struct crypto_peer *peers;
	size_t n_peers;
};

/* Appends one record of iked_client_list() to sas. */
int crypto_sas_add(void *sas, const struct iked_msg_hdr *msg);
void crypto_sas_free(struct crypto_sas *sas);

void show_crypto_ikev2_sa(struct strbuf *b, const struct crypto_view *v, bool detailed);
void show_crypto_isakmp_sa(struct strbuf *b, const struct crypto_view *v);
void show_crypto_ipsec_sa(struct strbuf *b, const struct crypto_view *v, bool detail);
void show_crypto_session(struct strbuf *b, const struct crypto_view *v, bool detail);

/* IOS names of charon's algorithm names: "AES_CBC" -> "AES-CBC",
 * "HMAC_SHA2_256_128" -> "SHA256", ESP "esp-256-aes" / "esp-sha256-hmac". */
const char *show_crypto_ike_encr(const char *charon);
const char *show_crypto_ike_hash(const char *charon);
void show_crypto_esp_transform(const struct iked_msg_child *c, char *out, size_t len);

#endif
