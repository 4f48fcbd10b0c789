/*
 * routerd's session server: the Unix socket that ish connects to, one
 * engine session per connection, authorised from SO_PEERCRED. main.c
 * (option parsing, -f, -n) calls it once the router is built.
 */
#ifndef LIOS_ROUTERD_SERVER_H
#define LIOS_ROUTERD_SERVER_H

struct router;

/* Serves sessions on socket_path until SIGTERM/SIGINT; returns the exit
 * status for main(). */
int routerd_serve(struct router *r, const char *socket_path);

#endif
