// SPDX-License-Identifier: GPL-2.0
/*
 * tyr-query: userspace test of the Tyr QEMU run.
 *
 * Runs as /init of the initramfs that scripts/tyr-run boots (it then mounts
 * the pseudo filesystems and powers the machine off when done), or as an
 * ordinary program on a board: tyr-query [/dev/dri/renderDN].
 *
 * It talks to the GPU through panthor's uAPI only, like Mesa does, runs a
 * list of steps (see steps[] below; later steps may rely on the state left
 * by earlier ones) and ends with exactly one of
 *
 *   TYR-QEMU: PASS
 *   TYR-QEMU: FAIL (<step>: <reason>)
 *
 * Built statically against the kernel tree's exported uAPI headers:
 *   aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -I<hdrs>/include ...
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <drm/drm.h>
#include <drm/panthor_drm.h>

#define RENDER_NODE		"/dev/dri/renderD128"
#define RENDER_NODE_WAIT_MS	10000

/* What the software model of the Mali-G610 must report. */
#define EXPECT_DRM_NAME		"panthor"
#define EXPECT_ARCH_MAJOR	10
#define EXPECT_ARCH_MINOR	8
#define EXPECT_GPU_ID_HI	0xa867
#define EXPECT_SHADER_PRESENT	0x50005ull
#define EXPECT_L2_PRESENT	0x1ull
#define EXPECT_AS_PRESENT	0xffu

struct ctx {
	const char *node;
	int fd;
	struct drm_panthor_gpu_info gpu;
};

static char fail_reason[256];

static void msg(const char *fmt, ...)
{
	va_list ap;

	fputs("tyr-query: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* Record why the current step failed; returns -1 for "return fail(...)". */
static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fail_reason, sizeof(fail_reason), fmt, ap);
	va_end(ap);
	msg("error: %s", fail_reason);
	return -1;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void mount_one(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		msg("warning: mount %s on %s: %s", type, dir, strerror(errno));
}

/* Step: pseudo filesystems (only when running as /init). */
static int step_mount(struct ctx *c)
{
	(void)c;
	if (getpid() != 1)
		return 0;
	mount_one("proc", "/proc", "proc");
	mount_one("sysfs", "/sys", "sysfs");
	mount_one("devtmpfs", "/dev", "devtmpfs");
	mount_one("debugfs", "/sys/kernel/debug", "debugfs");
	return 0;
}

/* Step: open the render node, waiting for the driver to create it. */
static int step_open(struct ctx *c)
{
	long waited;

	for (waited = 0; ; waited += 100) {
		c->fd = open(c->node, O_RDWR | O_CLOEXEC);
		if (c->fd >= 0)
			break;
		/* Only a node that does not exist yet is worth waiting for. */
		if (errno != ENOENT || waited >= RENDER_NODE_WAIT_MS)
			return fail("cannot open %s after %ld ms: %s", c->node,
				    waited, strerror(errno));
		sleep_ms(100);
	}
	msg("opened %s after %ld ms", c->node, waited);
	return 0;
}

/* Step: DRM_IOCTL_VERSION, the driver must call itself "panthor". */
static int step_version(struct ctx *c)
{
	struct drm_version v;
	char name[64] = "", date[64] = "", desc[256] = "";

	memset(&v, 0, sizeof(v));
	if (xioctl(c->fd, DRM_IOCTL_VERSION, &v))
		return fail("DRM_IOCTL_VERSION: %s", strerror(errno));
	if (v.name_len >= sizeof(name) || v.date_len >= sizeof(date) ||
	    v.desc_len >= sizeof(desc))
		return fail("DRM_IOCTL_VERSION: strings too long (%zu/%zu/%zu)",
			    (size_t)v.name_len, (size_t)v.date_len,
			    (size_t)v.desc_len);
	v.name = name;
	v.date = date;
	v.desc = desc;
	if (xioctl(c->fd, DRM_IOCTL_VERSION, &v))
		return fail("DRM_IOCTL_VERSION: %s", strerror(errno));
	name[v.name_len] = '\0';
	date[v.date_len] = '\0';
	desc[v.desc_len] = '\0';
	msg("DRM driver: name \"%s\", date \"%s\", desc \"%s\", version %d.%d.%d",
	    name, date, desc, v.version_major, v.version_minor,
	    v.version_patchlevel);
	if (strcmp(name, EXPECT_DRM_NAME))
		return fail("DRM driver name \"%s\", expected \"%s\"", name,
			    EXPECT_DRM_NAME);
	return 0;
}

static void print_gpu_info(const struct drm_panthor_gpu_info *g)
{
	msg("gpu_info.gpu_id = 0x%08x (arch %u.%u.%u, product major %u, "
	    "version %u.%u status %u)", g->gpu_id,
	    DRM_PANTHOR_ARCH_MAJOR(g->gpu_id), DRM_PANTHOR_ARCH_MINOR(g->gpu_id),
	    DRM_PANTHOR_ARCH_REV(g->gpu_id),
	    DRM_PANTHOR_PRODUCT_MAJOR(g->gpu_id),
	    DRM_PANTHOR_VERSION_MAJOR(g->gpu_id),
	    DRM_PANTHOR_VERSION_MINOR(g->gpu_id),
	    DRM_PANTHOR_VERSION_STATUS(g->gpu_id));
	msg("gpu_info.gpu_rev = 0x%08x", g->gpu_rev);
	msg("gpu_info.csf_id = 0x%08x (CSHW %u.%u.%u, MCU %u.%u.%u)", g->csf_id,
	    DRM_PANTHOR_CSHW_MAJOR(g->csf_id), DRM_PANTHOR_CSHW_MINOR(g->csf_id),
	    DRM_PANTHOR_CSHW_REV(g->csf_id), DRM_PANTHOR_MCU_MAJOR(g->csf_id),
	    DRM_PANTHOR_MCU_MINOR(g->csf_id), DRM_PANTHOR_MCU_REV(g->csf_id));
	msg("gpu_info.l2_features = 0x%08x", g->l2_features);
	msg("gpu_info.tiler_features = 0x%08x", g->tiler_features);
	msg("gpu_info.mem_features = 0x%08x", g->mem_features);
	msg("gpu_info.mmu_features = 0x%08x (%u VA bits)", g->mmu_features,
	    DRM_PANTHOR_MMU_VA_BITS(g->mmu_features));
	msg("gpu_info.thread_features = 0x%08x", g->thread_features);
	msg("gpu_info.max_threads = %u", g->max_threads);
	msg("gpu_info.thread_max_workgroup_size = %u",
	    g->thread_max_workgroup_size);
	msg("gpu_info.thread_max_barrier_size = %u", g->thread_max_barrier_size);
	msg("gpu_info.coherency_features = 0x%08x", g->coherency_features);
	msg("gpu_info.texture_features = 0x%08x 0x%08x 0x%08x 0x%08x",
	    g->texture_features[0], g->texture_features[1],
	    g->texture_features[2], g->texture_features[3]);
	msg("gpu_info.as_present = 0x%08x", g->as_present);
	msg("gpu_info.pad0 = 0x%08x", g->pad0);
	msg("gpu_info.shader_present = 0x%016llx",
	    (unsigned long long)g->shader_present);
	msg("gpu_info.l2_present = 0x%016llx",
	    (unsigned long long)g->l2_present);
	msg("gpu_info.tiler_present = 0x%016llx",
	    (unsigned long long)g->tiler_present);
	msg("gpu_info.core_features = 0x%08x", g->core_features);
	msg("gpu_info.pad = 0x%08x", g->pad);
}

/* Step: DEV_QUERY(GPU_INFO), size first, then the data; check the model. */
static int step_gpu_info(struct ctx *c)
{
	struct drm_panthor_dev_query q;
	struct drm_panthor_gpu_info *g = &c->gpu;

	memset(&q, 0, sizeof(q));
	q.type = DRM_PANTHOR_DEV_QUERY_GPU_INFO;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_DEV_QUERY, &q))
		return fail("DEV_QUERY(GPU_INFO, size): %s", strerror(errno));
	msg("DEV_QUERY(GPU_INFO) size = %u (sizeof = %zu)", q.size,
	    sizeof(*g));
	if (q.size != sizeof(*g))
		return fail("GPU_INFO size %u, expected %zu", q.size,
			    sizeof(*g));

	memset(g, 0, sizeof(*g));
	q.size = sizeof(*g);
	q.pointer = (uintptr_t)g;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_DEV_QUERY, &q))
		return fail("DEV_QUERY(GPU_INFO): %s", strerror(errno));
	print_gpu_info(g);

	if (DRM_PANTHOR_ARCH_MAJOR(g->gpu_id) != EXPECT_ARCH_MAJOR ||
	    DRM_PANTHOR_ARCH_MINOR(g->gpu_id) != EXPECT_ARCH_MINOR)
		return fail("GPU arch %u.%u, expected %u.%u",
			    DRM_PANTHOR_ARCH_MAJOR(g->gpu_id),
			    DRM_PANTHOR_ARCH_MINOR(g->gpu_id),
			    EXPECT_ARCH_MAJOR, EXPECT_ARCH_MINOR);
	if ((g->gpu_id >> 16) != EXPECT_GPU_ID_HI)
		return fail("gpu_id 0x%08x, expected 0x%04x....", g->gpu_id,
			    EXPECT_GPU_ID_HI);
	if (g->shader_present != EXPECT_SHADER_PRESENT)
		return fail("shader_present 0x%llx, expected 0x%llx",
			    (unsigned long long)g->shader_present,
			    EXPECT_SHADER_PRESENT);
	if (g->l2_present != EXPECT_L2_PRESENT)
		return fail("l2_present 0x%llx, expected 0x%llx",
			    (unsigned long long)g->l2_present,
			    EXPECT_L2_PRESENT);
	if (g->as_present != EXPECT_AS_PRESENT)
		return fail("as_present 0x%x, expected 0x%x", g->as_present,
			    EXPECT_AS_PRESENT);
	msg("GPU: Mali-G610 model as expected");
	return 0;
}

/* Step: an unknown query type must be rejected with EINVAL. */
static int step_invalid_query(struct ctx *c)
{
	struct drm_panthor_gpu_info buf;
	struct drm_panthor_dev_query q;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		memset(&q, 0, sizeof(q));
		q.type = 0xdead;
		if (pass) {
			q.size = sizeof(buf);
			q.pointer = (uintptr_t)&buf;
		}
		errno = 0;
		if (xioctl(c->fd, DRM_IOCTL_PANTHOR_DEV_QUERY, &q) != -1 ||
		    errno != EINVAL)
			return fail("DEV_QUERY(type 0xdead, %s pointer): %s, "
				    "expected EINVAL", pass ? "valid" : "null",
				    errno ? strerror(errno) : "success");
	}
	msg("DEV_QUERY with an invalid type: EINVAL as expected");
	return 0;
}

/*
 * The steps, in order.  Add new ones (VM, BO, firmware, first job, ...) at
 * the end; each returns 0 or fail(...).
 */
static const struct {
	const char *name;
	int (*run)(struct ctx *c);
} steps[] = {
	{ "mount", step_mount },
	{ "open", step_open },
	{ "version", step_version },
	{ "gpu-info", step_gpu_info },
	{ "invalid-query", step_invalid_query },
};

int main(int argc, char **argv)
{
	struct ctx c = { .node = RENDER_NODE, .fd = -1 };
	const char *failed = NULL;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && argv[1][0] == '/')
		c.node = argv[1];
	else if (argc > 1) {
		printf("usage: %s [/dev/dri/renderDN]\n", argv[0]);
		return strcmp(argv[1], "-h") && strcmp(argv[1], "--help") ? 2 : 0;
	}

	msg("starting (pid %d)", (int)getpid());
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		msg("step %s", steps[i].name);
		if (steps[i].run(&c)) {
			failed = steps[i].name;
			break;
		}
	}
	if (c.fd >= 0)
		close(c.fd);

	if (failed)
		printf("TYR-QEMU: FAIL (%s: %s)\n", failed, fail_reason);
	else
		printf("TYR-QEMU: PASS\n");
	fflush(stdout);

	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
		for (;;)
			pause();
	}
	return failed ? 1 : 0;
}
