// SPDX-License-Identifier: GPL-2.0
/*
 * tyr-egl: EGL through Debian's Mesa on the Tyr render node.
 *
 * Lists the EGL client extensions and platforms, enumerates the EGL devices
 * (EGL_EXT_device_enumeration) with their DRM device files, then on each of
 * the surfaceless, device and GBM platforms: eglInitialize, a GLES 3 context
 * made current without a surface (EGL_KHR_surfaceless_context), and checks
 * GL_RENDERER ("Mali-G610") and GL_VERSION ("OpenGL ES 3.").
 *
 * Usage: tyr-egl
 */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES3/gl3.h>
#include <gbm.h>

#include "tyr-mesa.h"

#define MAX_DEVICES	16

static PFNEGLQUERYDEVICESEXTPROC query_devices;
static PFNEGLQUERYDEVICESTRINGEXTPROC query_device_string;

#define ERROR(e)	{ e, #e }
static const struct {
	EGLint error;
	const char *name;
} egl_errors[] = {
	ERROR(EGL_SUCCESS),
	ERROR(EGL_NOT_INITIALIZED),
	ERROR(EGL_BAD_ACCESS),
	ERROR(EGL_BAD_ALLOC),
	ERROR(EGL_BAD_ATTRIBUTE),
	ERROR(EGL_BAD_CONFIG),
	ERROR(EGL_BAD_CONTEXT),
	ERROR(EGL_BAD_DISPLAY),
	ERROR(EGL_BAD_MATCH),
	ERROR(EGL_BAD_PARAMETER),
	ERROR(EGL_BAD_SURFACE),
	ERROR(EGL_BAD_DEVICE_EXT),
};
#undef ERROR

static const char *egl_error(void)
{
	static char buf[32];
	EGLint err = eglGetError();
	size_t i;

	for (i = 0; i < sizeof(egl_errors) / sizeof(egl_errors[0]); i++) {
		if (egl_errors[i].error == err)
			return egl_errors[i].name;
	}
	snprintf(buf, sizeof(buf), "EGL error 0x%x", err);
	return buf;
}

static void need_ext(const char *exts, const char *ext)
{
	if (!tm_has_word(exts, ext))
		tm_fail("no %s", ext);
}

/* One device's DRM file names; NULL where the device has none. */
static void device_files(EGLDeviceEXT dev, const char **node, const char **render)
{
	const char *exts = query_device_string(dev, EGL_EXTENSIONS);

	*node = NULL;
	*render = NULL;
	if (!exts)
		tm_fail("eglQueryDeviceStringEXT(EGL_EXTENSIONS): %s", egl_error());
	if (tm_has_word(exts, "EGL_EXT_device_drm"))
		*node = query_device_string(dev, EGL_DRM_DEVICE_FILE_EXT);
	if (tm_has_word(exts, "EGL_EXT_device_drm_render_node"))
		*render = query_device_string(dev, EGL_DRM_RENDER_NODE_FILE_EXT);
	/* Drop the error of a device without a primary node. */
	eglGetError();
}

/* Enumerate the devices; return the one whose render node is ours. */
static EGLDeviceEXT find_device(void)
{
	EGLDeviceEXT devs[MAX_DEVICES], found = EGL_NO_DEVICE_EXT;
	const char *node, *render, *exts;
	EGLint n, i;

	if (!query_devices(MAX_DEVICES, devs, &n))
		tm_fail("eglQueryDevicesEXT: %s", egl_error());
	tm_say("devices: %d", n);
	for (i = 0; i < n; i++) {
		exts = query_device_string(devs[i], EGL_EXTENSIONS);
		device_files(devs[i], &node, &render);
		tm_say("device %d: drm-device-file=%s render-node-file=%s extensions: %s",
		       i, node ?: "(none)", render ?: "(none)", exts ?: "");
		if (render && !strcmp(render, TM_RENDER_NODE))
			found = devs[i];
	}
	if (found == EGL_NO_DEVICE_EXT)
		tm_fail("no EGL device with render node %s", TM_RENDER_NODE);
	return found;
}

/* Initialize @dpy, run GLES 3 on it without a surface, terminate it. */
static void check_display(const char *platform, EGLDisplay dpy)
{
	static const EGLint cfg_attrs[] = {
		EGL_RENDERABLE_TYPE, EGL_OPENGL_ES3_BIT,
		EGL_SURFACE_TYPE, EGL_DONT_CARE,
		EGL_NONE,
	};
	static const EGLint ctx_attrs[] = {
		EGL_CONTEXT_MAJOR_VERSION, 3,
		EGL_NONE,
	};
	const char *vendor, *renderer, *version, *exts;
	EGLConfig cfg = NULL;
	EGLint major, minor, ncfg = 0;
	EGLContext ctx;
	GLenum err;

	if (dpy == EGL_NO_DISPLAY)
		tm_fail("%s: eglGetPlatformDisplay: %s", platform, egl_error());
	if (!eglInitialize(dpy, &major, &minor))
		tm_fail("%s: eglInitialize: %s", platform, egl_error());
	exts = eglQueryString(dpy, EGL_EXTENSIONS);
	tm_say("%s: EGL %d.%d, vendor \"%s\", client APIs \"%s\"", platform,
	       major, minor, eglQueryString(dpy, EGL_VENDOR),
	       eglQueryString(dpy, EGL_CLIENT_APIS));
	tm_say("%s: display extensions: %s", platform, exts ?: "");
	if (!tm_has_word(exts, "EGL_KHR_surfaceless_context"))
		tm_fail("%s: no EGL_KHR_surfaceless_context", platform);

	if (!eglChooseConfig(dpy, cfg_attrs, &cfg, 1, &ncfg))
		tm_fail("%s: eglChooseConfig: %s", platform, egl_error());
	if (!ncfg)
		tm_fail("%s: no GLES 3 config", platform);
	if (!eglBindAPI(EGL_OPENGL_ES_API))
		tm_fail("%s: eglBindAPI: %s", platform, egl_error());
	ctx = eglCreateContext(dpy, cfg, EGL_NO_CONTEXT, ctx_attrs);
	if (ctx == EGL_NO_CONTEXT)
		tm_fail("%s: eglCreateContext(GLES 3): %s", platform, egl_error());
	if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx))
		tm_fail("%s: eglMakeCurrent without surface: %s", platform,
			egl_error());

	vendor = (const char *)glGetString(GL_VENDOR);
	renderer = (const char *)glGetString(GL_RENDERER);
	version = (const char *)glGetString(GL_VERSION);
	err = glGetError();
	tm_say("%s: GL_VENDOR \"%s\" GL_RENDERER \"%s\" GL_VERSION \"%s\"",
	       platform, vendor ?: "(null)", renderer ?: "(null)",
	       version ?: "(null)");
	if (err != GL_NO_ERROR)
		tm_fail("%s: glGetString: GL error 0x%x", platform, err);
	if (!renderer || !strstr(renderer, TM_GPU_NAME))
		tm_fail("%s: GL_RENDERER \"%s\" does not name the %s", platform,
			renderer ?: "(null)", TM_GPU_NAME);
	if (!version || strncmp(version, "OpenGL ES 3.", 12))
		tm_fail("%s: GL_VERSION \"%s\" is not OpenGL ES 3.x", platform,
			version ?: "(null)");

	glClearColor(0.25f, 0.5f, 0.75f, 1.0f);
	glFinish();
	err = glGetError();
	if (err != GL_NO_ERROR)
		tm_fail("%s: glFinish: GL error 0x%x", platform, err);

	if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT))
		tm_fail("%s: eglMakeCurrent(EGL_NO_CONTEXT): %s", platform,
			egl_error());
	if (!eglDestroyContext(dpy, ctx))
		tm_fail("%s: eglDestroyContext: %s", platform, egl_error());
	if (!eglTerminate(dpy))
		tm_fail("%s: eglTerminate: %s", platform, egl_error());
	tm_say("%s: ok", platform);
}

int main(int argc, char **argv)
{
	static const char *const platforms[] = {
		"EGL_MESA_platform_surfaceless", "EGL_EXT_platform_device",
		"EGL_KHR_platform_gbm", "EGL_MESA_platform_gbm",
		"EGL_KHR_platform_wayland", "EGL_EXT_platform_wayland",
		"EGL_KHR_platform_x11", "EGL_EXT_platform_x11",
		"EGL_EXT_platform_xcb",
	};
	struct gbm_device *gbm;
	const char *exts;
	EGLDeviceEXT dev;
	size_t i;
	int fd;

	(void)argv;
	tm_init("egl");
	if (argc > 1)
		tm_fail("usage: tyr-egl");

	exts = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
	if (!exts)
		tm_fail("eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS): %s",
			egl_error());
	tm_say("client extensions: %s", exts);
	for (i = 0; i < sizeof(platforms) / sizeof(platforms[0]); i++) {
		if (tm_has_word(exts, platforms[i]))
			tm_say("platform: %s", platforms[i]);
	}
	need_ext(exts, "EGL_EXT_device_enumeration");
	need_ext(exts, "EGL_EXT_device_query");
	need_ext(exts, "EGL_MESA_platform_surfaceless");
	need_ext(exts, "EGL_EXT_platform_device");
	need_ext(exts, "EGL_KHR_platform_gbm");

	query_devices = (PFNEGLQUERYDEVICESEXTPROC)
		eglGetProcAddress("eglQueryDevicesEXT");
	query_device_string = (PFNEGLQUERYDEVICESTRINGEXTPROC)
		eglGetProcAddress("eglQueryDeviceStringEXT");
	if (!query_devices || !query_device_string)
		tm_fail("no eglQueryDevicesEXT/eglQueryDeviceStringEXT");
	dev = find_device();

	check_display("surfaceless",
		      eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA,
					    EGL_DEFAULT_DISPLAY, NULL));
	check_display("device",
		      eglGetPlatformDisplay(EGL_PLATFORM_DEVICE_EXT, dev, NULL));

	fd = open(TM_RENDER_NODE, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		tm_fail("open %s: %s", TM_RENDER_NODE, strerror(errno));
	gbm = gbm_create_device(fd);
	if (!gbm)
		tm_fail("gbm_create_device(%s): %s", TM_RENDER_NODE,
			strerror(errno));
	tm_say("gbm: backend \"%s\"", gbm_device_get_backend_name(gbm));
	check_display("gbm",
		      eglGetPlatformDisplay(EGL_PLATFORM_GBM_KHR, gbm, NULL));
	gbm_device_destroy(gbm);
	close(fd);

	if (!eglReleaseThread())
		tm_fail("eglReleaseThread: %s", egl_error());
	tm_say("PASS");
	return 0;
}
