/* The IOS pager: " --More-- " every terminal-length - 1 lines. */
#ifndef LIOS_ISH_PAGER_H
#define LIOS_ISH_PAGER_H

#include <stddef.h>

/* Writes text to out_fd. With length > 0, after each length - 1 screen
 * rows it shows " --More-- " and reads one key from in_fd: Space shows the
 * next page, Enter the next line, anything else stops the output. A line
 * longer than width (> 0) counts as the rows it wraps to, so nothing
 * scrolls away unseen. length 0 writes everything. Returns 0, or -1 if the
 * output stopped early. */
int ish_pager_write(int out_fd, int in_fd, const char *text, size_t len, unsigned length,
		    unsigned width);

#endif
