/*
 * routerd's configuration side: the typed model, the configuration
 * commands, the running-config printer, the startup-config loader and the
 * transactions that push changes to the owners (kernel, iked, dmvpnd).
 * The socket server (routerd's main) and `routerd -n` use only this header
 * and cli_engine.h.
 */
#ifndef LIOS_ROUTER_H
#define LIOS_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli_engine.h"

struct router;

struct router_options {
	const char *startup_path;  /* where write memory saves; NULL = default */
	const char *ifmap_path;	   /* IOS name -> Linux name map; NULL = none */
	bool dry_run;		   /* routerd -n: no kernel, no daemons; syntax and references only */
};

struct router *router_new(const struct router_options *opt);
void router_free(struct router *r);

/* The command tree with every command (engine built-ins + configuration + show). */
struct cli_tree *router_cli_tree(struct router *r);
const char *router_hostname(void *router);

/* Loads a config file (mode from indentation, '!' lines ignored). Each bad
 * line is reported to errors as "FILE:LINE: % message". Returns the number
 * of bad lines (0 = all accepted). */
int router_load_file(struct router *r, const char *path, FILE *errors);

/* After the startup-config is loaded: reconcile the kernel with it and
 * start following the kernel (no-op for a dry run). */
void router_started(struct router *r);

/* show running-config, as text (malloc'ed). */
char *router_running_config(struct router *r, size_t *len);

#endif
