/* routerd's model side: the router object shared by the model's files. */
#ifndef ROUTERD_ROUTER_PRIV_H
#define ROUTERD_ROUTER_PRIV_H

#include <time.h>

#include "cli_engine.h"
#include "ifmap.h"
#include "model.h"
#include "owner.h"
#include "router.h"

struct router {
	bool dry_run;
	char *startup_path;
	struct ifmap *ifmap;
	struct model *running;
	struct cli_tree *tree;
	struct owner *owners[OWNER_COUNT];
	time_t started;
	time_t last_change;
};

/* Marks the configuration as changed now (SOURCE_DATE_EPOCH if set). */
void router_touch(struct router *r);


/* The kernel owner (owner_kernel_router.c): NULL with a reason when the
 * kernel cannot be opened; and the show commands that read the kernel. */
struct owner *router_kernel_owner(struct router *r, char *err, size_t errlen);
void router_kernel_cmds(struct cli_tree *t);

/* --- Transactions (txn.c) ------------------------------------------------ */

/* A candidate: a copy-on-write clone of the running model. */
struct model *txn_begin(struct router *r);
/* Validates cand against the running model, pushes the differences to the
 * owners and makes cand the running model. On a refusal everything applied
 * is undone, cand is freed, the running model is unchanged and -1 returned
 * with the reason in why. cand is consumed either way. */
int txn_commit(struct router *r, struct model *cand, char *why, size_t whylen);
void txn_abort(struct model *cand);

/* --- Validation (validate.c) --------------------------------------------- */

/* Checks references of what changed between old and new. */
int model_validate(const struct model *old, const struct model *new, char *why, size_t whylen);

/* --- Printing (running_config.c) ----------------------------------------- */

struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(struct strbuf *b);

/* The configuration body, from the first "!" after "version" to "end". */
void running_config_body(const struct model *m, struct strbuf *b, const char *only_if);
/* The full show running-config text (header included). */
char *running_config_text(const struct model *m, time_t last_change, const char *only_if,
			  size_t *len);

/* --- Commands ------------------------------------------------------------ */

void cmds_register_system(struct cli_tree *t);
void cmds_register_interface(struct cli_tree *t);
void cmds_register_nhrp(struct cli_tree *t);
void cmds_register_ikev2(struct cli_tree *t);
void cmds_register_ipsec(struct cli_tree *t);
void cmds_register_route(struct cli_tree *t);
void cmds_register_exec(struct cli_tree *t);

/* Shared by the command files (cmds_common.c). */
struct model *cmd_begin(struct cli_cmd_ctx *ctx);
enum cli_status cmd_commit(struct cli_cmd_ctx *ctx, struct model *cand);
enum cli_status cmd_fail(struct cli_cmd_ctx *ctx, struct model *cand, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool cmd_reset(struct cli_cmd_ctx *ctx); /* "no" or "default" */
bool cmd_uint(struct cli_cmd_ctx *ctx, const char *after, unsigned *v);
bool cmd_ip_at(struct cli_cmd_ctx *ctx, size_t i, uint32_t *v);
struct router *cmd_router(struct cli_cmd_ctx *ctx);

/* Startup-config (startup.c): the running config written atomically
 * (temporary file, fsync, rename, fsync of the directory). */
int startup_write(struct router *r, char *why, size_t whylen);
/* The saved file (malloc'ed, NUL-terminated), or NULL with errno set. */
char *startup_read(struct router *r, size_t *len);

#endif
