/* The startup-config file: written atomically so that a crash or power
 * loss leaves either the old or the new file, never a mix. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "router_priv.h"

static int
write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
startup_write(struct router *r, char *why, size_t whylen)
{
	size_t len, tmplen = strlen(r->startup_path) + 16;
	char *text = running_config_text(r->running, r->last_change, NULL, &len);
	/* What is saved starts at the first "!": the show-run header says
	 * nothing about the configuration. */
	const char *body = strstr(text, "\n!\n");
	char *tmp = malloc(tmplen), *dir = strdup(r->startup_path);
	int fd = -1, dfd, rc = -1;

	if (!tmp || !dir)
		abort();
	body = body ? body + 1 : text;
	snprintf(tmp, tmplen, "%s.tmp", r->startup_path);
	mkdir(dirname(dir), 0755); /* the one level SYSCONFDIR/lios */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600); /* secrets inside */
	if (fd < 0 || write_all(fd, body, strlen(body)) < 0 || fsync(fd) < 0) {
		snprintf(why, whylen, "Error writing %s (%s)", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		snprintf(why, whylen, "Error writing %s (%s)", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, r->startup_path) < 0) {
		snprintf(why, whylen, "Error renaming %s (%s)", tmp, strerror(errno));
		goto out;
	}
	free(dir);
	dir = strdup(r->startup_path);
	if ((dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd); /* the rename itself reaches the disk */
		close(dfd);
	}
	rc = 0;
out:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	} else if (rc < 0) {
		unlink(tmp);
	}
	free(tmp);
	free(dir);
	free(text);
	return rc;
}

char *
startup_read(struct router *r, size_t *len)
{
	FILE *f = fopen(r->startup_path, "r");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}
