/* ish_pager: pages output like IOS does on a terminal. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ish_pager.h"

static const char more_prompt[] = " --More-- ";
/* IOS erases the pager prompt by backing over it. */
static const char more_erase[] = "\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b";

static int
write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One key, unbuffered and without echo; -1 on EOF or error. */
static int
read_key(int fd)
{
	struct termios old, raw;
	unsigned char c;
	ssize_t n;
	int have_tty = tcgetattr(fd, &old) == 0;

	if (have_tty) {
		raw = old;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(fd, TCSANOW, &raw);
	}
	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (have_tty)
		tcsetattr(fd, TCSANOW, &old);
	return n == 1 ? c : -1;
}

/* Screen rows a line of n bytes (newline excluded) takes. */
static size_t
rows_of(size_t n, unsigned width)
{
	if (!width || n <= width)
		return 1;
	return (n + width - 1) / width;
}

int
ish_pager_write(int out_fd, int in_fd, const char *text, size_t len, unsigned length,
		unsigned width)
{
	const char *p = text, *end = text + len;
	size_t page = length > 1 ? length - 1 : 1;
	/* rows we may still fill before the next --More-- */
	size_t budget = page;

	if (length == 0)
		return write_all(out_fd, text, len);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		size_t rows = rows_of(nl ? n - 1 : n, width);
		int key;

		/* A line that would not fit waits for the next page (unless it
		 * is longer than a whole page: then it goes out alone). */
		if (rows > budget && budget < page) {
			write_all(out_fd, more_prompt, sizeof(more_prompt) - 1);
			key = read_key(in_fd);
			write_all(out_fd, more_erase, sizeof(more_erase) - 1);
			if (key == ' ')
				budget = page;
			else if (key == '\r' || key == '\n')
				budget = rows;
			else
				return -1;
		}
		if (write_all(out_fd, p, n) < 0)
			return -1;
		p += n;
		budget = rows < budget ? budget - rows : 0;
	}
	return 0;
}
