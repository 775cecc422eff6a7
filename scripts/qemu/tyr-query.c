// SPDX-License-Identifier: GPL-2.0
/*
 * tyr-query: userspace test of the Tyr QEMU run.
 *
 * Runs as /init of the initramfs that scripts/tyr-run boots (it then mounts
 * the pseudo filesystems and powers the machine off when done), or as an
 * ordinary program on a board: tyr-query [/dev/dri/renderDN].
 *
 * It talks to the GPU through panthor's uAPI only, like Mesa does, and
 * watches and drives the GPU device through sysfs (runtime PM, devfreq,
 * system sleep, driver unbind/bind); in its step "mesa" it runs Debian's
 * Mesa (the programs of scripts/qemu/mesa/ and vulkaninfo, which
 * scripts/tyr-mesa puts in the initramfs) as child processes.  It runs a
 * list of steps (see steps[] below; later steps may rely on the state left
 * by earlier ones) and ends with exactly one of
 *
 *   TYR-QEMU: PASS
 *   TYR-QEMU: FAIL (<step>: <reason>[; <step>: <reason>...])
 *
 * Built statically against the kernel tree's exported uAPI headers, those of
 * the top of the Tyr series (uAPI 1.5):
 *   aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -I<hdrs>/include ...
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <drm/drm.h>
#include <drm/panthor_drm.h>

/*
 * The TIMESTAMP_INFO query comes with uAPI 1.1 (patch 2 of the Tyr series).
 * It is an enumerator, which #ifdef cannot see: with an older
 * <drm/panthor_drm.h> the build stops on the next line with
 * "'DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO' undeclared".  Build against the
 * headers of the top of the series.
 */
_Static_assert(DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO == 2, /* needs uAPI 1.1 */
	       "<drm/panthor_drm.h>: TIMESTAMP_INFO is not query type 2");
_Static_assert(DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO == 3, /* uAPI 1.2 */
	       "<drm/panthor_drm.h>: GROUP_PRIORITIES_INFO is not query type 3");
_Static_assert(sizeof(struct drm_panthor_timestamp_info) == 24,
	       "<drm/panthor_drm.h>: struct drm_panthor_timestamp_info is not "
	       "the uAPI 1.1 one");

#define RENDER_NODE		"/dev/dri/renderD128"
#define RENDER_NODE_WAIT_MS	10000

/* What the software model of the Mali-G610 must report. */
#define EXPECT_DRM_NAME		"panthor"
#define EXPECT_VERSION_MAJOR	1
#define EXPECT_VERSION_MINOR	5
#define EXPECT_ARCH_MAJOR	10
#define EXPECT_ARCH_MINOR	8
#define EXPECT_GPU_ID_HI	0xa867
#define EXPECT_SHADER_PRESENT	0x50005ull
#define EXPECT_L2_PRESENT	0x1ull
#define EXPECT_AS_PRESENT	0xffu

/*
 * Runtime PM: how long the GPU may take to autosuspend when idle, the
 * autosuspend delay set while checking that TIMESTAMP_INFO resumes it (long
 * enough for "active" to be seen right after the query, even under TCG), and
 * how long it may then take to suspend again.  In ms.
 */
#define RPM_IDLE_WAIT_MS	2000
#define RPM_TEST_DELAY_MS	1000
#define RPM_RESUSPEND_WAIT_MS	3000
#define RPM_POLL_MS		10

/*
 * TIMESTAMP_INFO: time between the two queries, in ms, and how far the
 * counter may be off the time measured around them (relative).
 */
#define TIMESTAMP_GAP_MS	20
#define TIMESTAMP_RATE_SLACK	0.05

/*
 * devfreq: the governor, and the OPPs of scripts/qemu/tyr-gpu.dtsi in Hz,
 * ascending: change both together.
 */
#define DEVFREQ_CLASS		"/sys/class/devfreq"
#define EXPECT_GOVERNOR		"simple_ondemand"
#define TRANS_STAT_LINES	12

static const unsigned long long expect_opp_hz[] = {
	300000000, 400000000, 500000000, 600000000,
	700000000, 800000000, 900000000, 1000000000,
};

#define NR_OPPS	(sizeof(expect_opp_hz) / sizeof(expect_opp_hz[0]))

/* The platform driver the GPU device is bound to, for unbind/bind. */
#define EXPECT_PLATFORM_DRIVER	"tyr"
#define NODE_GONE_WAIT_MS	2000

struct ctx {
	const char *node;
	int fd;
	struct drm_panthor_gpu_info gpu;
	char dev_dir[PATH_MAX];		/* sysfs dir of the GPU device */
	const char *dev_name;		/* its name, e.g. "fb000000.gpu" */
	char devfreq_dir[PATH_MAX];	/* its devfreq device, once found */
};

/* One TIMESTAMP_INFO query and CLOCK_MONOTONIC_RAW just around it. */
struct ts_sample {
	struct drm_panthor_timestamp_info info;
	long long before_ns;
	long long after_ns;
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

/* Format a path into @path (PATH_MAX bytes); fail(...) if it does not fit. */
__attribute__((format(printf, 2, 3)))
static int path_fmt(char *path, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(path, PATH_MAX, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= PATH_MAX)
		return fail("path too long: %s...", path);
	return 0;
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

static long long clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long elapsed_ms(long long start_ns)
{
	return (clock_ns(CLOCK_MONOTONIC) - start_ns) / 1000000;
}

/*
 * Read sysfs attribute @dir/@name into @buf, without the final newline.
 * Returns 0, or fail(...).
 */
static int sysfs_get(const char *dir, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, err;

	if (path_fmt(path, "%s/%s", dir, name))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	n = read(fd, buf, size - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return fail("read %s: %s", path, strerror(err));
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return 0;
}

static int sysfs_get_ull(const char *dir, const char *name,
			 unsigned long long *val)
{
	char buf[64], *end;

	if (sysfs_get(dir, name, buf, sizeof(buf)))
		return -1;
	errno = 0;
	*val = strtoull(buf, &end, 10);
	if (end == buf || *end || errno)
		return fail("%s/%s: \"%s\" is not a number", dir, name, buf);
	return 0;
}

/* Write @val to sysfs attribute @dir/@name.  Returns 0, or fail(...). */
static int sysfs_set(const char *dir, const char *name, const char *val)
{
	char path[PATH_MAX];
	size_t len = strlen(val);
	ssize_t n;
	int fd, err;

	if (path_fmt(path, "%s/%s", dir, name))
		return -1;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	n = write(fd, val, len);
	err = errno;
	close(fd);
	if (n < 0)
		return fail("write \"%s\" to %s: %s", val, path, strerror(err));
	if ((size_t)n != len)
		return fail("write \"%s\" to %s: short write", val, path);
	return 0;
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
	if (v.version_major != EXPECT_VERSION_MAJOR ||
	    v.version_minor != EXPECT_VERSION_MINOR)
		return fail("uAPI version %d.%d, expected %d.%d",
			    v.version_major, v.version_minor,
			    EXPECT_VERSION_MAJOR, EXPECT_VERSION_MINOR);
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
 * DEV_QUERY of @type: with @data, fills it (*@size bytes); without, stores
 * the size of the object in *@size.  Returns the ioctl's result (errno set).
 */
static int dev_query(int fd, __u32 type, void *data, __u32 *size)
{
	struct drm_panthor_dev_query q;

	memset(&q, 0, sizeof(q));
	q.type = type;
	q.size = data ? *size : 0;
	q.pointer = (uintptr_t)data;
	if (xioctl(fd, DRM_IOCTL_PANTHOR_DEV_QUERY, &q))
		return -1;
	if (!data)
		*size = q.size;
	return 0;
}

/*
 * Step: the group priorities this process may use (uAPI 1.2); /init runs
 * as root, with CAP_SYS_NICE: all four.
 */
static int step_priorities(struct ctx *c)
{
	struct drm_panthor_group_priorities_info info;
	__u32 size = 0;

	if (dev_query(c->fd, DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO, NULL,
		      &size))
		return fail("GROUP_PRIORITIES_INFO size: %s", strerror(errno));
	if (size != sizeof(info))
		return fail("GROUP_PRIORITIES_INFO is %u bytes, expected %zu",
			    size, sizeof(info));
	memset(&info, 0xff, sizeof(info));
	if (dev_query(c->fd, DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO, &info,
		      &size))
		return fail("GROUP_PRIORITIES_INFO: %s", strerror(errno));
	msg("group priorities allowed: mask 0x%x", info.allowed_mask);
	if (info.allowed_mask != 0xf || info.pad[0] || info.pad[1] ||
	    info.pad[2])
		return fail("allowed_mask 0x%x (pad %x %x %x), expected 0xf",
			    info.allowed_mask, info.pad[0], info.pad[1],
			    info.pad[2]);
	return 0;
}

/*
 * Step: a tiler heap as Mesa's GL driver makes one (five 2 MiB chunks, 64 at
 * most), in a VM of its own; destroying it, then the VM.
 */
static int step_tiler_heap(struct ctx *c)
{
	struct drm_panthor_vm_create create = { 0 };
	struct drm_panthor_vm_destroy destroy = { 0 };
	struct drm_panthor_tiler_heap_create heap = {
		.initial_chunk_count = 5,
		.chunk_size = 2 * 1024 * 1024,
		.max_chunks = 64,
		.target_in_flight = 65535,
	};
	struct drm_panthor_tiler_heap_destroy hd = { 0 };

	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_VM_CREATE, &create))
		return fail("VM_CREATE: %s", strerror(errno));
	heap.vm_id = create.id;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_TILER_HEAP_CREATE, &heap))
		return fail("TILER_HEAP_CREATE: %s", strerror(errno));
	msg("tiler heap 0x%x: context at 0x%llx, first chunk at 0x%llx",
	    heap.handle, (unsigned long long)heap.tiler_heap_ctx_gpu_va,
	    (unsigned long long)heap.first_heap_chunk_gpu_va);
	if (!heap.tiler_heap_ctx_gpu_va || !heap.first_heap_chunk_gpu_va ||
	    heap.first_heap_chunk_gpu_va < create.user_va_range)
		return fail("heap VAs not in the kernel's range of the VM");

	heap.chunk_size = 4096;
	errno = 0;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_TILER_HEAP_CREATE, &heap) != -1 ||
	    errno != EINVAL)
		return fail("TILER_HEAP_CREATE with 4 KiB chunks: %s, expected "
			    "EINVAL", errno ? strerror(errno) : "success");

	hd.handle = heap.handle;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_TILER_HEAP_DESTROY, &hd))
		return fail("TILER_HEAP_DESTROY: %s", strerror(errno));
	errno = 0;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_TILER_HEAP_DESTROY, &hd) != -1 ||
	    errno != EINVAL)
		return fail("second TILER_HEAP_DESTROY: %s, expected EINVAL",
			    errno ? strerror(errno) : "success");
	destroy.id = create.id;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_VM_DESTROY, &destroy))
		return fail("VM_DESTROY: %s", strerror(errno));
	return 0;
}

/* Step: the firmware interface, as the firmware reported it at boot. */
static int step_csif_info(struct ctx *c)
{
	struct drm_panthor_csif_info csif;
	__u32 size = 0;

	if (dev_query(c->fd, DRM_PANTHOR_DEV_QUERY_CSIF_INFO, NULL, &size))
		return fail("DEV_QUERY(CSIF_INFO) size: %s", strerror(errno));
	if (size != sizeof(csif))
		return fail("CSIF_INFO size %u, expected %zu", size, sizeof(csif));
	memset(&csif, 0xa5, sizeof(csif));
	if (dev_query(c->fd, DRM_PANTHOR_DEV_QUERY_CSIF_INFO, &csif, &size))
		return fail("DEV_QUERY(CSIF_INFO): %s", strerror(errno));
	msg("csif_info: %u CSG slots, %u CS slots, %u CS registers, %u scoreboards, %u unpreserved registers",
	    csif.csg_slot_count, csif.cs_slot_count, csif.cs_reg_count,
	    csif.scoreboard_slot_count, csif.unpreserved_cs_reg_count);
	if (csif.csg_slot_count != 8 || csif.cs_slot_count != 8 ||
	    csif.cs_reg_count != 96 || csif.scoreboard_slot_count != 8 ||
	    csif.unpreserved_cs_reg_count != 4 || csif.pad)
		return fail("CSIF_INFO is not the G610's (8, 8, 96, 8, 4)");
	return 0;
}

/* GPU_INFO again: it must not have changed since step gpu-info. */
static int check_gpu_info(struct ctx *c)
{
	struct drm_panthor_gpu_info g;
	__u32 size = sizeof(g);

	memset(&g, 0, sizeof(g));
	if (dev_query(c->fd, DRM_PANTHOR_DEV_QUERY_GPU_INFO, &g, &size))
		return fail("DEV_QUERY(GPU_INFO): %s", strerror(errno));
	if (memcmp(&g, &c->gpu, sizeof(g)))
		return fail("GPU_INFO differs from the one of step gpu-info");
	return 0;
}

static int query_timestamp(struct ctx *c, struct ts_sample *s)
{
	__u32 size = sizeof(s->info);

	memset(&s->info, 0, sizeof(s->info));
	s->before_ns = clock_ns(CLOCK_MONOTONIC_RAW);
	if (dev_query(c->fd, DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO, &s->info,
		      &size))
		return fail("DEV_QUERY(TIMESTAMP_INFO): %s", strerror(errno));
	s->after_ns = clock_ns(CLOCK_MONOTONIC_RAW);
	msg("timestamp_info.timestamp_frequency = %llu Hz, "
	    "current_timestamp = %llu, timestamp_offset = %llu",
	    (unsigned long long)s->info.timestamp_frequency,
	    (unsigned long long)s->info.current_timestamp,
	    (unsigned long long)s->info.timestamp_offset);
	if (!s->info.timestamp_frequency)
		return fail("TIMESTAMP_INFO: timestamp_frequency is 0");
	if (!s->info.current_timestamp)
		return fail("TIMESTAMP_INFO: current_timestamp is 0");
	return 0;
}

/*
 * Two samples taken TIMESTAMP_GAP_MS apart while the GPU stayed powered: the
 * counter must have advanced, at timestamp_frequency, by the time that
 * passed between the two reads (which lies between the inner and the outer
 * bounds of the two queries, measured with CLOCK_MONOTONIC_RAW).
 */
static int check_timestamps(const struct ts_sample *s)
{
	const struct drm_panthor_timestamp_info *a = &s[0].info;
	const struct drm_panthor_timestamp_info *b = &s[1].info;
	unsigned long long ticks;
	double tick_ms, ms, min_ms, max_ms;

	if (a->timestamp_frequency != b->timestamp_frequency)
		return fail("timestamp_frequency changed from %llu to %llu Hz",
			    (unsigned long long)a->timestamp_frequency,
			    (unsigned long long)b->timestamp_frequency);
	if (b->current_timestamp <= a->current_timestamp)
		return fail("current_timestamp did not increase: %llu, then "
			    "%llu %d ms later",
			    (unsigned long long)a->current_timestamp,
			    (unsigned long long)b->current_timestamp,
			    TIMESTAMP_GAP_MS);

	ticks = b->current_timestamp - a->current_timestamp;
	tick_ms = 1e3 / a->timestamp_frequency;
	ms = ticks * tick_ms;
	min_ms = (s[1].before_ns - s[0].after_ns) / 1e6;
	max_ms = (s[1].after_ns - s[0].before_ns) / 1e6;
	msg("current_timestamp advanced by %llu ticks = %.3f ms at %llu Hz, "
	    "between queries %.3f to %.3f ms apart", ticks, ms,
	    (unsigned long long)a->timestamp_frequency, min_ms, max_ms);
	if (ms < min_ms * (1 - TIMESTAMP_RATE_SLACK) - 2 * tick_ms ||
	    ms > max_ms * (1 + TIMESTAMP_RATE_SLACK) + 2 * tick_ms)
		return fail("current_timestamp advanced by %.3f ms at %llu Hz "
			    "between queries %.3f to %.3f ms apart: wrong "
			    "timestamp_frequency?", ms,
			    (unsigned long long)a->timestamp_frequency,
			    min_ms, max_ms);
	return 0;
}

/*
 * The sysfs directory of the device behind the render node (the GPU platform
 * device, e.g. /sys/devices/platform/fb000000.gpu), found through the node's
 * device numbers so that any node given on the command line works.
 */
static int find_gpu_device(struct ctx *c)
{
	char path[PATH_MAX], real[PATH_MAX];
	struct stat st;

	if (c->dev_name)
		return 0;
	if (fstat(c->fd, &st))
		return fail("fstat %s: %s", c->node, strerror(errno));
	if (!S_ISCHR(st.st_mode))
		return fail("%s is not a character device", c->node);
	if (path_fmt(path, "/sys/dev/char/%u:%u/device", major(st.st_rdev),
		     minor(st.st_rdev)))
		return -1;
	if (!realpath(path, real))
		return fail("%s: %s", path, strerror(errno));
	memcpy(c->dev_dir, real, sizeof(c->dev_dir));
	c->dev_name = strrchr(c->dev_dir, '/') + 1;
	msg("GPU device %s (%s)", c->dev_name, c->dev_dir);
	return 0;
}

/*
 * Poll @power/runtime_status until it reads @want, for at most @timeout_ms.
 * Returns the time it took in ms, or fail(...).
 */
static long rpm_wait(const char *power, const char *want, long timeout_ms)
{
	long long start = clock_ns(CLOCK_MONOTONIC);
	char status[32];
	long waited;

	for (;;) {
		waited = elapsed_ms(start);
		if (sysfs_get(power, "runtime_status", status, sizeof(status)))
			return -1;
		if (!strcmp(status, want))
			return waited;
		if (waited >= timeout_ms)
			return fail("runtime_status \"%s\" after %ld ms, "
				    "expected \"%s\"", status, waited, want);
		sleep_ms(RPM_POLL_MS);
	}
}

/*
 * With the GPU suspended and autosuspend_delay_ms at RPM_TEST_DELAY_MS:
 * GPU_INFO (cached) must leave it suspended, TIMESTAMP_INFO must resume it,
 * and it must suspend again once the delay has passed, not earlier.
 */
static int rpm_check_queries(struct ctx *c, const char *power)
{
	unsigned long long active0, active1, active2;
	struct ts_sample s[2];
	char status[32];
	__u32 size;
	long waited;

	if (sysfs_get_ull(power, "runtime_active_time", &active0) ||
	    check_gpu_info(c) ||
	    sysfs_get(power, "runtime_status", status, sizeof(status)) ||
	    sysfs_get_ull(power, "runtime_active_time", &active1))
		return -1;
	if (strcmp(status, "suspended") || active1 != active0)
		return fail("GPU_INFO woke the GPU: runtime_status \"%s\", "
			    "runtime_active_time %llu -> %llu ms", status,
			    active0, active1);
	msg("GPU_INFO: runtime_status still suspended");

	size = 0;
	if (dev_query(c->fd, DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO, NULL,
		      &size))
		return fail("DEV_QUERY(TIMESTAMP_INFO, size): %s",
			    strerror(errno));
	if (size != sizeof(s[0].info))
		return fail("TIMESTAMP_INFO size %u, expected %zu", size,
			    sizeof(s[0].info));

	if (query_timestamp(c, &s[0]) ||
	    sysfs_get(power, "runtime_status", status, sizeof(status)))
		return -1;
	if (strcmp(status, "active"))
		return fail("runtime_status \"%s\" right after TIMESTAMP_INFO, "
			    "expected \"active\"", status);
	msg("TIMESTAMP_INFO: runtime_status suspended -> active");

	sleep_ms(TIMESTAMP_GAP_MS);
	if (query_timestamp(c, &s[1]) || check_timestamps(s))
		return -1;

	waited = rpm_wait(power, "suspended", RPM_RESUSPEND_WAIT_MS);
	if (waited < 0 ||
	    sysfs_get_ull(power, "runtime_active_time", &active2))
		return -1;
	msg("runtime_status suspended -> active -> suspended (%ld ms after "
	    "the last query, active for %llu ms)", waited, active2 - active1);
	/* Whole ms on both sides: allow one for the rounding. */
	if (active2 - active1 + 1 < RPM_TEST_DELAY_MS)
		return fail("GPU active for %llu ms only, autosuspend_delay_ms "
			    "is %d: last busy time not updated?",
			    active2 - active1, RPM_TEST_DELAY_MS);
	return 0;
}

/*
 * Step: runtime PM of the GPU device.  Idle, it autosuspends; GPU_INFO does
 * not wake it; TIMESTAMP_INFO does, for the autosuspend delay.
 */
static int step_runtime_pm(struct ctx *c)
{
	char power[PATH_MAX], control[32], delay[32], status[32], test[32];
	unsigned long long active, suspended;
	long waited;
	int ret;

	if (find_gpu_device(c))
		return -1;
	if (path_fmt(power, "%s/power", c->dev_dir) ||
	    sysfs_get(power, "control", control, sizeof(control)) ||
	    sysfs_get(power, "autosuspend_delay_ms", delay, sizeof(delay)) ||
	    sysfs_get(power, "runtime_status", status, sizeof(status)) ||
	    sysfs_get_ull(power, "runtime_active_time", &active) ||
	    sysfs_get_ull(power, "runtime_suspended_time", &suspended))
		return -1;
	msg("%s: control %s, autosuspend_delay_ms %s, runtime_status %s, "
	    "runtime_active_time %llu ms, runtime_suspended_time %llu ms",
	    power, control, delay, status, active, suspended);
	if (strcmp(control, "auto"))
		return fail("power/control is \"%s\", expected \"auto\"",
			    control);

	waited = rpm_wait(power, "suspended", RPM_IDLE_WAIT_MS);
	if (waited < 0)
		return -1;
	msg("runtime_status suspended (waited %ld ms)", waited);

	snprintf(test, sizeof(test), "%d", RPM_TEST_DELAY_MS);
	if (sysfs_set(power, "autosuspend_delay_ms", test))
		return -1;
	ret = rpm_check_queries(c, power);
	if (sysfs_set(power, "autosuspend_delay_ms", delay))
		ret = -1;
	if (!ret)
		msg("autosuspend_delay_ms %s -> %s -> %s", delay, test, delay);
	return ret;
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

/*
 * The devfreq device of the GPU: normally named after it, else whichever
 * entry of DEVFREQ_CLASS has it as its device.
 */
static int find_devfreq(struct ctx *c)
{
	char path[PATH_MAX], real[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	int ret;

	if (path_fmt(path, "%s/%s/device", DEVFREQ_CLASS, c->dev_name))
		return -1;
	if (realpath(path, real) && !strcmp(real, c->dev_dir))
		return path_fmt(c->devfreq_dir, "%s/%s", DEVFREQ_CLASS,
				c->dev_name);
	dir = opendir(DEVFREQ_CLASS);
	if (!dir)
		return fail("%s: %s", DEVFREQ_CLASS, strerror(errno));
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		if (path_fmt(path, "%s/%s/device", DEVFREQ_CLASS,
			     de->d_name))
			break;
		if (realpath(path, real) && !strcmp(real, c->dev_dir)) {
			ret = path_fmt(c->devfreq_dir, "%s/%s", DEVFREQ_CLASS,
				       de->d_name);
			closedir(dir);
			return ret;
		}
	}
	closedir(dir);
	if (de)
		return -1;
	return fail("no devfreq device for %s in %s", c->dev_name,
		    DEVFREQ_CLASS);
}

/* Step: devfreq on the DT's OPPs, with the simple_ondemand governor. */
/* The GPU node has #cooling-cells: a devfreq cooling device must exist. */
static int check_cooling(struct ctx *c)
{
	char want[128], type[128], dir_path[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	int found = 0;

	snprintf(want, sizeof(want), "devfreq-%s", c->dev_name);
	dir = opendir("/sys/class/thermal");
	if (!dir)
		return fail("opendir /sys/class/thermal: %s", strerror(errno));
	while (!found && (de = readdir(dir))) {
		if (strncmp(de->d_name, "cooling_device", 14))
			continue;
		if (path_fmt(dir_path, "/sys/class/thermal/%s", de->d_name) ||
		    sysfs_get(dir_path, "type", type, sizeof(type))) {
			closedir(dir);
			return -1;
		}
		if (!strcmp(type, want)) {
			found = 1;
			msg("cooling device %s: type %s", de->d_name, type);
		}
	}
	closedir(dir);
	if (!found)
		return fail("no cooling device of type %s", want);
	return 0;
}

static int step_devfreq(struct ctx *c)
{
	unsigned long long freq[NR_OPPS + 1], cur, min, max;
	char governor[64], avail[1024], trans[8192], *p, *end;
	size_t n, i;

	if (find_gpu_device(c) || find_devfreq(c))
		return -1;
	if (sysfs_get(c->devfreq_dir, "governor", governor,
		      sizeof(governor)) ||
	    sysfs_get(c->devfreq_dir, "available_frequencies", avail,
		      sizeof(avail)) ||
	    sysfs_get_ull(c->devfreq_dir, "cur_freq", &cur) ||
	    sysfs_get_ull(c->devfreq_dir, "min_freq", &min) ||
	    sysfs_get_ull(c->devfreq_dir, "max_freq", &max) ||
	    sysfs_get(c->devfreq_dir, "trans_stat", trans, sizeof(trans)))
		return -1;
	msg("devfreq %s: governor %s", c->devfreq_dir, governor);
	msg("devfreq available_frequencies: %s", avail);
	msg("devfreq cur_freq %llu, min_freq %llu, max_freq %llu", cur, min,
	    max);
	for (p = trans, i = 0; *p && i < TRANS_STAT_LINES; i++) {
		end = strchr(p, '\n');
		if (end)
			*end = '\0';
		msg("devfreq trans_stat: %s", p);
		if (!end)
			break;
		p = end + 1;
	}

	if (strcmp(governor, EXPECT_GOVERNOR))
		return fail("devfreq governor \"%s\", expected \"%s\"",
			    governor, EXPECT_GOVERNOR);

	for (n = 0, p = avail; *p; ) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (n == NR_OPPS + 1)
			break;
		errno = 0;
		freq[n] = strtoull(p, &end, 10);
		if (end == p || errno || (*end && *end != ' '))
			return fail("available_frequencies: bad number \"%s\"",
				    p);
		n++;
		p = end;
	}
	qsort(freq, n, sizeof(freq[0]), cmp_ull);
	if (n != NR_OPPS ||
	    memcmp(freq, expect_opp_hz, sizeof(expect_opp_hz)))
		return fail("available_frequencies \"%s\", expected the %zu "
			    "OPPs of tyr-gpu.dtsi (%llu to %llu Hz)", avail,
			    NR_OPPS, expect_opp_hz[0],
			    expect_opp_hz[NR_OPPS - 1]);

	if (!bsearch(&cur, expect_opp_hz, NR_OPPS, sizeof(cur), cmp_ull))
		return fail("cur_freq %llu is not an OPP frequency", cur);
	if (min != expect_opp_hz[0] || max != expect_opp_hz[NR_OPPS - 1])
		return fail("min_freq %llu, max_freq %llu, expected %llu and "
			    "%llu", min, max, expect_opp_hz[0],
			    expect_opp_hz[NR_OPPS - 1]);
	msg("devfreq: %s on the %zu OPPs, at %llu Hz", governor, NR_OPPS, cur);
	return check_cooling(c);
}

/* A query on a render fd whose device is gone must give ENODEV. */
/*
 * System sleep with the render node open and the GPU in use. The PM core's
 * "devices" test mode (CONFIG_PM_DEBUG) runs every device's system suspend
 * and resume callbacks without needing a wake-up source; the write to
 * /sys/power/state returns once the system has resumed.
 */
static int step_system_sleep(struct ctx *c)
{
	char power[PATH_MAX], delay[32];
	struct ts_sample s;
	int ret = -1;

	if (path_fmt(power, "%s/power", c->dev_dir) ||
	    sysfs_get(power, "autosuspend_delay_ms", delay, sizeof(delay)))
		return -1;

	/* Keep the GPU runtime-active across the system suspend. */
	if (sysfs_set(power, "autosuspend_delay_ms", "60000"))
		return -1;
	if (query_timestamp(c, &s) || rpm_wait(power, "active", 0) < 0)
		goto out;

	if (sysfs_set("/sys/module/suspend/parameters", "pm_test_delay", "0") ||
	    sysfs_set("/sys/power", "pm_test", "devices") ||
	    sysfs_set("/sys/power", "state", "freeze"))
		goto out;
	msg("system suspend/resume (freeze, pm_test devices) with the render node open and the GPU runtime-active");
	if (sysfs_set("/sys/power", "pm_test", "none"))
		goto out;

	/*
	 * The system suspend powered the GPU down; with no runtime-PM user
	 * holding it (only the autosuspend delay kept it up), the PM core
	 * leaves it down on resume, and the next query wakes it.
	 */
	if (rpm_wait(power, "suspended", 0) < 0 || check_gpu_info(c) ||
	    query_timestamp(c, &s) || rpm_wait(power, "active", 0) < 0)
		goto out;
	msg("after system resume: runtime_status suspended, GPU_INFO works, TIMESTAMP_INFO wakes the GPU");
	ret = 0;
out:
	if (sysfs_set(power, "autosuspend_delay_ms", delay))
		ret = -1;
	return ret;
}

/* Does the debugfs file @path contain @needle? */
static int file_contains(const char *path, const char *needle)
{
	static char buf[65536];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return fail("read %s: %s", path, strerror(errno));
	buf[n] = 0;
	return strstr(buf, needle) ? 1 : 0;
}

/*
 * Buffer objects as Mesa uses them: create (size rounded up to pages),
 * mmap through BO_MMAP_OFFSET, label, close; NO_MMAP objects have no
 * offset; and the read-only USER page with LATEST_FLUSH_ID, which Mesa
 * maps at DRM_PANTHOR_USER_FLUSH_ID_MMIO_OFFSET.
 */
static int step_gem(struct ctx *c)
{
	static const char label[] = "tyr-query test buffer";
	struct drm_panthor_bo_create create = { .size = 5000 };
	struct drm_panthor_bo_create nommap = {
		.size = 4096,
		.flags = DRM_PANTHOR_BO_NO_MMAP,
	};
	struct drm_panthor_bo_mmap_offset off = { 0 };
	struct drm_panthor_bo_set_label set = { 0 };
	struct drm_gem_close close_bo = { 0 };
	char gems[PATH_MAX];
	volatile uint32_t *flush;
	unsigned char *p;
	size_t i;
	int found;

	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_BO_CREATE, &create))
		return fail("BO_CREATE: %s", strerror(errno));
	if (create.size != 8192)
		return fail("BO_CREATE of 5000 bytes: size %llu, expected 8192",
			    (unsigned long long)create.size);
	off.handle = create.handle;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET, &off))
		return fail("BO_MMAP_OFFSET: %s", strerror(errno));
	p = mmap(NULL, create.size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
		 off.offset);
	if (p == MAP_FAILED)
		return fail("mmap of the BO: %s", strerror(errno));
	for (i = 0; i < create.size; i++) {
		if (p[i])
			return fail("new BO not zeroed at byte %zu", i);
		p[i] = (unsigned char)i;
	}
	for (i = 0; i < create.size; i++) {
		if (p[i] != (unsigned char)i)
			return fail("BO reads back 0x%02x at byte %zu", p[i], i);
	}
	munmap(p, create.size);
	msg("BO handle %u: %llu bytes, mmap offset 0x%llx, zeroed, read back",
	    create.handle, (unsigned long long)create.size,
	    (unsigned long long)off.offset);

	set.handle = create.handle;
	set.label = (uintptr_t)label;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_BO_SET_LABEL, &set))
		return fail("BO_SET_LABEL: %s", strerror(errno));
	if (path_fmt(gems, "/sys/kernel/debug/dri/%s/gems", c->dev_name))
		return -1;
	found = file_contains(gems, label);
	if (found < 0)
		return -1;
	if (!found)
		return fail("label \"%s\" not in %s", label, gems);
	msg("BO label shown in %s", gems);

	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_BO_CREATE, &nommap))
		return fail("BO_CREATE with NO_MMAP: %s", strerror(errno));
	off.handle = nommap.handle;
	if (!xioctl(c->fd, DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET, &off) ||
	    errno != EINVAL)
		return fail("BO_MMAP_OFFSET of a NO_MMAP BO: %s, expected EINVAL",
			    strerror(errno));

	close_bo.handle = create.handle;
	if (xioctl(c->fd, DRM_IOCTL_GEM_CLOSE, &close_bo))
		return fail("GEM_CLOSE: %s", strerror(errno));
	close_bo.handle = nommap.handle;
	if (xioctl(c->fd, DRM_IOCTL_GEM_CLOSE, &close_bo))
		return fail("GEM_CLOSE: %s", strerror(errno));
	found = file_contains(gems, label);
	if (found)
		return found < 0 ? -1 : fail("closed BO still in %s", gems);

	/* The flush-ID page: read-only. */
	if (mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
		 DRM_PANTHOR_USER_FLUSH_ID_MMIO_OFFSET) != MAP_FAILED ||
	    errno != EINVAL)
		return fail("writable mmap of the flush-ID page: %s, expected EINVAL",
			    strerror(errno));
	flush = mmap(NULL, 4096, PROT_READ, MAP_SHARED, c->fd,
		     DRM_PANTHOR_USER_FLUSH_ID_MMIO_OFFSET);
	if (flush == MAP_FAILED)
		return fail("mmap of the flush-ID page: %s", strerror(errno));
	msg("LATEST_FLUSH_ID through the USER page mapping: %u", flush[0]);
	munmap((void *)flush, 4096);
	return 0;
}

/* The DRM client id of our file, from its fdinfo. */
/*
 * The number fdinfo of @fd shows for @key: 0 with *@val set, 1 when it has
 * no such key, -1 (after fail()) when it cannot be read.
 */
static int fdinfo_value(int fd, const char *key, unsigned long long *val)
{
	size_t len = strlen(key);
	char path[64], line[256];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return fail("open %s: %s", path, strerror(errno));
	while (!found && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, len) && line[len] == ':') {
			*val = strtoull(line + len + 1, NULL, 10);
			found = 1;
		}
	}
	fclose(f);
	return found ? 0 : 1;
}

static int drm_client_id(int fd, unsigned long long *id)
{
	int ret = fdinfo_value(fd, "drm-client-id", id);

	return ret > 0 ? fail("no drm-client-id in fdinfo") : ret;
}

/* What the GPU sees at @va of VM @vm, through the model's debugfs file. */
static int gpuva_read(struct ctx *c, unsigned long long client, __u32 vm,
		      __u64 va, unsigned int len, char *out, size_t size)
{
	char path[PATH_MAX], req[96];
	ssize_t n;
	int fd;

	if (path_fmt(path, "/sys/kernel/debug/dri/%s/gpuva", c->dev_name))
		return -1;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	n = snprintf(req, sizeof(req), "%llu %u 0x%llx %u", client, vm,
		     (unsigned long long)va, len);
	if (write(fd, req, n) != n) {
		close(fd);
		return fail("write \"%s\" to %s: %s", req, path, strerror(errno));
	}
	n = read(fd, out, size - 1);
	close(fd);
	if (n <= 0)
		return fail("read %s: %s", path, n ? strerror(errno) : "empty");
	out[n] = 0;
	if (n && out[n - 1] == '\n')
		out[n - 1] = 0;
	return 0;
}

static int vm_bind_one(struct ctx *c, __u32 vm, __u32 flags,
		       struct drm_panthor_vm_bind_op *op)
{
	struct drm_panthor_vm_bind bind = {
		.vm_id = vm,
		.flags = flags,
		.ops = DRM_PANTHOR_OBJ_ARRAY(1, op),
	};

	return xioctl(c->fd, DRM_IOCTL_PANTHOR_VM_BIND, &bind);
}

/*
 * A VM as Mesa uses one: create it, map a BO synchronously and then
 * asynchronously with a syncobj to wait on, read what the GPU sees through
 * the model's MMU (debugfs "gpuva"), unmap, check the state, destroy.
 */
static int step_vm(struct ctx *c)
{
	const __u64 va = 0x10000000, va2 = 0x20000000;
	struct drm_panthor_vm_create create = { 0 };
	struct drm_panthor_vm_destroy destroy = { 0 };
	struct drm_panthor_vm_get_state state = { 0 };
	struct drm_panthor_bo_create bo = { .size = 8192 };
	struct drm_panthor_bo_mmap_offset off = { 0 };
	struct drm_panthor_vm_bind_op op = { 0 };
	struct drm_panthor_sync_op sync = { 0 };
	struct drm_syncobj_create sc = { 0 };
	struct drm_syncobj_wait sw = { 0 };
	struct drm_syncobj_destroy sd = { 0 };
	struct drm_gem_close gc = { 0 };
	unsigned long long client;
	char out[512], want[64];
	unsigned char *p;
	unsigned int i;

	if (drm_client_id(c->fd, &client))
		return -1;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_VM_CREATE, &create))
		return fail("VM_CREATE: %s", strerror(errno));
	msg("VM %u created, user VA range 0x%llx", create.id,
	    (unsigned long long)create.user_va_range);

	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_BO_CREATE, &bo))
		return fail("BO_CREATE: %s", strerror(errno));
	off.handle = bo.handle;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET, &off))
		return fail("BO_MMAP_OFFSET: %s", strerror(errno));
	p = mmap(NULL, bo.size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
		 off.offset);
	if (p == MAP_FAILED)
		return fail("mmap: %s", strerror(errno));
	for (i = 0; i < bo.size; i++)
		p[i] = (unsigned char)(i ^ 0x5a);
	munmap(p, bo.size);

	op.flags = DRM_PANTHOR_VM_BIND_OP_TYPE_MAP;
	op.bo_handle = bo.handle;
	op.va = va;
	op.size = bo.size;
	if (vm_bind_one(c, create.id, 0, &op))
		return fail("VM_BIND MAP: %s", strerror(errno));

	/* Bytes 0x1010..0x101f of the BO, as the GPU reads them. */
	for (i = 0; i < 16; i++)
		snprintf(want + 2 * i, 3, "%02x",
			 (unsigned char)((0x1010 + i) ^ 0x5a));
	if (gpuva_read(c, client, create.id, va + 0x1010, 16, out, sizeof(out)))
		return -1;
	msg("GPU read at 0x%llx: %s", (unsigned long long)va + 0x1010, out);
	if (!strstr(out, want))
		return fail("GPU sees \"%s\", expected the BO's bytes %s", out,
			    want);

	/* The same BO again, asynchronously, signalling a syncobj. */
	if (xioctl(c->fd, DRM_IOCTL_SYNCOBJ_CREATE, &sc))
		return fail("SYNCOBJ_CREATE: %s", strerror(errno));
	sync.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
		     DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ;
	sync.handle = sc.handle;
	op.va = va2;
	op.syncs = (struct drm_panthor_obj_array)DRM_PANTHOR_OBJ_ARRAY(1, &sync);
	if (vm_bind_one(c, create.id, DRM_PANTHOR_VM_BIND_ASYNC, &op))
		return fail("VM_BIND ASYNC MAP: %s", strerror(errno));
	sw.handles = (uintptr_t)&sc.handle;
	sw.count_handles = 1;
	sw.timeout_nsec = INT64_MAX;
	if (xioctl(c->fd, DRM_IOCTL_SYNCOBJ_WAIT, &sw))
		return fail("SYNCOBJ_WAIT: %s", strerror(errno));
	if (gpuva_read(c, client, create.id, va2 + 0x1010, 16, out, sizeof(out)))
		return -1;
	msg("asynchronous map, syncobj signalled; GPU read at 0x%llx: %s",
	    (unsigned long long)va2 + 0x1010, out);
	if (!strstr(out, want))
		return fail("GPU sees \"%s\" after the async map", out);
	sd.handle = sc.handle;
	xioctl(c->fd, DRM_IOCTL_SYNCOBJ_DESTROY, &sd);

	/* Unmapped: the GPU no longer sees it. */
	memset(&op, 0, sizeof(op));
	op.flags = DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP;
	op.va = va;
	op.size = bo.size;
	if (vm_bind_one(c, create.id, 0, &op))
		return fail("VM_BIND UNMAP: %s", strerror(errno));
	if (gpuva_read(c, client, create.id, va + 0x1010, 16, out, sizeof(out)))
		return -1;
	msg("after unmap: %s", out);
	if (!strstr(out, "unmapped"))
		return fail("GPU still sees \"%s\" after the unmap", out);

	state.vm_id = create.id;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_VM_GET_STATE, &state))
		return fail("VM_GET_STATE: %s", strerror(errno));
	if (state.state != DRM_PANTHOR_VM_STATE_USABLE)
		return fail("VM state %u, expected usable", state.state);

	/* A bad bind: unaligned VA. */
	op.va = va + 1;
	if (!vm_bind_one(c, create.id, 0, &op) || errno != EINVAL)
		return fail("unaligned VM_BIND: %s, expected EINVAL",
			    strerror(errno));

	destroy.id = create.id;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_VM_DESTROY, &destroy))
		return fail("VM_DESTROY: %s", strerror(errno));
	gc.handle = bo.handle;
	if (xioctl(c->fd, DRM_IOCTL_GEM_CLOSE, &gc))
		return fail("GEM_CLOSE: %s", strerror(errno));
	msg("VM %u: map, async map, unmap, destroy as expected", create.id);
	return 0;
}

/* A BO of @size bytes mapped at @va in @vm, and its CPU mapping. */
static void *job_bo(struct ctx *c, __u32 vm, __u64 va, __u64 size,
		    __u32 *handle)
{
	struct drm_panthor_bo_create bo = { .size = size };
	struct drm_panthor_bo_mmap_offset off = { 0 };
	struct drm_panthor_vm_bind_op op = { 0 };
	void *p;

	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_BO_CREATE, &bo))
		return NULL;
	off.handle = bo.handle;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET, &off))
		return NULL;
	p = mmap(NULL, bo.size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
		 off.offset);
	if (p == MAP_FAILED)
		return NULL;
	op.flags = DRM_PANTHOR_VM_BIND_OP_TYPE_MAP;
	op.bo_handle = bo.handle;
	op.va = va;
	op.size = bo.size;
	if (vm_bind_one(c, vm, 0, &op))
		return NULL;
	*handle = bo.handle;
	return p;
}

static int job_submit(struct ctx *c, __u32 group, __u64 addr, __u32 size,
		      struct drm_panthor_sync_op *syncs, __u32 nsyncs)
{
	struct drm_panthor_queue_submit qs = {
		.stream_size = size,
		.stream_addr = addr,
		.syncs = DRM_PANTHOR_OBJ_ARRAY(nsyncs, syncs),
	};
	struct drm_panthor_group_submit submit = {
		.group_handle = group,
		.queue_submits = DRM_PANTHOR_OBJ_ARRAY(1, &qs),
	};

	return xioctl(c->fd, DRM_IOCTL_PANTHOR_GROUP_SUBMIT, &submit);
}

/*
 * The first job, as IGT runs it: a group on a new VM runs a command stream
 * that stores 0xdeadbeef into a second BO; the job signals a syncobj, and
 * the CPU reads the value back. Then a chain of 1000 jobs, each waiting for
 * the point of a timeline syncobj the one before signals.
 */
static int step_first_job(struct ctx *c)
{
	static const __u64 first_job[] = {
		0x0144000001001000ull,	/* MOVE48 r68 = 0x1001000 */
		0x02460000deadbeefull,	/* MOVE32 r70 = 0xdeadbeef */
		0x1546440000010000ull,	/* STORE_MULTIPLE r70 -> [r68] */
		0x0300000000ff0000ull,	/* WAIT all */
		0x0246000000000000ull,	/* MOVE32 r70 = 0 */
		0x2401460000000233ull,	/* FLUSH_CACHE2, flush id r70 */
		0x0300000000ff0000ull,	/* WAIT all */
	};
	const __u64 code_va = 0x1000000, data_va = 0x1001000;
	struct drm_panthor_vm_create vm = { 0 };
	struct drm_panthor_queue_create queue = { .ringbuf_size = 65536 };
	struct drm_panthor_group_create group = {
		.queues = DRM_PANTHOR_OBJ_ARRAY(1, &queue),
		.max_compute_cores = 1,
		.max_fragment_cores = 1,
		.max_tiler_cores = 1,
		.priority = PANTHOR_GROUP_PRIORITY_MEDIUM,
		.compute_core_mask = EXPECT_SHADER_PRESENT,
		.fragment_core_mask = EXPECT_SHADER_PRESENT,
		.tiler_core_mask = 1,
	};
	struct drm_panthor_group_get_state state = { 0 };
	struct drm_panthor_group_destroy destroy = { 0 };
	struct drm_syncobj_create sc = { 0 }, tl = { 0 };
	struct drm_syncobj_timeline_wait tw = { 0 };
	struct drm_syncobj_wait sw = { 0 };
	struct drm_syncobj_destroy sd = { 0 };
	struct drm_panthor_vm_destroy vm_destroy = { 0 };
	struct drm_gem_close gc = { 0 };
	struct drm_panthor_sync_op syncs[2];
	unsigned long long engine, cycles;
	__u32 code_bo, data_bo;
	volatile __u32 *data;
	long long start;
	__u64 point;
	__u64 *code;

	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_VM_CREATE, &vm))
		return fail("VM_CREATE: %s", strerror(errno));
	code = job_bo(c, vm.id, code_va, 4096, &code_bo);
	data = job_bo(c, vm.id, data_va, 4096, &data_bo);
	if (!code || !data)
		return fail("BOs for the job: %s", strerror(errno));
	memcpy(code, first_job, sizeof(first_job));

	group.vm_id = vm.id;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_GROUP_CREATE, &group))
		return fail("GROUP_CREATE: %s", strerror(errno));
	if (xioctl(c->fd, DRM_IOCTL_SYNCOBJ_CREATE, &sc))
		return fail("SYNCOBJ_CREATE: %s", strerror(errno));

	memset(syncs, 0, sizeof(syncs));
	syncs[0].flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ;
	syncs[0].handle = sc.handle;
	if (job_submit(c, group.group_handle, code_va, sizeof(first_job),
		       syncs, 1))
		return fail("GROUP_SUBMIT: %s", strerror(errno));
	sw.handles = (uintptr_t)&sc.handle;
	sw.count_handles = 1;
	sw.timeout_nsec = clock_ns(CLOCK_MONOTONIC) + 5000000000ll;
	if (xioctl(c->fd, DRM_IOCTL_SYNCOBJ_WAIT, &sw))
		return fail("SYNCOBJ_WAIT for the first job: %s",
			    strerror(errno));
	msg("first job done: the GPU wrote 0x%08x", data[0]);
	if (data[0] != 0xdeadbeef)
		return fail("the first job wrote 0x%08x, not 0xdeadbeef",
			    data[0]);

	/*
	 * 1000 jobs, each after the timeline point of the one before, with
	 * job profiling on: fdinfo then has their GPU time and cycles.
	 */
	if (find_gpu_device(c) || sysfs_set(c->dev_dir, "profiling", "3"))
		return -1;
	if (xioctl(c->fd, DRM_IOCTL_SYNCOBJ_CREATE, &tl))
		return fail("SYNCOBJ_CREATE: %s", strerror(errno));
	start = clock_ns(CLOCK_MONOTONIC);
	for (point = 1; point <= 1000; point++) {
		__u32 n = 0;

		memset(syncs, 0, sizeof(syncs));
		if (point > 1) {
			syncs[n].flags = DRM_PANTHOR_SYNC_OP_WAIT |
				DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ;
			syncs[n].handle = tl.handle;
			syncs[n++].timeline_value = point - 1;
		}
		syncs[n].flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ;
		syncs[n].handle = tl.handle;
		syncs[n++].timeline_value = point;
		if (job_submit(c, group.group_handle, code_va,
			       sizeof(first_job), syncs, n))
			return fail("GROUP_SUBMIT of job %llu: %s", point,
				    strerror(errno));
	}
	point = 1000;
	tw.handles = (uintptr_t)&tl.handle;
	tw.points = (uintptr_t)&point;
	tw.count_handles = 1;
	tw.timeout_nsec = clock_ns(CLOCK_MONOTONIC) + 60000000000ll;
	if (xioctl(c->fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &tw))
		return fail("waiting for the 1000th job: %s", strerror(errno));
	msg("1000 chained jobs in %ld ms", elapsed_ms(start));
	if (fdinfo_value(c->fd, "drm-engine-panthor", &engine) ||
	    fdinfo_value(c->fd, "drm-cycles-panthor", &cycles))
		return fail("no drm-engine-panthor or drm-cycles-panthor in fdinfo with profiling on");
	msg("fdinfo: drm-engine-panthor %llu ns, drm-cycles-panthor %llu",
	    engine, cycles);
	if (!engine || !cycles)
		return fail("1000 profiled jobs took no GPU time or cycles");
	if (sysfs_set(c->dev_dir, "profiling", "0"))
		return -1;
	if (fdinfo_value(c->fd, "drm-engine-panthor", &engine) != 1)
		return fail("drm-engine-panthor in fdinfo with profiling off");

	state.group_handle = group.group_handle;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_GROUP_GET_STATE, &state))
		return fail("GROUP_GET_STATE: %s", strerror(errno));
	if (state.state)
		return fail("group state 0x%x after its jobs", state.state);
	destroy.group_handle = group.group_handle;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_GROUP_DESTROY, &destroy))
		return fail("GROUP_DESTROY: %s", strerror(errno));

	/* Mappings would keep the file, and the device, alive. */
	munmap(code, 4096);
	munmap((void *)data, 4096);
	gc.handle = code_bo;
	xioctl(c->fd, DRM_IOCTL_GEM_CLOSE, &gc);
	gc.handle = data_bo;
	xioctl(c->fd, DRM_IOCTL_GEM_CLOSE, &gc);
	sd.handle = sc.handle;
	xioctl(c->fd, DRM_IOCTL_SYNCOBJ_DESTROY, &sd);
	sd.handle = tl.handle;
	xioctl(c->fd, DRM_IOCTL_SYNCOBJ_DESTROY, &sd);
	vm_destroy.id = vm.id;
	if (xioctl(c->fd, DRM_IOCTL_PANTHOR_VM_DESTROY, &vm_destroy))
		return fail("VM_DESTROY: %s", strerror(errno));
	return 0;
}

/*
 * Mesa.  scripts/tyr-mesa puts Debian's arm64 Mesa in the initramfs with the
 * test programs of scripts/qemu/mesa/ and vulkaninfo; this step runs them as
 * child processes, each with a time limit.  Their output goes to the console
 * with every line prefixed by MESA_OUT_PREFIX and the run's name (tyr-run
 * does not look for kernel problems in those lines); their "TYR-MESA: <name>
 * ..." lines give the figures of the summary line
 *
 *   TYR-MESA: summary egl=ok vulkaninfo=ok gles-fbo=X.Xfps ... vk=X.Xips ...
 *
 * The counts and the time limit can be changed on the kernel command line:
 * tyr_mesa_frames=N, tyr_mesa_iterations=N, tyr_mesa_timeout=SECS;
 * tyr_mesa_runs=KEY,KEY,... runs only those runs (keys as in the summary),
 * and tyr_mesa=0 skips the step.
 */
#define MESA_BIN		"/usr/bin"
#define MESA_OUT_PREFIX		"| "
#define MESA_FRAMES		60
#define MESA_ITERATIONS		60
/* Per run, in seconds: the first GL process compiles under TCG. */
#define MESA_TIMEOUT_S		180
/* After SIGKILL, how long a child may take to be reaped. */
#define MESA_REAP_WAIT_MS	10000
/*
 * Lines of a child shown on the console; beyond, only its TYR-MESA and
 * error lines (PAN_MESA_DEBUG=sync dumps ~800 lines of command stream for a
 * failed job).
 */
#define MESA_MAX_LINES		200
#define MESA_MAX_CHILDREN	2
#define MESA_MAX_ARGS		6
#define MESA_MAX_ENV		12

struct mesa_child {
	const char *label;		/* its name on the console */
	const char *argv[MESA_MAX_ARGS];
	const char *must_print;		/* a line must contain this */
	bool kill_when_running;		/* SIGKILL after "... running" */

	pid_t pid;
	int fd;				/* its stdout and stderr */
	char line[1024];
	size_t len;
	unsigned int lines, hidden;
	bool running, reaped, killed, saw_must, stuck;
	int status;
	long long kill_ns;
	char figures[96];		/* e.g. "frames=5 fps=1.2 ..." */
	char failed[160];		/* its FAIL line */
	char error[160];		/* its last line with "error" */
};

struct mesa_cfg {
	unsigned int frames, iterations, timeout_s;
	bool skip;
	char runs[256];			/* ",key,key," or empty for all */
	char frames_arg[16], iterations_arg[16];
	const char *env[MESA_MAX_ENV];
	char summary[512];
	char first_failure[256];
	int failures;
};

/* tyr_mesa_*=N on the kernel command line. */
static void mesa_options(struct mesa_cfg *m)
{
	char buf[4096], *tok, *save = NULL;
	unsigned int val;
	ssize_t n;
	int fd;

	fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	for (tok = strtok_r(buf, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		if (sscanf(tok, "tyr_mesa_frames=%u", &val) == 1 && val)
			m->frames = val;
		else if (sscanf(tok, "tyr_mesa_iterations=%u", &val) == 1 && val)
			m->iterations = val;
		else if (sscanf(tok, "tyr_mesa_timeout=%u", &val) == 1 && val)
			m->timeout_s = val;
		else if (!strncmp(tok, "tyr_mesa_runs=", 14))
			snprintf(m->runs, sizeof(m->runs), ",%.250s,", tok + 14);
		else if (!strcmp(tok, "tyr_mesa=0"))
			m->skip = true;
	}
}

/* Is run @key selected (tyr_mesa_runs=...)? */
static bool mesa_wanted(struct mesa_cfg *m, const char *key)
{
	char k[40];

	if (!m->runs[0])
		return true;
	snprintf(k, sizeof(k), ",%s,", key);
	return strstr(m->runs, k);
}

static int mesa_spawn(struct mesa_cfg *m, struct mesa_child *ch,
		      const char *const *extra_env)
{
	const char *envp[MESA_MAX_ENV * 2 + 1];
	char path[PATH_MAX];
	int p[2], i, n = 0;

	for (i = 0; m->env[i]; i++)
		envp[n++] = m->env[i];
	for (i = 0; extra_env && extra_env[i]; i++)
		envp[n++] = extra_env[i];
	envp[n] = NULL;
	if (path_fmt(path, "%s/%s", MESA_BIN, ch->argv[0]))
		return -1;
	if (pipe(p))
		return fail("pipe: %s", strerror(errno));
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	ch->pid = fork();
	if (ch->pid < 0) {
		close(p[0]);
		close(p[1]);
		return fail("fork: %s", strerror(errno));
	}
	if (!ch->pid) {
		if (dup2(p[1], 1) < 0 || dup2(p[1], 2) < 0)
			_exit(126);
		execve(path, (char *const *)ch->argv, (char *const *)envp);
		printf("exec %s: %s\n", path, strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	close(p[1]);
	ch->fd = p[0];
	ch->len = 0;
	ch->lines = 0;
	ch->hidden = 0;
	return 0;
}

/* One complete line of a child: forward it and look at it. */
static void mesa_line(struct mesa_child *ch)
{
	const char *l = ch->line, *rest;

	bool error = strstr(l, "error") || strstr(l, "ERROR") ||
		     strstr(l, "Error");

	if (error)
		snprintf(ch->error, sizeof(ch->error), "%.150s", l);
	if (++ch->lines <= MESA_MAX_LINES || error ||
	    !strncmp(l, "TYR-MESA: ", 10))
		printf(MESA_OUT_PREFIX "%s: %s\n", ch->label, l);
	else
		ch->hidden++;
	if (ch->must_print && strstr(l, ch->must_print))
		ch->saw_must = true;
	if (strncmp(l, "TYR-MESA: ", 10))
		return;
	rest = strchr(l + 10, ' ');
	if (!rest)
		return;
	rest++;
	if (!strncmp(rest, "FAIL", 4))
		snprintf(ch->failed, sizeof(ch->failed), "%s", l + 10);
	else if (!strncmp(rest, "running", 7))
		ch->running = true;
	else if (strstr(rest, "fps=") || strstr(rest, "ips="))
		snprintf(ch->figures, sizeof(ch->figures), "%s", rest);
}

/* Read what a child wrote; 0 at end of file. */
static int mesa_read(struct mesa_child *ch)
{
	char buf[512];
	ssize_t n, i;

	n = read(ch->fd, buf, sizeof(buf));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || ch->len == sizeof(ch->line) - 1) {
			ch->line[ch->len] = 0;
			mesa_line(ch);
			ch->len = 0;
			if (buf[i] == '\n')
				continue;
		}
		ch->line[ch->len++] = buf[i];
	}
	if (!n && ch->len) {
		ch->line[ch->len] = 0;
		mesa_line(ch);
		ch->len = 0;
	}
	if (!n && ch->hidden)
		printf(MESA_OUT_PREFIX "%s: (%u more lines not shown)\n",
		       ch->label, ch->hidden);
	return n > 0;
}

static void mesa_kill(struct mesa_child *ch)
{
	if (ch->killed || ch->reaped)
		return;
	kill(ch->pid, SIGKILL);
	ch->killed = true;
	ch->kill_ns = clock_ns(CLOCK_MONOTONIC);
}

static void dump_task(int pid, const char *why);
static int scan_d_tasks(int *pids, int max);

/*
 * Run the children until they are all reaped and their output read, killing
 * them all at the time limit.  Returns -1 when one could not be reaped (it
 * is stuck in the kernel), else 0; each child's result is in it.
 */
static int mesa_supervise(struct mesa_cfg *m, struct mesa_child *ch, int n,
			  bool *timed_out)
{
	long long start = clock_ns(CLOCK_MONOTONIC);
	struct pollfd pfd[MESA_MAX_CHILDREN];
	int i, k, open_fds, status, d[16], nd;
	bool busy = true;

	*timed_out = false;
	while (busy) {
		for (i = 0, k = 0; i < n; i++) {
			if (ch[i].fd < 0)
				continue;
			pfd[k].fd = ch[i].fd;
			pfd[k].events = POLLIN;
			pfd[k++].revents = 0;
		}
		open_fds = k;
		if (open_fds)
			poll(pfd, open_fds, 100);
		else
			sleep_ms(20);
		for (i = 0, k = 0; i < n; i++) {
			if (ch[i].fd < 0)
				continue;
			if (pfd[k++].revents && !mesa_read(&ch[i])) {
				close(ch[i].fd);
				ch[i].fd = -1;
			}
		}

		busy = false;
		for (i = 0; i < n; i++) {
			if (!ch[i].reaped &&
			    waitpid(ch[i].pid, &status, WNOHANG) == ch[i].pid) {
				ch[i].reaped = true;
				ch[i].status = status;
			}
			if (ch[i].kill_when_running && ch[i].running)
				mesa_kill(&ch[i]);
			if (!ch[i].reaped && ch[i].killed &&
			    (clock_ns(CLOCK_MONOTONIC) - ch[i].kill_ns) / 1000000 >
			    MESA_REAP_WAIT_MS) {
				/* Stuck in the kernel: stop waiting. */
				ch[i].stuck = true;
				ch[i].reaped = true;
				dump_task(ch[i].pid, "not reaped after SIGKILL");
				if (ch[i].fd >= 0) {
					close(ch[i].fd);
					ch[i].fd = -1;
				}
			}
			if (!ch[i].reaped || ch[i].fd >= 0)
				busy = true;
		}
		if (busy && !*timed_out &&
		    elapsed_ms(start) > (long)m->timeout_s * 1000) {
			*timed_out = true;
			msg("mesa: time limit of %u s reached, killing", m->timeout_s);
			nd = scan_d_tasks(d, 16);
			for (i = 0; i < nd; i++)
				dump_task(d[i], "in D state at the time limit");
			for (i = 0; i < n; i++)
				mesa_kill(&ch[i]);
		}
	}
	for (i = 0; i < n; i++) {
		if (ch[i].stuck)
			return -1;
	}
	return 0;
}

/* Why a child failed, or NULL; @buf holds the reason. */
static const char *mesa_verdict(struct mesa_child *ch, bool timed_out,
				char *buf, size_t size)
{
	int st = ch->status;

	if (ch->stuck)
		snprintf(buf, size, "not reaped %d s after SIGKILL (stuck in the kernel)",
			 MESA_REAP_WAIT_MS / 1000);
	else if (ch->kill_when_running && !ch->running)
		snprintf(buf, size, "%s",
			 ch->failed[0] ? ch->failed : timed_out ?
			 "timed out before its first frame" :
			 "exited before its first frame");
	else if (ch->kill_when_running && (!WIFSIGNALED(st) ||
					   WTERMSIG(st) != SIGKILL))
		snprintf(buf, size, "status 0x%x after SIGKILL", st);
	else if (ch->kill_when_running)
		return NULL;
	else if (timed_out && ch->killed)
		snprintf(buf, size, "timed out%s%s", ch->failed[0] ? ": " : "",
			 ch->failed);
	else if (ch->failed[0])
		snprintf(buf, size, "%s", ch->failed);
	else if (WIFSIGNALED(st))
		snprintf(buf, size, "killed by signal %d (%s)%s%s%s",
			 WTERMSIG(st), strsignal(WTERMSIG(st)),
			 ch->error[0] ? " after \"" : "", ch->error,
			 ch->error[0] ? "\"" : "");
	else if (!WIFEXITED(st) || WEXITSTATUS(st))
		snprintf(buf, size, "exit status %d%s%s%s", WEXITSTATUS(st),
			 ch->error[0] ? " after \"" : "", ch->error,
			 ch->error[0] ? "\"" : "");
	else if (ch->must_print && !ch->saw_must)
		snprintf(buf, size, "its output does not mention %s",
			 ch->must_print);
	else
		return NULL;
	return buf;
}

/* "fps=12.3" in @figures: the number and its unit. */
static void mesa_figure(const char *figures, char *out, size_t size)
{
	const char *p = strstr(figures, "fps=");
	const char *unit = "fps";
	double v;

	if (!p) {
		p = strstr(figures, "ips=");
		unit = "ips";
	}
	if (p && sscanf(p + 4, "%lf", &v) == 1)
		snprintf(out, size, "%.1f%s", v, unit);
	else
		snprintf(out, size, "ok");
}

static void summary_add(struct mesa_cfg *m, const char *fmt, ...)
{
	size_t len = strlen(m->summary);
	va_list ap;

	if (len >= sizeof(m->summary) - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(m->summary + len, sizeof(m->summary) - len, fmt, ap);
	va_end(ap);
}

/*
 * Run @n children at once (one run of the list): record their figures or
 * failures under @key.  Returns -1 if the kernel looks wedged (a child
 * could not be reaped), else 0.
 */
static int mesa_run(struct mesa_cfg *m, const char *key,
		    struct mesa_child *ch, int n, const char *const *extra_env)
{
	char reason[256], fig[32];
	long long start = clock_ns(CLOCK_MONOTONIC);
	bool timed_out = false;
	int i, ret = 0, bad = 0;

	if (!mesa_wanted(m, key))
		return 0;
	msg("mesa: %s:%s", key, extra_env && extra_env[0] ? " with" : "");
	for (i = 0; extra_env && extra_env[i]; i++)
		msg("mesa:   %s", extra_env[i]);
	for (i = 0; i < n; i++) {
		ch[i].fd = -1;
		if (mesa_spawn(m, &ch[i], extra_env)) {
			n = i;
			snprintf(reason, sizeof(reason), "%s", fail_reason);
			bad++;
			break;
		}
	}
	if (n && mesa_supervise(m, ch, n, &timed_out))
		ret = -1;

	summary_add(m, " %s=", key);
	for (i = 0; i < n; i++) {
		if (mesa_verdict(&ch[i], timed_out, reason, sizeof(reason))) {
			msg("mesa: %s: %s FAILED: %s", key, ch[i].label, reason);
			bad++;
			if (!m->first_failure[0])
				snprintf(m->first_failure,
					 sizeof(m->first_failure), "%s: %.200s",
					 ch[i].label, reason);
			summary_add(m, "%sFAIL", i ? "+" : "");
			continue;
		}
		mesa_figure(ch[i].figures, fig, sizeof(fig));
		summary_add(m, "%s%s", i ? "+" : "", fig);
	}
	if (bad && !n)
		summary_add(m, "FAIL");
	if (bad && !m->first_failure[0])
		snprintf(m->first_failure, sizeof(m->first_failure), "%s: %.200s",
			 key, reason);
	m->failures += bad;
	msg("mesa: %s: %s in %ld ms", key, bad ? "FAILED" : "ok",
	    elapsed_ms(start));
	return ret;
}

static int step_mesa(struct ctx *c)
{
	static const char *const sync_env[] = {
		"PAN_MESA_DEBUG=sync", "PANVK_DEBUG=sync", NULL,
	};
	struct mesa_cfg m = {
		.frames = MESA_FRAMES,
		.iterations = MESA_ITERATIONS,
		.timeout_s = MESA_TIMEOUT_S,
		.env = {
			"PATH=" MESA_BIN ":/bin",
			"HOME=/tmp",
			"XDG_RUNTIME_DIR=/tmp",
			"MESA_SHADER_CACHE_DISABLE=true",
			NULL,
		},
	};
	const char *fr = m.frames_arg, *it = m.iterations_arg;
	long long start = clock_ns(CLOCK_MONOTONIC);
	struct mesa_child ch[MESA_MAX_CHILDREN];
	char path[PATH_MAX];
	int wedged;

	(void)c;
	mesa_options(&m);
	if (m.skip) {
		msg("mesa: skipped (tyr_mesa=0)");
		return 0;
	}
	if (path_fmt(path, "%s/tyr-egl", MESA_BIN))
		return -1;
	if (access(path, X_OK))
		return fail("%s: %s (the initramfs has no Mesa: scripts/tyr-mesa)",
			    path, strerror(errno));
	mkdir("/tmp", 01777);
	snprintf(m.frames_arg, sizeof(m.frames_arg), "%u", m.frames);
	snprintf(m.iterations_arg, sizeof(m.iterations_arg), "%u", m.iterations);
	msg("mesa: %u frames, %u iterations, %u s per run", m.frames,
	    m.iterations, m.timeout_s);

#define CHILD(...) ((struct mesa_child){ __VA_ARGS__ })
	ch[0] = CHILD(.label = "tyr-egl", .argv = { "tyr-egl" });
	wedged = mesa_run(&m, "egl", ch, 1, NULL);

	if (!wedged) {
		ch[0] = CHILD(.label = "vulkaninfo",
			      .argv = { "vulkaninfo", "--summary" },
			      .must_print = "Mali-G610");
		wedged = mesa_run(&m, "vulkaninfo", ch, 1, NULL);
	}
	if (!wedged) {
		ch[0] = CHILD(.label = "tyr-gles",
			      .argv = { "tyr-gles", "--frames", fr });
		wedged = mesa_run(&m, "gles-fbo", ch, 1, NULL);
	}
	if (!wedged) {
		ch[0] = CHILD(.label = "tyr-gles",
			      .argv = { "tyr-gles", "--gbm", "--frames", fr });
		wedged = mesa_run(&m, "gles-gbm", ch, 1, NULL);
	}
	if (!wedged) {
		ch[0] = CHILD(.label = "tyr-vk",
			      .argv = { "tyr-vk", "--iterations", it });
		wedged = mesa_run(&m, "vk", ch, 1, NULL);
	}
	if (!wedged) {
		ch[0] = CHILD(.label = "tyr-gles#1",
			      .argv = { "tyr-gles", "--frames", fr });
		ch[1] = CHILD(.label = "tyr-gles#2",
			      .argv = { "tyr-gles", "--gbm", "--frames", fr });
		wedged = mesa_run(&m, "gles-x2", ch, 2, NULL);
	}
	if (!wedged) {
		ch[0] = CHILD(.label = "tyr-gles(kill)",
			      .argv = { "tyr-gles", "--frames", "1000000" },
			      .kill_when_running = true);
		wedged = mesa_run(&m, "gles-kill", ch, 1, NULL);
	}
	if (!wedged) {
		ch[0] = CHILD(.label = "tyr-gles(sync)",
			      .argv = { "tyr-gles", "--frames", fr });
		wedged = mesa_run(&m, "gles-sync", ch, 1, sync_env);
	}
	if (!wedged) {
		ch[0] = CHILD(.label = "tyr-vk(sync)",
			      .argv = { "tyr-vk", "--iterations", it });
		wedged = mesa_run(&m, "vk-sync", ch, 1, sync_env);
	}
#undef CHILD

	printf("TYR-MESA: summary%s%s time=%lds\n", m.summary,
	       wedged ? " (stopped: a process stuck in the kernel)" : "",
	       elapsed_ms(start) / 1000);
	fflush(stdout);
	if (m.failures)
		return fail("%d Mesa run(s) failed, first %s", m.failures,
			    m.first_failure);
	return 0;
}

/*
 * No leftovers once the Mesa processes are gone: no task stuck in D state,
 * and the driver's debugfs files show nothing but what the driver itself
 * owns.  leftover_checks[] lists, per file of /sys/kernel/debug/dri/<device>/,
 * the lines allowed in it (POSIX extended regular expressions; "@PID@" is
 * tyr-query's pid); any other line is a leftover.
 */
#define D_STATE_GRACE_MS	5000
#define LEFTOVER_GRACE_MS	5000

static const struct {
	const char *file;
	const char *what;
	const char *allowed[4];
} leftover_checks[] = {
	{
		/* Only the firmware's sections are allocated with no user. */
		"gems", "buffer object",
		{
			"^[0-9]+ bytes, flags 0x[0-9a-f]+, 0 handle\\(s\\), kernel, label \"fw-(section|shared)\"$",
			"^[0-9]+ object\\(s\\), [0-9]+ bytes$",
		},
	}, {
		/* The firmware's VM, in AS 0; no user VM, no tiler heap. */
		"vms", "VM",
		{
			"^firmware VM, AS 0, 0 heap\\(s\\)$",
			"^1 VM\\(s\\)$",
		},
	}, {
		/* No group, not even a destroyed one, and no job. */
		"groups", "group",
		{
			"^0 group object\\(s\\), 0 job\\(s\\)$",
		},
	}, {
		/* tyr-query's own render fd, nothing else. */
		"clients", "DRM client",
		{
			"^ +command +tgid +dev +master +a +uid +magic$",
			"^ *[^ ]+ +@PID@ +[0-9]+ +",
		},
	},
};

/* Read a small /proc file into @buf without the final newline; "?" if not. */
static void proc_get(int pid, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	snprintf(buf, size, "?");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		n = snprintf(buf, size, "(%s)", strerror(errno));
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = 0;
}

/* Print what is known of task @pid: name, wait channel, kernel stack. */
static void dump_task(int pid, const char *why)
{
	static char stack[8192];
	char comm[64], wchan[64];

	proc_get(pid, "comm", comm, sizeof(comm));
	proc_get(pid, "wchan", wchan, sizeof(wchan));
	proc_get(pid, "stack", stack, sizeof(stack));
	msg("task %s (pid %d) %s, wchan %s; stack:", comm, pid, why, wchan);
	printf("%s\n", stack);
	fflush(stdout);
}

/* The state letter of /proc/@pid/task/@tid/stat, or 0. */
static char task_state(int pid, int tid)
{
	char path[96], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	/* "pid (comm) S ...": comm may hold anything, ')' included. */
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* The threads now in D state (uninterruptible sleep): up to @max tids. */
static int scan_d_tasks(int *tids, int max)
{
	struct dirent *pe, *te;
	DIR *proc, *task;
	char path[64];
	int n = 0;

	proc = opendir("/proc");
	if (!proc)
		return 0;
	while ((pe = readdir(proc)) && n < max) {
		if (pe->d_name[0] < '0' || pe->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task", atoi(pe->d_name));
		task = opendir(path);
		if (!task)
			continue;
		while ((te = readdir(task)) && n < max) {
			if (te->d_name[0] >= '0' && te->d_name[0] <= '9' &&
			    task_state(atoi(pe->d_name), atoi(te->d_name)) == 'D')
				tids[n++] = atoi(te->d_name);
		}
		closedir(task);
	}
	closedir(proc);
	return n;
}

/*
 * Tasks in D state for the whole grace period (a task that leaves D state
 * even once is fine).
 */
static int check_d_state(void)
{
	int stuck[32], nstuck, now[64], nnow, i, j, k;
	long long start = clock_ns(CLOCK_MONOTONIC);

	nstuck = scan_d_tasks(stuck, 32);
	while (nstuck && elapsed_ms(start) < D_STATE_GRACE_MS) {
		sleep_ms(100);
		nnow = scan_d_tasks(now, 64);
		for (i = 0, k = 0; i < nstuck; i++) {
			for (j = 0; j < nnow && now[j] != stuck[i]; j++)
				;
			if (j < nnow)
				stuck[k++] = stuck[i];
		}
		nstuck = k;
	}
	if (!nstuck) {
		msg("no task in D state");
		return 0;
	}
	for (i = 0; i < nstuck; i++)
		dump_task(stuck[i], "in D state");
	return fail("%d task(s) in D state for %d ms, first pid %d (stack above)",
		    nstuck, D_STATE_GRACE_MS, stuck[0]);
}

/* Compile @pattern with "@PID@" replaced by our pid. */
static int leftover_regex(regex_t *re, const char *pattern)
{
	char buf[256], pid[16];
	const char *at = strstr(pattern, "@PID@");

	if (at) {
		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - pattern),
			 pattern, pid, at + 5);
		pattern = buf;
	}
	if (regcomp(re, pattern, REG_EXTENDED | REG_NOSUB))
		return fail("bad pattern %s", pattern);
	return 0;
}

/*
 * The first line of debugfs file @path that none of @allowed matches, into
 * @bad (empty if none).  The whole file goes into @text.
 */
static int leftover_scan(const char *path, const char *const *allowed,
			 size_t nallowed, char *text, size_t size, char *bad,
			 size_t bad_size)
{
	regex_t re[4];
	size_t i, nre = 0;
	char *line, *save = NULL, *copy;
	ssize_t n;
	int fd, ret = 0;

	bad[0] = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	n = read(fd, text, size - 1);
	close(fd);
	if (n < 0)
		return fail("read %s: %s", path, strerror(errno));
	text[n] = 0;
	copy = strdup(text);
	if (!copy)
		return fail("out of memory");
	for (i = 0; i < nallowed && allowed[i]; i++, nre++) {
		if (leftover_regex(&re[i], allowed[i])) {
			ret = -1;
			goto out;
		}
	}
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		for (i = 0; i < nre; i++) {
			if (!regexec(&re[i], line, 0, NULL, 0))
				break;
		}
		if (i == nre) {
			snprintf(bad, bad_size, "%s", line);
			break;
		}
	}
out:
	for (i = 0; i < nre; i++)
		regfree(&re[i]);
	free(copy);
	return ret;
}

/*
 * Lockdep turns itself off after its first report: still on at the end of
 * the run means none happened (a kernel without lockdep has no
 * /proc/lockdep_stats).
 */
static int check_lockdep(void)
{
	static char text[8192];
	FILE *f = fopen("/proc/lockdep_stats", "r");
	const char *p;
	size_t n;

	if (!f) {
		msg("no /proc/lockdep_stats: kernel without lockdep");
		return 0;
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	p = strstr(text, "debug_locks:");
	if (!p)
		return fail("no debug_locks in /proc/lockdep_stats");
	if (atoi(p + strlen("debug_locks:")) != 1)
		return fail("lockdep turned itself off (debug_locks 0): it reported a problem");
	msg("lockdep still on (debug_locks 1)");
	return 0;
}

/* Print the command stream instructions the model ran (model kernels). */
static void show_model_instructions(struct ctx *c)
{
	char path[PATH_MAX], line[256];
	FILE *f;

	if (path_fmt(path, "/sys/kernel/debug/dri/%s/model_instructions",
		     c->dev_name))
		return;
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		printf("TYR-MODEL-INSTR: %s", line);
	fclose(f);
}

static int step_no_leftovers(struct ctx *c)
{
	static char text[65536];
	char path[PATH_MAX], bad[256], d_state[sizeof(fail_reason)] = "";
	long long start;
	const char *p;
	int lines;
	size_t i;

	/* Both checks run: a stuck task and what it holds go together. */
	if (check_d_state())
		snprintf(d_state, sizeof(d_state), "%s", fail_reason);
	if (!c->dev_name && c->fd < 0) {
		msg("GPU device unknown (an earlier step failed): debugfs not checked");
		return d_state[0] ? fail("%s", d_state) : 0;
	}
	if (find_gpu_device(c))
		return -1;
	for (i = 0; i < sizeof(leftover_checks) / sizeof(leftover_checks[0]); i++) {
		if (path_fmt(path, "/sys/kernel/debug/dri/%s/%s", c->dev_name,
			     leftover_checks[i].file))
			return -1;
		start = clock_ns(CLOCK_MONOTONIC);
		for (;;) {
			if (leftover_scan(path, leftover_checks[i].allowed, 4,
					  text, sizeof(text), bad, sizeof(bad)))
				return -1;
			if (!bad[0] || elapsed_ms(start) >= LEFTOVER_GRACE_MS)
				break;
			sleep_ms(100);
		}
		if (bad[0]) {
			msg("%s:", path);
			fputs(text, stdout);
			return fail("%.100s%s%s left in %s: \"%.80s\"", d_state,
				    d_state[0] ? "; " : "",
				    leftover_checks[i].what, path, bad);
		}
		for (lines = 0, p = text; (p = strchr(p, '\n')); p++)
			lines++;
		msg("%s: no %s left (%d line(s), all allowed)", path,
		    leftover_checks[i].what, lines);
	}
	show_model_instructions(c);
	if (!d_state[0])
		return check_lockdep();
	/* Already reported by check_d_state(). */
	snprintf(fail_reason, sizeof(fail_reason), "%s", d_state);
	return -1;
}

static int check_enodev(struct ctx *c, __u32 type, const char *what)
{
	struct drm_panthor_gpu_info buf;
	__u32 size = sizeof(buf);

	errno = 0;
	if (dev_query(c->fd, type, &buf, &size) != -1 || errno != ENODEV)
		return fail("DEV_QUERY(%s) on the fd opened before unbind: %s, "
			    "expected ENODEV", what,
			    errno ? strerror(errno) : "success");
	return 0;
}

/*
 * Step: unbind the driver with the render node open (the fd must then give
 * ENODEV and the node, the driver link and the devfreq device must go), close
 * it, bind again: everything comes back and works.
 */
static int step_unbind_bind(struct ctx *c)
{
	char path[PATH_MAX], drv[PATH_MAX];
	struct ts_sample s;
	long long start;

	if (find_gpu_device(c))
		return -1;
	if (path_fmt(path, "%s/driver", c->dev_dir))
		return -1;
	if (!realpath(path, drv))
		return fail("%s: %s", path, strerror(errno));
	if (strcmp(strrchr(drv, '/') + 1, EXPECT_PLATFORM_DRIVER))
		return fail("%s is bound to %s, expected driver \"%s\"",
			    c->dev_name, drv, EXPECT_PLATFORM_DRIVER);

	if (sysfs_set(drv, "unbind", c->dev_name))
		return -1;
	msg("unbound %s from %s with %s open", c->dev_name, drv, c->node);
	if (!access(path, F_OK))
		return fail("%s still there after unbind", path);
	if (check_enodev(c, DRM_PANTHOR_DEV_QUERY_GPU_INFO, "GPU_INFO") ||
	    check_enodev(c, DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO,
			 "TIMESTAMP_INFO"))
		return -1;
	msg("queries on the old fd: ENODEV as expected");
	start = clock_ns(CLOCK_MONOTONIC);
	while (!access(c->node, F_OK)) {
		if (elapsed_ms(start) >= NODE_GONE_WAIT_MS)
			return fail("%s still there %d ms after unbind",
				    c->node, NODE_GONE_WAIT_MS);
		sleep_ms(10);
	}
	if (c->devfreq_dir[0] && !access(c->devfreq_dir, F_OK))
		return fail("%s still there after unbind", c->devfreq_dir);
	msg("%s removed%s", c->node,
	    c->devfreq_dir[0] ? ", devfreq device removed" : "");
	close(c->fd);
	c->fd = -1;

	if (sysfs_set(drv, "bind", c->dev_name))
		return -1;
	msg("bound %s to %s again", c->dev_name, drv);
	if (access(path, F_OK))
		return fail("%s missing after bind: %s", path, strerror(errno));
	if (step_open(c) || check_gpu_info(c) || query_timestamp(c, &s))
		return -1;
	if (c->devfreq_dir[0] && access(c->devfreq_dir, F_OK))
		return fail("%s missing after bind: %s", c->devfreq_dir,
			    strerror(errno));
	msg("after bind: GPU_INFO and TIMESTAMP_INFO work%s",
	    c->devfreq_dir[0] ? ", devfreq device back" : "");
	return 0;
}

/*
 * The steps, in order.  Add new ones (VM, BO, firmware, first job, ...)
 * before unbind-bind, which stays last: it replaces the render fd, and
 * whatever the driver held for the old one is gone.  Each returns 0 or
 * fail(...).  After a failed step, only those of after_failure[] run:
 * checks that tell more about the failure.
 */
static const struct {
	const char *name;
	int (*run)(struct ctx *c);
} steps[] = {
	{ "mount", step_mount },
	{ "open", step_open },
	{ "version", step_version },
	{ "gpu-info", step_gpu_info },
	{ "csif-info", step_csif_info },
	{ "priorities", step_priorities },
	{ "invalid-query", step_invalid_query },
	{ "runtime-pm", step_runtime_pm },
	{ "devfreq", step_devfreq },
	{ "gem", step_gem },
	{ "vm", step_vm },
	{ "tiler-heap", step_tiler_heap },
	{ "first-job", step_first_job },
	{ "mesa", step_mesa },
	{ "no-leftovers", step_no_leftovers },
	{ "system-sleep", step_system_sleep },
	{ "unbind-bind", step_unbind_bind },
};

static const char *const after_failure[] = { "no-leftovers" };

static bool runs_after_failure(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(after_failure) / sizeof(after_failure[0]); i++) {
		if (!strcmp(name, after_failure[i]))
			return true;
	}
	return false;
}

int main(int argc, char **argv)
{
	struct ctx c = { .node = RENDER_NODE, .fd = -1 };
	const char *failed = NULL;
	char failures[1024] = "";
	size_t i, len;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && argv[1][0] == '/')
		c.node = argv[1];
	else if (argc > 1) {
		printf("usage: %s [/dev/dri/renderDN]\n", argv[0]);
		return strcmp(argv[1], "-h") && strcmp(argv[1], "--help") ? 2 : 0;
	}

	msg("starting (pid %d)", (int)getpid());
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (failed && !runs_after_failure(steps[i].name))
			continue;
		msg("step %s", steps[i].name);
		if (steps[i].run(&c)) {
			len = strlen(failures);
			snprintf(failures + len, sizeof(failures) - len, "%s%s: %s",
				 failed ? "; " : "", steps[i].name, fail_reason);
			if (!failed)
				failed = steps[i].name;
		}
	}
	if (c.fd >= 0)
		close(c.fd);

	if (failed)
		printf("TYR-QEMU: FAIL (%s)\n", failures);
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
