/* The router object: running model, owners, interface map and the command
 * tree with every command registered (include/router.h). */
#include "config.h"

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_debug.h"
#include "owner_ike.h"
#include "owner_nhrp.h"
#include "router_priv.h"

/* The clock of "Last configuration change": SOURCE_DATE_EPOCH when set, so
 * that golden tests and reproducible builds get a fixed time. */
static time_t
router_now(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (sde && *sde)
		return (time_t)strtoll(sde, NULL, 10);
	return time(NULL);
}

static bool
enable_check(void *app, const char *pw, bool *configured)
{
	struct router *r = app;
	const char *hash = model_system(r->running)->enable_secret;
	struct crypt_data data;
	const char *h;

	*configured = hash[0] != '\0';
	if (!*configured)
		return false;
	memset(&data, 0, sizeof(data));
	h = crypt_r(pw, hash, &data);
	return h && strcmp(h, hash) == 0;
}

struct router *
router_new(const struct router_options *opt)
{
	struct router *r = calloc(1, sizeof(*r));
	char err[512];

	if (!r)
		abort();
	r->dry_run = opt->dry_run;
	r->startup_path = strdup(opt->startup_path ? opt->startup_path
						   : SYSCONFDIR "/lios/startup-config");
	if (opt->ifmap_path) {
		r->ifmap = ifmap_load(opt->ifmap_path, err, sizeof(err));
		if (!r->ifmap) {
			fprintf(stderr, "routerd: %s\n", err);
			free(r->startup_path);
			free(r);
			return NULL;
		}
	}
	r->running = model_new();
	r->started = time(NULL); /* uptime is real time, whatever SOURCE_DATE_EPOCH says */
	r->last_change = router_now();
	r->owners[OWNER_KERNEL] = r->dry_run ? owner_noop_new("kernel")
					     : router_kernel_owner(r, err, sizeof(err));
	if (!r->owners[OWNER_KERNEL]) {
		fprintf(stderr, "routerd: %s\n", err);
		router_free(r);
		return NULL;
	}
	r->owners[OWNER_IKE] = owner_noop_new("iked");
	r->owners[OWNER_NHRP] = r->dry_run ? owner_noop_new("dmvpnd")
					   : owner_nhrp_new(r->ifmap, NULL);
	r->tree = cli_tree_new();
	cli_tree_set_enable_check(r->tree, enable_check);
	ifname_register_types(r->tree);
	cmds_register_system(r->tree);
	cmds_register_ikev2(r->tree);
	cmds_register_ipsec(r->tree);
	cmds_register_interface(r->tree);
	cmds_register_nhrp(r->tree);
	cmds_register_route(r->tree);
	cmds_register_exec(r->tree);
	router_kernel_cmds(r->tree);
	cmds_register_crypto_exec(r->tree);
	cmds_register_debug(r->tree);
	cmds_register_show_nhrp(r->tree);
	return r;
}

void
router_free(struct router *r)
{
	if (!r)
		return;
	cli_tree_free(r->tree);
	for (int i = 0; i < OWNER_COUNT; i++)
		owner_free(r->owners[i]);
	model_free(r->running);
	ifmap_free(r->ifmap);
	free(r->startup_path);
	free(r);
}

void
router_set_owner(struct router *r, enum owner_id id, struct owner *o)
{
	owner_free(r->owners[id]);
	r->owners[id] = o;
}

const struct model *
router_running(const struct router *r)
{
	return r->running;
}

struct cli_tree *
router_cli_tree(struct router *r)
{
	return r->tree;
}

const char *
router_hostname(void *router)
{
	const struct router *r = router;
	const char *h = model_system(r->running)->hostname;

	return h[0] ? h : "Router";
}

char *
router_running_config(struct router *r, size_t *len)
{
	return running_config_text(r->running, r->last_change, NULL, len);
}

void
router_touch(struct router *r)
{
	r->last_change = router_now();
}
