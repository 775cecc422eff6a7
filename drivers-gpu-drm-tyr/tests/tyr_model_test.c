// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of the Mali-G610 model on its own, through its registers.
 */

#include <linux/atomic.h>

#include <kunit/test.h>

#include "../tyr_model.h"
#include "../tyr_regs.h"
#include "tyr_test.h"

#define GPU_REG(r)	(TYR_GPU_IRQ_BASE + (r))

/* Wait up to a second for (@reg & @mask) == @val. */
static bool tyr_model_test_wait(struct tyr_model *model, u32 reg, u32 mask,
				u32 val)
{
	return tyr_test_wait_until((tyr_model_read(model, reg) & mask) == val,
				   1000);
}

static void tyr_model_test_identity(struct kunit *test)
{
	struct tyr_model *model = tyr_test_model_create(test, NULL);

	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_GPU_ID), 0xa8670005);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_L2_FEATURES), 0x07120306);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_TILER_FEATURES), 0x809);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_MEM_FEATURES), 0x301);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_MMU_FEATURES), 0x2830);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_PRESENT), 0xff);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_CSF_ID), 0x040a0412);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_THREAD_MAX_THREADS), 2048);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_THREAD_MAX_WG_SIZE), 1024);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_THREAD_FEATURES),
			0x04010000);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_TEXTURE_FEATURES(0)),
			0xc1ffff9e);
	KUNIT_EXPECT_EQ(test,
			tyr_model_read(model, TYR_PWR_PRESENT(TYR_PWR_SHADER)),
			0x50005);
	KUNIT_EXPECT_EQ(test,
			tyr_model_read(model, TYR_HI(TYR_PWR_PRESENT(TYR_PWR_SHADER))),
			0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_PRESENT(TYR_PWR_TILER)),
			1);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_PRESENT(TYR_PWR_L2)),
			1);
	/* Nothing is powered at first. */
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_READY(TYR_PWR_L2)), 0);
}

static void tyr_model_test_bad_accesses(struct kunit *test)
{
	struct tyr_model *model = tyr_test_model_create(test, NULL);
	struct tyr_model_stats stats;

	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_REG_WINDOW_SIZE), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_GPU_ID + 2), 0);
	tyr_model_write(model, TYR_REG_WINDOW_SIZE + 0x100, 1);
	tyr_model_write(model, TYR_GPU_ID, 0);
	tyr_model_write(model, GPU_REG(TYR_IRQ_STAT), ~0u);

	tyr_model_get_stats(model, &stats);
	KUNIT_EXPECT_EQ(test, stats.bad_accesses, 3);
	KUNIT_EXPECT_EQ(test, stats.ro_writes, 2);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_GPU_ID), 0xa8670005);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_STAT)), 0);
}

struct tyr_irq_probe {
	struct tyr_model *model;
	u32 base;
	bool clear;
	atomic_t primary;
	atomic_t threaded;
	atomic_t seen;
	atomic_t irqs_enabled;
};

static irqreturn_t tyr_irq_probe_primary(int line, void *data)
{
	struct tyr_irq_probe *probe = data;

	atomic_inc(&probe->primary);
	if (!irqs_disabled())
		atomic_inc(&probe->irqs_enabled);

	if (!tyr_model_read(probe->model, probe->base + TYR_IRQ_STAT))
		return IRQ_NONE;

	return IRQ_WAKE_THREAD;
}

static irqreturn_t tyr_irq_probe_thread(int line, void *data)
{
	struct tyr_irq_probe *probe = data;
	u32 stat = tyr_model_read(probe->model, probe->base + TYR_IRQ_STAT);

	atomic_inc(&probe->threaded);
	atomic_or(stat, &probe->seen);
	if (probe->clear)
		tyr_model_write(probe->model, probe->base + TYR_IRQ_CLEAR, stat);

	return IRQ_HANDLED;
}

static void tyr_irq_probe_detach(void *data)
{
	struct tyr_irq_probe *probe = data;

	tyr_model_irq_detach(probe->model, TYR_IRQ_JOB);
}

static struct tyr_irq_probe *tyr_irq_probe_attach(struct kunit *test,
						  struct tyr_model *model,
						  bool clear)
{
	struct tyr_irq_probe *probe;

	probe = kunit_kzalloc(test, sizeof(*probe), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, probe);
	probe->model = model;
	probe->base = TYR_JOB_IRQ_BASE;
	probe->clear = clear;

	KUNIT_ASSERT_EQ(test, 0,
			tyr_model_irq_attach(model, TYR_IRQ_JOB,
					     tyr_irq_probe_primary,
					     tyr_irq_probe_thread, probe));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   tyr_irq_probe_detach,
							   probe));
	return probe;
}

static void tyr_model_test_irq_contract(struct kunit *test)
{
	struct tyr_model *model = tyr_test_model_create(test, NULL);
	struct tyr_irq_probe *probe = tyr_irq_probe_attach(test, model, true);
	u32 base = TYR_JOB_IRQ_BASE;

	/* Masked: latched in RAWSTAT, invisible in STAT, not delivered. */
	tyr_model_raise(model, TYR_IRQ_JOB, BIT(3) | BIT(31));
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, base + TYR_IRQ_RAWSTAT),
			BIT(3) | BIT(31));
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, base + TYR_IRQ_STAT), 0);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&probe->primary), 0);

	/* CLEAR drops only the bits written. */
	tyr_model_write(model, base + TYR_IRQ_CLEAR, BIT(3));
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, base + TYR_IRQ_RAWSTAT),
			BIT(31));

	/* Unmasking an event asserts the line: delivered, then cleared. */
	tyr_model_write(model, base + TYR_IRQ_MASK, BIT(31));
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, base + TYR_IRQ_MASK), BIT(31));
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until((u32)atomic_read(&probe->seen) ==
						    BIT(31), 1000));
	KUNIT_EXPECT_TRUE(test, tyr_model_test_wait(model, base + TYR_IRQ_RAWSTAT,
						    ~0u, 0));
	KUNIT_EXPECT_GE(test, atomic_read(&probe->threaded), 1);
	/* The primary handler runs as in hard interrupt context. */
	KUNIT_EXPECT_EQ(test, atomic_read(&probe->irqs_enabled), 0);

	/* An unmasked event is delivered when it is raised. */
	tyr_model_write(model, base + TYR_IRQ_MASK, ~0u);
	tyr_model_raise(model, TYR_IRQ_JOB, BIT(5));
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until((u32)atomic_read(&probe->seen) &
						    BIT(5), 1000));

	/* Only one set of handlers per line. */
	KUNIT_EXPECT_EQ(test, -EBUSY,
			tyr_model_irq_attach(model, TYR_IRQ_JOB,
					     tyr_irq_probe_primary, NULL, probe));
	KUNIT_EXPECT_TRUE(test, tyr_model_irq_attached(model, TYR_IRQ_JOB));
	KUNIT_EXPECT_FALSE(test, tyr_model_irq_attached(model, TYR_IRQ_GPU));
}

/* A handler that never clears its event sees the line stay asserted. */
static void tyr_model_test_irq_level(struct kunit *test)
{
	struct tyr_model *model = tyr_test_model_create(test, NULL);
	struct tyr_irq_probe *probe = tyr_irq_probe_attach(test, model, false);
	struct tyr_model_stats stats;

	tyr_model_write(model, TYR_JOB_IRQ_BASE + TYR_IRQ_MASK, BIT(0));
	tyr_model_raise(model, TYR_IRQ_JOB, BIT(0));

	KUNIT_EXPECT_TRUE(test,
			  tyr_test_wait_until(atomic_read(&probe->threaded) >= 1000,
					      5000));
	msleep(20);
	tyr_model_get_stats(model, &stats);
	/* The model gives up on a stuck line instead of looping forever. */
	KUNIT_EXPECT_EQ(test, stats.irqs_delivered[TYR_IRQ_JOB], 1000);
	KUNIT_EXPECT_EQ(test, atomic_read(&probe->threaded), 1000);
}

static void tyr_model_test_reset(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model *model;
	struct tyr_model_stats stats;

	cfg.reset_delay_us = 20000;
	model = tyr_test_model_create(test, &cfg);

	/* Power the L2 and program masks: the reset must undo it. */
	tyr_model_write(model, TYR_PWR_PWRON(TYR_PWR_L2), 1);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(model, TYR_PWR_READY(TYR_PWR_L2),
						    ~0u, 1));
	tyr_model_write(model, TYR_JOB_IRQ_BASE + TYR_IRQ_MASK, ~0u);
	tyr_model_write(model, GPU_REG(TYR_IRQ_MASK), TYR_GPU_IRQ_RESET_COMPLETED);
	tyr_model_write(model, GPU_REG(TYR_IRQ_CLEAR), ~0u);

	tyr_model_write(model, TYR_GPU_COMMAND, TYR_GPU_CMD_SOFT_RESET);
	/* Not instantaneous. */
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_RAWSTAT)), 0);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(model, GPU_REG(TYR_IRQ_RAWSTAT),
						    TYR_GPU_IRQ_RESET_COMPLETED,
						    TYR_GPU_IRQ_RESET_COMPLETED));

	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_READY(TYR_PWR_L2)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_JOB_IRQ_BASE + TYR_IRQ_MASK),
			0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_MASK)),
			TYR_GPU_IRQ_RESET_COMPLETED);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_STAT)),
			TYR_GPU_IRQ_RESET_COMPLETED);

	tyr_model_get_stats(model, &stats);
	KUNIT_EXPECT_EQ(test, stats.resets, 1);
}

static void tyr_model_test_reset_hangs(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model *model;

	cfg.reset_hangs = true;
	model = tyr_test_model_create(test, &cfg);

	tyr_model_write(model, TYR_GPU_COMMAND, TYR_GPU_CMD_HARD_RESET);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_RAWSTAT)) &
			TYR_GPU_IRQ_RESET_COMPLETED, 0);
}

static void tyr_model_test_power(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model *model;
	struct tyr_model_stats stats;
	u32 shader_on = TYR_PWR_PWRON(TYR_PWR_SHADER);

	cfg.pwr_delay_us[TYR_PWR_SHADER] = 20000;
	model = tyr_test_model_create(test, &cfg);

	/* Cores that do not exist are ignored. */
	tyr_model_write(model, shader_on, 0x2);
	tyr_model_write(model, TYR_HI(shader_on), 0x1);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_PWRTRANS(TYR_PWR_SHADER)),
			0);

	/* A transition shows in PWRTRANS, then in READY. */
	tyr_model_write(model, shader_on, 0x50005);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_PWRTRANS(TYR_PWR_SHADER)),
			0x50005);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_READY(TYR_PWR_SHADER)),
			0);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(model,
						    TYR_PWR_READY(TYR_PWR_SHADER),
						    ~0u, 0x50005));
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_PWRTRANS(TYR_PWR_SHADER)),
			0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_RAWSTAT)),
			TYR_GPU_IRQ_POWER_CHANGED | TYR_GPU_IRQ_POWER_CHANGED_ALL);

	/* Power two cores off. */
	tyr_model_write(model, TYR_PWR_PWROFF(TYR_PWR_SHADER), 0x5);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(model,
						    TYR_PWR_READY(TYR_PWR_SHADER),
						    ~0u, 0x50000));

	tyr_model_get_stats(model, &stats);
	KUNIT_EXPECT_EQ(test, stats.pwr_transitions[TYR_PWR_SHADER], 2);
	KUNIT_EXPECT_EQ(test, stats.pwr_transitions[TYR_PWR_L2], 0);
}

static void tyr_model_test_power_stuck(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model *model;

	cfg.stuck_domains = BIT(TYR_PWR_L2);
	model = tyr_test_model_create(test, &cfg);

	tyr_model_write(model, TYR_PWR_PWRON(TYR_PWR_L2), 1);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_PWRTRANS(TYR_PWR_L2)), 1);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_READY(TYR_PWR_L2)), 0);

	/* Other domains are unaffected. */
	tyr_model_write(model, TYR_PWR_PWRON(TYR_PWR_TILER), 1);
	KUNIT_EXPECT_TRUE(test, tyr_model_test_wait(model,
						    TYR_PWR_READY(TYR_PWR_TILER),
						    ~0u, 1));
}

static void tyr_model_test_flush(struct kunit *test)
{
	struct tyr_model *model = tyr_test_model_create(test, NULL);
	struct tyr_model_stats stats;

	tyr_model_write(model, TYR_GPU_COMMAND, 0x30304);
	KUNIT_EXPECT_TRUE(test, tyr_model_test_wait(model, GPU_REG(TYR_IRQ_RAWSTAT),
						    TYR_GPU_IRQ_CLEAN_CACHES_DONE,
						    TYR_GPU_IRQ_CLEAN_CACHES_DONE));
	tyr_model_get_stats(model, &stats);
	KUNIT_EXPECT_EQ(test, stats.flushes, 1);
}

static void tyr_model_test_timestamp(struct kunit *test)
{
	struct tyr_model *model = tyr_test_model_create(test, NULL);
	u64 t0, t1;

	t0 = tyr_model_read(model, TYR_TIMESTAMP) |
	     (u64)tyr_model_read(model, TYR_HI(TYR_TIMESTAMP)) << 32;
	msleep(20);
	t1 = tyr_model_read(model, TYR_TIMESTAMP) |
	     (u64)tyr_model_read(model, TYR_HI(TYR_TIMESTAMP)) << 32;

	/* 20 ms at 24 MHz is 480000 ticks. */
	KUNIT_EXPECT_GE(test, t1 - t0, 480000);

	tyr_model_write(model, TYR_HI(TYR_TIMESTAMP_OFFSET), 1);
	KUNIT_EXPECT_GE(test, tyr_model_read(model, TYR_HI(TYR_TIMESTAMP)),
			(u32)(t1 >> 32) + 1);
}

static void tyr_model_test_power_loss(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model *model;
	struct tyr_model_stats stats;
	u32 l2_ready = TYR_PWR_READY(TYR_PWR_L2);

	/* A shader transition still running when the power goes. */
	cfg.pwr_delay_us[TYR_PWR_SHADER] = 50000;
	model = tyr_test_model_create(test, &cfg);
	KUNIT_EXPECT_TRUE(test, tyr_model_powered(model));

	tyr_model_write(model, GPU_REG(TYR_IRQ_MASK), 0xffff);
	tyr_model_write(model, TYR_PWR_PWRON(TYR_PWR_L2), 0x1);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(model, l2_ready, ~0u, 0x1));
	tyr_model_write(model, TYR_PWR_PWRON(TYR_PWR_SHADER), 0x50005);
	tyr_model_write(model, TYR_TIMESTAMP_OFFSET, 1234);

	tyr_model_set_power(model, false);
	KUNIT_EXPECT_FALSE(test, tyr_model_powered(model));

	/* Unpowered: reset values, writes lost, every access counted. */
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_GPU_ID), 0xa8670005);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, l2_ready), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_PWRTRANS(TYR_PWR_SHADER)),
			0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_MASK)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_RAWSTAT)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_TIMESTAMP_OFFSET), 0);
	tyr_model_write(model, TYR_PWR_PWRON(TYR_PWR_L2), 0x1);
	tyr_model_write(model, GPU_REG(TYR_IRQ_MASK), 0xffff);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, l2_ready), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_MASK)), 0);
	tyr_model_get_stats(model, &stats);
	KUNIT_EXPECT_EQ(test, stats.unpowered_accesses, 10);
	KUNIT_EXPECT_EQ(test, stats.power_offs, 1);

	/* Powered again: still the reset state, and it works. */
	tyr_model_set_power(model, true);
	tyr_model_set_power(model, true);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, l2_ready), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_MASK)), 0);
	tyr_model_write(model, TYR_PWR_PWRON(TYR_PWR_L2), 0x1);
	KUNIT_EXPECT_TRUE(test, tyr_model_test_wait(model, l2_ready, ~0u, 0x1));
	tyr_model_get_stats(model, &stats);
	KUNIT_EXPECT_EQ(test, stats.power_ons, 1);
	KUNIT_EXPECT_EQ(test, stats.unpowered_accesses, 10);
	/* The interrupted shader transition never completed. */
	KUNIT_EXPECT_EQ(test, stats.pwr_transitions[TYR_PWR_SHADER], 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_READY(TYR_PWR_SHADER)),
			0);
}

static struct kunit_case tyr_model_test_cases[] = {
	KUNIT_CASE(tyr_model_test_identity),
	KUNIT_CASE(tyr_model_test_bad_accesses),
	KUNIT_CASE(tyr_model_test_irq_contract),
	KUNIT_CASE(tyr_model_test_irq_level),
	KUNIT_CASE(tyr_model_test_reset),
	KUNIT_CASE(tyr_model_test_reset_hangs),
	KUNIT_CASE(tyr_model_test_power),
	KUNIT_CASE(tyr_model_test_power_stuck),
	KUNIT_CASE(tyr_model_test_power_loss),
	KUNIT_CASE(tyr_model_test_flush),
	KUNIT_CASE(tyr_model_test_timestamp),
	{}
};

static struct kunit_suite tyr_model_test_suite = {
	.name = "tyr_model",
	.test_cases = tyr_model_test_cases,
};

kunit_test_suite(tyr_model_test_suite);
