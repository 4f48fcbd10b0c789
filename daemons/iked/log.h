/* iked's own log lines: wall-clock time with milliseconds, so DPD timing
 * can be read off the log. */
#ifndef IKED_LOG_H
#define IKED_LOG_H

void iked_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
