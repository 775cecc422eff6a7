// SPDX-License-Identifier: GPL-2.0
/*
 * tyr-gles: a GLES 3 offscreen render loop through Debian's Mesa on the Tyr
 * render node.
 *
 * Default: surfaceless EGL platform, a framebuffer object with a 256x256
 * RGBA8 colour attachment.  With --gbm: GBM platform, a 256x256 GBM window
 * surface, eglSwapBuffers each frame and the front buffer locked and
 * released, so the surface never runs out of buffers.  Each frame: glClear,
 * one triangle (glDrawArrays), glReadPixels of the whole target, glFinish.
 *
 * Prints "TYR-MESA: gles-fbo running" (or gles-gbm) after the first frame,
 * then "TYR-MESA: gles-fbo frames=N fps=X.X ..." at the end.
 *
 * Usage: tyr-gles [--gbm] [--frames N]
 */

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <unistd.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES3/gl3.h>
#include <gbm.h>

#include "tyr-mesa.h"

#define WIDTH		256
#define HEIGHT		256
#define DEFAULT_FRAMES	10

static const char vs_src[] =
	"#version 300 es\n"
	"layout(location = 0) in vec2 pos;\n"
	"uniform float angle;\n"
	"void main()\n"
	"{\n"
	"	mat2 r = mat2(cos(angle), sin(angle), -sin(angle), cos(angle));\n"
	"	gl_Position = vec4(r * pos, 0.0, 1.0);\n"
	"}\n";

static const char fs_src[] =
	"#version 300 es\n"
	"precision mediump float;\n"
	"uniform vec4 color;\n"
	"out vec4 frag;\n"
	"void main()\n"
	"{\n"
	"	frag = color;\n"
	"}\n";

static const GLfloat triangle[] = {
	0.0f, 0.8f,  -0.7f, -0.6f,  0.7f, -0.6f,
};

struct gles {
	bool gbm_mode;
	int fd;
	struct gbm_device *gbm;
	struct gbm_surface *gbm_surf;
	EGLDisplay dpy;
	EGLConfig cfg;
	EGLContext ctx;
	EGLSurface surf;
	GLuint fbo, rb, vbo, vao, prog;
	GLint angle_loc, color_loc;
	unsigned char *pixels;
};

static const char *egl_error(void)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "EGL error 0x%x", eglGetError());
	return buf;
}

static void gl_check(const char *what)
{
	GLenum err = glGetError();

	if (err != GL_NO_ERROR)
		tm_fail("%s: GL error 0x%x", what, err);
}

static GLuint compile(GLenum type, const char *src, const char *what)
{
	GLuint sh = glCreateShader(type);
	char log[1024] = "";
	GLint ok = 0;

	if (!sh)
		tm_fail("glCreateShader(%s): GL error 0x%x", what, glGetError());
	glShaderSource(sh, 1, &src, NULL);
	glCompileShader(sh);
	glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		glGetShaderInfoLog(sh, sizeof(log), NULL, log);
		tm_fail("compiling the %s shader: %s", what, log);
	}
	gl_check("compiling a shader");
	return sh;
}

static void make_program(struct gles *g)
{
	GLuint vs = compile(GL_VERTEX_SHADER, vs_src, "vertex");
	GLuint fs = compile(GL_FRAGMENT_SHADER, fs_src, "fragment");
	char log[1024] = "";
	GLint ok = 0;

	g->prog = glCreateProgram();
	glAttachShader(g->prog, vs);
	glAttachShader(g->prog, fs);
	glLinkProgram(g->prog);
	glGetProgramiv(g->prog, GL_LINK_STATUS, &ok);
	if (!ok) {
		glGetProgramInfoLog(g->prog, sizeof(log), NULL, log);
		tm_fail("linking the program: %s", log);
	}
	glDeleteShader(vs);
	glDeleteShader(fs);
	g->angle_loc = glGetUniformLocation(g->prog, "angle");
	g->color_loc = glGetUniformLocation(g->prog, "color");
	if (g->angle_loc < 0 || g->color_loc < 0)
		tm_fail("uniforms not found in the program");
	gl_check("linking the program");

	glGenBuffers(1, &g->vbo);
	glBindBuffer(GL_ARRAY_BUFFER, g->vbo);
	glBufferData(GL_ARRAY_BUFFER, sizeof(triangle), triangle,
		     GL_STATIC_DRAW);
	glGenVertexArrays(1, &g->vao);
	glBindVertexArray(g->vao);
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, NULL);
	glEnableVertexAttribArray(0);
	gl_check("vertex buffer and array");
}

static void setup_fbo(struct gles *g)
{
	GLenum status;

	glGenRenderbuffers(1, &g->rb);
	glBindRenderbuffer(GL_RENDERBUFFER, g->rb);
	glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, WIDTH, HEIGHT);
	glGenFramebuffers(1, &g->fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, g->fbo);
	glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
				  GL_RENDERBUFFER, g->rb);
	status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
	if (status != GL_FRAMEBUFFER_COMPLETE)
		tm_fail("framebuffer incomplete: 0x%x", status);
	gl_check("framebuffer object");
}

/* A config whose native visual is the GBM surface's format. */
static EGLConfig gbm_config(EGLDisplay dpy, uint32_t format)
{
	static const EGLint attrs[] = {
		EGL_SURFACE_TYPE, EGL_WINDOW_BIT,
		EGL_RENDERABLE_TYPE, EGL_OPENGL_ES3_BIT,
		EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8,
		EGL_NONE,
	};
	EGLConfig cfgs[64];
	EGLint n = 0, i, id;

	if (!eglChooseConfig(dpy, attrs, cfgs, 64, &n))
		tm_fail("eglChooseConfig: %s", egl_error());
	for (i = 0; i < n; i++) {
		if (!eglGetConfigAttrib(dpy, cfgs[i], EGL_NATIVE_VISUAL_ID, &id))
			tm_fail("eglGetConfigAttrib: %s", egl_error());
		if ((uint32_t)id == format)
			return cfgs[i];
	}
	tm_fail("no window config with native visual 0x%x among %d", format, n);
}

static void setup(struct gles *g)
{
	static const EGLint ctx_attrs[] = {
		EGL_CONTEXT_MAJOR_VERSION, 3,
		EGL_NONE,
	};
	static const EGLint any_attrs[] = {
		EGL_RENDERABLE_TYPE, EGL_OPENGL_ES3_BIT,
		EGL_SURFACE_TYPE, EGL_DONT_CARE,
		EGL_NONE,
	};
	const uint32_t format = GBM_FORMAT_XRGB8888;
	const char *renderer;
	EGLint major, minor, n = 0;

	if (g->gbm_mode) {
		g->fd = open(TM_RENDER_NODE, O_RDWR | O_CLOEXEC);
		if (g->fd < 0)
			tm_fail("open %s: %s", TM_RENDER_NODE, strerror(errno));
		g->gbm = gbm_create_device(g->fd);
		if (!g->gbm)
			tm_fail("gbm_create_device: %s", strerror(errno));
		g->dpy = eglGetPlatformDisplay(EGL_PLATFORM_GBM_KHR, g->gbm, NULL);
	} else {
		g->dpy = eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA,
					       EGL_DEFAULT_DISPLAY, NULL);
	}
	if (g->dpy == EGL_NO_DISPLAY)
		tm_fail("eglGetPlatformDisplay: %s", egl_error());
	if (!eglInitialize(g->dpy, &major, &minor))
		tm_fail("eglInitialize: %s", egl_error());
	if (!eglBindAPI(EGL_OPENGL_ES_API))
		tm_fail("eglBindAPI: %s", egl_error());

	if (g->gbm_mode) {
		g->cfg = gbm_config(g->dpy, format);
		g->gbm_surf = gbm_surface_create(g->gbm, WIDTH, HEIGHT, format,
						 GBM_BO_USE_RENDERING);
		if (!g->gbm_surf)
			tm_fail("gbm_surface_create: %s", strerror(errno));
		g->surf = eglCreatePlatformWindowSurface(g->dpy, g->cfg,
							 g->gbm_surf, NULL);
		if (g->surf == EGL_NO_SURFACE)
			tm_fail("eglCreatePlatformWindowSurface: %s",
				egl_error());
	} else {
		if (!eglChooseConfig(g->dpy, any_attrs, &g->cfg, 1, &n))
			tm_fail("eglChooseConfig: %s", egl_error());
		if (!n)
			tm_fail("no GLES 3 config");
		g->surf = EGL_NO_SURFACE;
	}
	g->ctx = eglCreateContext(g->dpy, g->cfg, EGL_NO_CONTEXT, ctx_attrs);
	if (g->ctx == EGL_NO_CONTEXT)
		tm_fail("eglCreateContext: %s", egl_error());
	if (!eglMakeCurrent(g->dpy, g->surf, g->surf, g->ctx))
		tm_fail("eglMakeCurrent: %s", egl_error());
	renderer = (const char *)glGetString(GL_RENDERER);
	if (!renderer || !strstr(renderer, TM_GPU_NAME))
		tm_fail("GL_RENDERER \"%s\" does not name the %s",
			renderer ?: "(null)", TM_GPU_NAME);

	if (!g->gbm_mode)
		setup_fbo(g);
	make_program(g);
	glViewport(0, 0, WIDTH, HEIGHT);
	gl_check("viewport");
	g->pixels = malloc(WIDTH * HEIGHT * 4);
	if (!g->pixels)
		tm_fail("out of memory");
}

static void frame(struct gles *g, unsigned int i)
{
	struct gbm_bo *bo;

	glClearColor((i % 8) / 8.0f, 0.25f, 0.5f, 1.0f);
	glClear(GL_COLOR_BUFFER_BIT);
	glUseProgram(g->prog);
	glUniform1f(g->angle_loc, i * 0.1f);
	glUniform4f(g->color_loc, 1.0f, 0.5f, (i % 4) / 4.0f, 1.0f);
	glDrawArrays(GL_TRIANGLES, 0, 3);
	glReadPixels(0, 0, WIDTH, HEIGHT, GL_RGBA, GL_UNSIGNED_BYTE, g->pixels);
	glFinish();
	gl_check("frame");
	if (!g->gbm_mode)
		return;

	if (!eglSwapBuffers(g->dpy, g->surf))
		tm_fail("eglSwapBuffers (frame %u): %s", i, egl_error());
	bo = gbm_surface_lock_front_buffer(g->gbm_surf);
	if (!bo)
		tm_fail("gbm_surface_lock_front_buffer (frame %u): %s", i,
			strerror(errno));
	if (gbm_bo_get_width(bo) != WIDTH || gbm_bo_get_height(bo) != HEIGHT)
		tm_fail("front buffer is %ux%u", gbm_bo_get_width(bo),
			gbm_bo_get_height(bo));
	gbm_surface_release_buffer(g->gbm_surf, bo);
	if (!gbm_surface_has_free_buffers(g->gbm_surf))
		tm_fail("GBM surface out of buffers after frame %u", i);
}

static void teardown(struct gles *g)
{
	glDeleteVertexArrays(1, &g->vao);
	glDeleteBuffers(1, &g->vbo);
	glDeleteProgram(g->prog);
	if (!g->gbm_mode) {
		glDeleteFramebuffers(1, &g->fbo);
		glDeleteRenderbuffers(1, &g->rb);
	}
	gl_check("deleting the GL objects");
	if (!eglMakeCurrent(g->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
			    EGL_NO_CONTEXT))
		tm_fail("eglMakeCurrent(EGL_NO_CONTEXT): %s", egl_error());
	if (!eglDestroyContext(g->dpy, g->ctx))
		tm_fail("eglDestroyContext: %s", egl_error());
	if (g->surf != EGL_NO_SURFACE && !eglDestroySurface(g->dpy, g->surf))
		tm_fail("eglDestroySurface: %s", egl_error());
	if (!eglTerminate(g->dpy))
		tm_fail("eglTerminate: %s", egl_error());
	if (!eglReleaseThread())
		tm_fail("eglReleaseThread: %s", egl_error());
	if (g->gbm_mode) {
		gbm_surface_destroy(g->gbm_surf);
		gbm_device_destroy(g->gbm);
		close(g->fd);
	}
	free(g->pixels);
}

int main(int argc, char **argv)
{
	unsigned int frames = DEFAULT_FRAMES, i;
	struct gles g = { .fd = -1 };
	double t0, t1, t2;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--gbm"))
			g.gbm_mode = true;
		else if (!strcmp(argv[a], "--frames"))
			frames = tm_count(argv[a], argv[a + 1]), a++;
		else
			tm_fail("usage: tyr-gles [--gbm] [--frames N]");
	}
	tm_init(g.gbm_mode ? "gles-gbm" : "gles-fbo");

	t0 = tm_now();
	setup(&g);
	t1 = tm_now();
	frame(&g, 0);
	t2 = tm_now();
	tm_say("running (setup %.2f s, first frame %.2f s)", t1 - t0, t2 - t1);
	for (i = 1; i < frames; i++)
		frame(&g, i);
	t2 = tm_now();
	teardown(&g);
	tm_say("frames=%u fps=%.1f setup=%.2fs", frames, frames / (t2 - t1),
	       t1 - t0);
	return 0;
}
