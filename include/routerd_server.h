/*
 * routerd's session server: the Unix socket that ish connects to, one
 * engine session per connection, authorised from SO_PEERCRED. main.c
 * (option parsing, -f, -n) calls it once the router is built.
 *
 * Its poll loop is routerd's main loop: other event sources (the sockets
 * to iked and dmvpnd, netlink) join it with routerd_watch_fd().
 */
#ifndef LIOS_ROUTERD_SERVER_H
#define LIOS_ROUTERD_SERVER_H

struct router;

/* Serves sessions on socket_path until SIGTERM/SIGINT; returns the exit
 * status for main(). */
int routerd_serve(struct router *r, const char *socket_path);

/* Runs cb(fd, arg) whenever fd is readable (or has hung up) while
 * routerd_serve() runs; may be called before it or from any callback.
 * Returns 0, -EEXIST if fd is already watched, -ENOSPC past the limit. */
int routerd_watch_fd(int fd, void (*cb)(int fd, void *arg), void *arg);
void routerd_unwatch_fd(int fd);

/* A log line, "%FACILITY-SEVERITY-MNEMONIC: text" as IOS prints it, sent
 * at once to every session that has `terminal monitor` on. ish shows it
 * on its own line and then the prompt and what was being typed again.
 * Returns the number of sessions it reached. */
int routerd_session_log(const char *line);

#endif
