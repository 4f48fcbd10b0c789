/*
 * PSKs in a mem_cred set, keyed by the local and remote identities as IOS
 * keyrings are (a hub's "address 0.0.0.0 0.0.0.0" key is owned by %any).
 * Reload builds a new set and swaps it, so no lookup sees a half state.
 *
 * Different local and remote keys (IKEv2 keyring peer "pre-shared-key
 * local K1" / "remote K2"): charon signs with get_shared(me, other), which
 * takes the key whose owners match best, and verifies with every key
 * either identity owns. The local key is owned by both identities (a
 * perfect match for signing); the remote key by the peer's identity only,
 * so it is never the one we sign with, and verification tries it.
 */
#include <library.h>
#include <credentials/sets/mem_cred.h>

#include "psk.h"

static mem_cred_t *current;

static shared_key_t *key_of(const char *secret)
{
	/* chunk_clone(chunk_from_str()) nests two macros that both use a
	 * local named x (-Wshadow): one step at a time. */
	chunk_t text = chunk_from_str((char *)secret);

	return shared_key_create(SHARED_IKE, chunk_clone(text));
}

void iked_psk_load(const struct ike_spec *specs, int n)
{
	mem_cred_t *fresh = mem_cred_create();
	int i;

	for (i = 0; i < n; i++) {
		const struct ike_spec *s = &specs[i];
		bool any = !strcmp(s->remote, IKE_SPEC_ANY);
		const char *local_id = s->local_id[0] ? s->local_id : s->local;
		const char *remote_id = s->remote_id[0] ? s->remote_id : any ? "%any" : s->remote;

		fresh->add_shared(fresh, key_of(s->psk),
				  identification_create_from_string((char *)local_id),
				  identification_create_from_string((char *)remote_id), NULL);
		if (s->psk_remote[0] && strcmp(s->psk_remote, s->psk))
			fresh->add_shared(fresh, key_of(s->psk_remote),
					  identification_create_from_string((char *)remote_id),
					  NULL);
	}
	lib->credmgr->add_set(lib->credmgr, &fresh->set);
	iked_psk_unload();
	current = fresh;
}

void iked_psk_unload(void)
{
	if (!current)
		return;
	lib->credmgr->remove_set(lib->credmgr, &current->set);
	current->destroy(current);
	current = NULL;
}
