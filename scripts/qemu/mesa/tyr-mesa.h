/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the Mesa test programs of the Tyr QEMU run (tyr-egl,
 * tyr-gles, tyr-vk).  Each program reports on stdout with lines
 *
 *   TYR-MESA: <name> <what>
 *
 * and exits 0, or prints "TYR-MESA: <name> FAIL <reason>" and exits 1.
 * tyr-query (the initramfs /init) runs them and collects the figures.
 *
 * The GPU is a software model that runs no shader: draws, clears and
 * dispatches complete without producing pixels, so the programs check
 * every API call's result, never what was rendered.
 */
#ifndef TYR_MESA_H
#define TYR_MESA_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TM_RENDER_NODE	"/dev/dri/renderD128"
#define TM_GPU_NAME	"Mali-G610"

static const char *tm_name = "tyr-mesa";

/* Line-buffered stdout even into a pipe, so the supervisor sees each line. */
static inline void tm_init(const char *name)
{
	tm_name = name;
	setvbuf(stdout, NULL, _IOLBF, 0);
}

__attribute__((format(printf, 1, 2)))
static inline void tm_say(const char *fmt, ...)
{
	va_list ap;

	printf("TYR-MESA: %s ", tm_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void tm_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stderr);
	printf("TYR-MESA: %s FAIL ", tm_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	exit(1);
}

/* CLOCK_MONOTONIC in seconds. */
static inline double tm_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Is @word one of the space-separated words of @list? */
static inline int tm_has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p = list;

	if (!list || !len)
		return 0;
	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
			return 1;
		p += len;
	}
	return 0;
}

/* Parse a positive count for option @opt. */
static inline unsigned int tm_count(const char *opt, const char *val)
{
	char *end;
	unsigned long n;

	if (!val)
		tm_fail("%s needs a value", opt);
	n = strtoul(val, &end, 10);
	if (*end || !n || n > 10000000)
		tm_fail("bad value for %s: \"%s\"", opt, val);
	return n;
}

#endif /* TYR_MESA_H */
