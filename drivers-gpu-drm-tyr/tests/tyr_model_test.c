// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of the Mali-G610 model on its own, through its registers.
 */

#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include <kunit/test.h>

#include "../tyr_cs.h"
#include "../tyr_fw_if.h"
#include "../tyr_model.h"
#include "../tyr_regs.h"
#include "tyr_test.h"

#define GPU_REG(r)	(TYR_GPU_IRQ_BASE + (r))
#define MMU_REG(r)	(TYR_MMU_IRQ_BASE + (r))

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

/* Every timed event of the model due as soon as it starts. */
static const struct tyr_model_config tyr_model_test_no_delay = { };

/*
 * What is due has happened when a register is read, however late the host
 * runs the model's timers: here they cannot run at all (softirqs are off
 * on the test's CPU), and the events are due at once. Regression test:
 * resets, power transitions and flushes completed only when their timer
 * ran, so that a loaded host made the driver's waits time out.
 */
static void tyr_model_test_settle_on_read(struct kunit *test)
{
	struct tyr_model *model = tyr_test_model_create(test,
							&tyr_model_test_no_delay);

	local_bh_disable();
	tyr_model_write(model, GPU_REG(TYR_IRQ_CLEAR), ~0u);
	tyr_model_write(model, TYR_PWR_PWRON(TYR_PWR_L2), 1);
	tyr_model_write(model, TYR_GPU_COMMAND, 0x30304);	/* flush L2, LSC */
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_READY(TYR_PWR_L2)),
			1);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_RAWSTAT)) &
			TYR_GPU_IRQ_CLEAN_CACHES_DONE,
			TYR_GPU_IRQ_CLEAN_CACHES_DONE);

	tyr_model_write(model, TYR_GPU_COMMAND, TYR_GPU_CMD_SOFT_RESET);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, GPU_REG(TYR_IRQ_RAWSTAT)) &
			TYR_GPU_IRQ_RESET_COMPLETED, TYR_GPU_IRQ_RESET_COMPLETED);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_PWR_READY(TYR_PWR_L2)),
			0);
	local_bh_enable();
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

/*
 * MMU. Page tables are built by hand, in the ARM LPAE stage 1 AArch64
 * format with a 4 KiB granule; the bare model has no device, so addresses
 * are physical.
 */
#define TEST_PTE_TABLE		0x3ull
#define TEST_PTE_PAGE		0x3ull
#define TEST_PTE_BLOCK		0x1ull
#define TEST_PTE_AP_RDONLY	BIT_ULL(7)
#define TEST_PTE_AF		BIT_ULL(10)
#define TEST_PTE_PXN		BIT_ULL(53)
#define TEST_PTE_UXN		BIT_ULL(54)
#define TEST_PTE_ADDR		GENMASK_ULL(47, 12)

/* What the driver programs for a 48-bit address space. */
#define TEST_TRANSCFG							\
	(FIELD_PREP(TYR_AS_TRANSCFG_ADRMODE, TYR_AS_ADRMODE_AARCH64_4K) |	\
	 FIELD_PREP(TYR_AS_TRANSCFG_INA_BITS, 55 - 48) |		\
	 TYR_AS_TRANSCFG_PTW_MEMATTR_WB | TYR_AS_TRANSCFG_PTW_RA)

/* A VA whose four table indices all differ: 0xfe, 0x48, 0x1a2, 0x167. */
#define TEST_VA			0x7f1234567000ull

/* AS_FAULTSTATUS of a fault, without a source ID. */
#define TEST_FAULT(exc, access)						\
	(FIELD_PREP(TYR_AS_FAULT_EXCEPTION, exc) |			\
	 FIELD_PREP(TYR_AS_FAULT_ACCESS, access))

struct tyr_mmu_test {
	struct kunit *test;
	struct tyr_model *model;
	unsigned int as;
	__le64 *l0;
	phys_addr_t l0_phys;
};

/* A zeroed page that lives as long as the test's model, at least. */
static void *tyr_mmu_test_page(struct kunit *test, phys_addr_t *phys)
{
	return tyr_test_page(test, phys);
}

static void tyr_mmu_test_write64(struct tyr_model *model, u32 reg, u64 val)
{
	tyr_model_write(model, reg, lower_32_bits(val));
	tyr_model_write(model, TYR_HI(reg), upper_32_bits(val));
}

static u64 tyr_mmu_test_read64(struct tyr_model *model, u32 reg)
{
	return tyr_model_read(model, reg) |
	       (u64)tyr_model_read(model, TYR_HI(reg)) << 32;
}

/* Issue an AS command and wait for it to complete. */
static void tyr_mmu_test_command(struct tyr_mmu_test *t, u32 cmd)
{
	tyr_model_write(t->model, TYR_AS_COMMAND(t->as), cmd);
	KUNIT_ASSERT_TRUE(t->test, tyr_model_test_wait(t->model,
						       TYR_AS_STATUS(t->as),
						       TYR_AS_STATUS_ACTIVE, 0));
}

/* Program the AS with @transtab and @transcfg, and UPDATE. */
static void tyr_mmu_test_program(struct tyr_mmu_test *t, u64 transtab,
				 u64 transcfg)
{
	tyr_mmu_test_write64(t->model, TYR_AS_TRANSTAB(t->as), transtab);
	tyr_mmu_test_write64(t->model, TYR_AS_MEMATTR(t->as), 0x4848484848484848);
	tyr_mmu_test_write64(t->model, TYR_AS_TRANSCFG(t->as), transcfg);
	tyr_mmu_test_command(t, TYR_AS_CMD_UPDATE);
}

/* A model (@cfg, NULL for the fast one) with an empty level-0 table in @as. */
static struct tyr_mmu_test *tyr_mmu_test_create(struct kunit *test,
						const struct tyr_model_config *cfg,
						unsigned int as)
{
	struct tyr_mmu_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->as = as;
	t->model = tyr_test_model_create(test, cfg);
	t->l0 = tyr_mmu_test_page(test, &t->l0_phys);
	tyr_mmu_test_program(t, t->l0_phys, TEST_TRANSCFG);
	return t;
}

/* The level-@level descriptor of @va in the tables at @l0, making tables. */
static __le64 *tyr_mmu_test_pte(struct kunit *test, __le64 *l0, u64 va,
				unsigned int level)
{
	__le64 *table = l0;
	phys_addr_t phys;
	unsigned int l;
	__le64 *pte;

	for (l = 0; ; l++) {
		pte = &table[(va >> (39 - 9 * l)) & 511];
		if (l == level)
			return pte;

		if (!*pte) {
			tyr_mmu_test_page(test, &phys);
			*pte = cpu_to_le64(phys | TEST_PTE_TABLE);
		}
		table = phys_to_virt(le64_to_cpu(*pte) & TEST_PTE_ADDR);
	}
}

/* Map @va to @pa with a page (level 3) or a block (levels 1 and 2). */
static void tyr_mmu_test_map(struct tyr_mmu_test *t, u64 va, u64 pa,
			     unsigned int level, u64 attrs)
{
	u64 type = level == 3 ? TEST_PTE_PAGE : TEST_PTE_BLOCK;

	*tyr_mmu_test_pte(t->test, t->l0, va, level) =
		cpu_to_le64(pa | type | attrs);
}

/* A page of data mapped at @va with @attrs. */
static u8 *tyr_mmu_test_map_page(struct tyr_mmu_test *t, u64 va, u64 attrs)
{
	phys_addr_t phys;
	u8 *data = tyr_mmu_test_page(t->test, &phys);

	tyr_mmu_test_map(t, va, phys, 3, attrs);
	return data;
}

/* Expect the fault the AS latched, and its interrupt. */
static void tyr_mmu_test_expect_fault(struct tyr_mmu_test *t, u32 status,
				      u64 va)
{
	struct kunit *test = t->test;

	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_AS_FAULTSTATUS(t->as)),
			status);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(t->model,
						  TYR_AS_FAULTADDRESS(t->as)),
			va);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)) &
			TYR_MMU_IRQ_FAULT(t->as), TYR_MMU_IRQ_FAULT(t->as));
}

/* Expect @va to fault with @status, as a lookup and as a GPU access. */
static void tyr_mmu_test_expect_walk_fault(struct tyr_mmu_test *t, u64 va,
					   enum tyr_model_access access,
					   u32 status)
{
	struct kunit *test = t->test;
	u32 fault = 0;
	u64 pa = 0;
	u32 word;

	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, t->as, va, access,
						  &pa, &fault), -EFAULT);
	KUNIT_EXPECT_EQ(test, fault, status);
	/* A lookup raises nothing. */
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)), 0);

	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, t->as, va, &word,
						   sizeof(word), access), -EFAULT);
	tyr_mmu_test_expect_fault(t, status, va);

	tyr_model_write(t->model, MMU_REG(TYR_IRQ_CLEAR), ~0u);
}

static void tyr_model_test_mmu_page(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 1);
	struct tyr_model_stats stats;
	phys_addr_t phys;
	u8 buf[16];
	u32 fault;
	u8 *data;
	u64 pa;
	int i;

	data = tyr_mmu_test_page(test, &phys);
	for (i = 0; i < SZ_4K; i++)
		data[i] = i * 7;
	tyr_mmu_test_map(t, TEST_VA, phys, 3, TEST_PTE_AF);

	fault = ~0u;
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 1, TEST_VA + 0x123,
						  TYR_MODEL_READ, &pa, &fault), 0);
	KUNIT_EXPECT_EQ(test, pa, phys + 0x123);
	KUNIT_EXPECT_EQ(test, fault, 0);
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 1, TEST_VA + 0xfff,
						  TYR_MODEL_WRITE, &pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, pa, phys + 0xfff);
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 1, TEST_VA,
						  TYR_MODEL_EXECUTE, &pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, pa, phys);

	/* The neighbours are not mapped: level 3 faults. */
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 1, TEST_VA + SZ_4K,
						  TYR_MODEL_READ, &pa, &fault),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, fault, TEST_FAULT(TYR_AS_EXC_TRANSLATION(3),
						TYR_AS_ACCESS_READ));
	/* Other address spaces are unmapped. */
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 0, TEST_VA,
						  TYR_MODEL_READ, &pa, &fault),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, fault, TEST_FAULT(TYR_AS_EXC_TRANSLATION(0),
						TYR_AS_ACCESS_READ));
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, TYR_MODEL_AS_COUNT,
						  TEST_VA, TYR_MODEL_READ, &pa,
						  NULL), -EINVAL);

	/* The GPU reads what is there. */
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 1, TEST_VA + 0x100,
						   buf, sizeof(buf),
						   TYR_MODEL_READ), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, data + 0x100, sizeof(buf));

	/* Lookups raise no fault. */
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)), 0);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.mmu_faults, 0);
}

static void tyr_model_test_mmu_block(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 2);
	u64 va_2m = 0x4000200000ull, pa_2m = 0x1234400000ull;
	u64 va_1g = 0x8040000000ull, pa_1g = 0x1c0000000ull;
	u32 word, fault;
	u64 pa;

	tyr_mmu_test_map(t, va_2m, pa_2m, 2, TEST_PTE_AF);
	tyr_mmu_test_map(t, va_1g, pa_1g, 1, TEST_PTE_AF);

	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 2, va_2m + 0x12345,
						  TYR_MODEL_READ, &pa, &fault), 0);
	KUNIT_EXPECT_EQ(test, pa, pa_2m + 0x12345);
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 2, va_2m + SZ_2M - 1,
						  TYR_MODEL_WRITE, &pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, pa, pa_2m + SZ_2M - 1);
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 2, va_2m + SZ_2M,
						  TYR_MODEL_READ, &pa, &fault),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, fault, TEST_FAULT(TYR_AS_EXC_TRANSLATION(2),
						TYR_AS_ACCESS_READ));

	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 2, va_1g + 0x12345678,
						  TYR_MODEL_READ, &pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, pa, pa_1g + 0x12345678);

	/* The block is no memory: the access is a bus fault of level 2. */
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 2, va_2m + 8, &word,
						   sizeof(word), TYR_MODEL_READ),
			-EFAULT);
	tyr_mmu_test_expect_fault(t, TEST_FAULT(0xd2, TYR_AS_ACCESS_READ),
				  va_2m + 8);
}

static void tyr_model_test_mmu_read_only(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 3);
	u32 status = TEST_FAULT(TYR_AS_EXC_PERMISSION(3), TYR_AS_ACCESS_WRITE);
	struct tyr_model_stats stats;
	u8 *data, byte = 0;

	data = tyr_mmu_test_map_page(t, TEST_VA, TEST_PTE_AF | TEST_PTE_AP_RDONLY);
	data[0x10] = 0x5a;

	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 3, TEST_VA + 0x10,
						   &byte, 1, TYR_MODEL_READ), 0);
	KUNIT_EXPECT_EQ(test, byte, 0x5a);

	tyr_mmu_test_expect_walk_fault(t, TEST_VA + 0x10, TYR_MODEL_WRITE, status);
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_AS_FAULT_EXCEPTION, status), 0xcb);
	KUNIT_EXPECT_EQ(test, data[0x10], 0x5a);

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.mmu_faults, 1);
}

static void tyr_model_test_mmu_no_exec(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 1);
	u32 status = TEST_FAULT(TYR_AS_EXC_PERMISSION(3), TYR_AS_ACCESS_EXECUTE);
	u64 va_pxn = TEST_VA + SZ_4K;
	u32 word;

	tyr_mmu_test_map_page(t, TEST_VA, TEST_PTE_AF | TEST_PTE_UXN);
	tyr_mmu_test_map_page(t, va_pxn, TEST_PTE_AF | TEST_PTE_PXN);

	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 1, TEST_VA, &word,
						   sizeof(word), TYR_MODEL_READ), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 1, TEST_VA, &word,
						   sizeof(word), TYR_MODEL_WRITE), 0);
	tyr_mmu_test_expect_walk_fault(t, TEST_VA + 4, TYR_MODEL_EXECUTE, status);
	tyr_mmu_test_expect_walk_fault(t, va_pxn, TYR_MODEL_EXECUTE, status);
}

static void tyr_model_test_mmu_missing(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 1);
	u64 other = TEST_VA ^ BIT_ULL(39);
	phys_addr_t phys;

	/* An empty level-0 table. */
	tyr_mmu_test_expect_walk_fault(t, TEST_VA, TYR_MODEL_READ,
				       TEST_FAULT(TYR_AS_EXC_TRANSLATION(0),
						  TYR_AS_ACCESS_READ));

	/* A level-1 table without the entry. */
	tyr_mmu_test_page(test, &phys);
	*tyr_mmu_test_pte(test, t->l0, TEST_VA, 0) =
		cpu_to_le64(phys | TEST_PTE_TABLE);
	tyr_mmu_test_expect_walk_fault(t, TEST_VA, TYR_MODEL_WRITE,
				       TEST_FAULT(TYR_AS_EXC_TRANSLATION(1),
						  TYR_AS_ACCESS_WRITE));
	KUNIT_EXPECT_EQ(test, TYR_AS_EXC_TRANSLATION(1), 0xc1);

	/* Invalid descriptors: a block at level 0, a block at level 3, type 2. */
	*tyr_mmu_test_pte(test, t->l0, other, 0) = cpu_to_le64(TEST_PTE_BLOCK |
							       TEST_PTE_AF);
	tyr_mmu_test_expect_walk_fault(t, other, TYR_MODEL_READ,
				       TEST_FAULT(TYR_AS_EXC_TRANSLATION(0),
						  TYR_AS_ACCESS_READ));
	*tyr_mmu_test_pte(test, t->l0, TEST_VA, 2) = cpu_to_le64(phys | 0x2 |
								 TEST_PTE_AF);
	tyr_mmu_test_expect_walk_fault(t, TEST_VA, TYR_MODEL_READ,
				       TEST_FAULT(TYR_AS_EXC_TRANSLATION(2),
						  TYR_AS_ACCESS_READ));
	*tyr_mmu_test_pte(test, t->l0, TEST_VA, 2) = 0;
	*tyr_mmu_test_pte(test, t->l0, TEST_VA, 3) = cpu_to_le64(phys |
								 TEST_PTE_BLOCK |
								 TEST_PTE_AF);
	tyr_mmu_test_expect_walk_fault(t, TEST_VA, TYR_MODEL_EXECUTE,
				       TEST_FAULT(TYR_AS_EXC_TRANSLATION(3),
						  TYR_AS_ACCESS_EXECUTE));
}

static void tyr_model_test_mmu_access_flag(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 1);

	tyr_mmu_test_map_page(t, TEST_VA, 0);
	tyr_mmu_test_expect_walk_fault(t, TEST_VA + 0x40, TYR_MODEL_READ,
				       TEST_FAULT(0xdb, TYR_AS_ACCESS_READ));
}

static void tyr_model_test_mmu_unmapped(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 1);
	u32 status = TEST_FAULT(TYR_AS_EXC_TRANSLATION(0), TYR_AS_ACCESS_READ);
	u64 pa;

	tyr_mmu_test_map_page(t, TEST_VA, TEST_PTE_AF);
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 1, TEST_VA,
						  TYR_MODEL_READ, &pa, NULL), 0);

	/* Translation disabled: everything faults at level 0. */
	tyr_mmu_test_program(t, t->l0_phys,
			     FIELD_PREP(TYR_AS_TRANSCFG_ADRMODE,
					TYR_AS_ADRMODE_UNMAPPED));
	tyr_mmu_test_expect_walk_fault(t, TEST_VA, TYR_MODEL_READ, status);

	/* So with an address mode the model does not know. */
	tyr_mmu_test_program(t, t->l0_phys, TEST_TRANSCFG + 1);
	tyr_mmu_test_expect_walk_fault(t, TEST_VA, TYR_MODEL_READ, status);

	tyr_mmu_test_program(t, t->l0_phys, TEST_TRANSCFG);
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 1, TEST_VA,
						  TYR_MODEL_READ, &pa, NULL), 0);
}

static void tyr_model_test_mmu_address_size(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 1);

	tyr_mmu_test_expect_walk_fault(t, BIT_ULL(48), TYR_MODEL_READ,
				       TEST_FAULT(TYR_AS_EXC_ADDRESS_SIZE_IN,
						  TYR_AS_ACCESS_READ));
	tyr_mmu_test_expect_walk_fault(t, ~0ull - 3, TYR_MODEL_WRITE,
				       TEST_FAULT(TYR_AS_EXC_ADDRESS_SIZE_IN,
						  TYR_AS_ACCESS_WRITE));

	/* A table address above the 40 bits of physical address. */
	tyr_mmu_test_program(t, BIT_ULL(40), TEST_TRANSCFG);
	tyr_mmu_test_expect_walk_fault(t, TEST_VA, TYR_MODEL_READ,
				       TEST_FAULT(0xe4, TYR_AS_ACCESS_READ));
	/* A table the model cannot reach: a bus fault of the walk. */
	tyr_mmu_test_program(t, BIT_ULL(40) - SZ_4K, TEST_TRANSCFG);
	tyr_mmu_test_expect_walk_fault(t, TEST_VA, TYR_MODEL_READ,
				       TEST_FAULT(0xd0, TYR_AS_ACCESS_READ));
}

static void tyr_model_test_mmu_update(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_mmu_test *t;
	phys_addr_t l0_b, page_a, page_b;
	__le64 *table_b;
	u64 pa;

	cfg.as_cmd_delay_us = 20000;
	t = tyr_mmu_test_create(test, &cfg, 4);

	/* Tables A map TEST_VA to page A, tables B to page B. */
	tyr_mmu_test_page(test, &page_a);
	tyr_mmu_test_page(test, &page_b);
	tyr_mmu_test_map(t, TEST_VA, page_a, 3, TEST_PTE_AF);
	table_b = tyr_mmu_test_page(test, &l0_b);
	*tyr_mmu_test_pte(test, table_b, TEST_VA, 3) =
		cpu_to_le64(page_b | TEST_PTE_PAGE | TEST_PTE_AF);

	/* Programmed, not latched: the walker still uses tables A. */
	tyr_mmu_test_write64(t->model, TYR_AS_TRANSTAB(4), l0_b);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(t->model, TYR_AS_TRANSTAB(4)),
			l0_b);
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 4, TEST_VA,
						  TYR_MODEL_READ, &pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, pa, page_a);

	/* Nor while the UPDATE runs. */
	tyr_model_write(t->model, TYR_AS_COMMAND(4), TYR_AS_CMD_UPDATE);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_AS_STATUS(4)),
			TYR_AS_STATUS_ACTIVE);
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 4, TEST_VA,
						  TYR_MODEL_READ, &pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, pa, page_a);

	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(t->model, TYR_AS_STATUS(4),
						    TYR_AS_STATUS_ACTIVE, 0));
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 4, TEST_VA,
						  TYR_MODEL_READ, &pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, pa, page_b);
}

static void tyr_model_test_mmu_commands(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_stats stats;
	struct tyr_model *model;

	cfg.as_cmd_delay_us = 20000;
	model = tyr_test_model_create(test, &cfg);

	/* NOP completes at once. */
	tyr_model_write(model, TYR_AS_COMMAND(5), TYR_AS_CMD_NOP);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_STATUS(5)), 0);

	/* Other commands take a while; those written meanwhile are ignored. */
	tyr_model_write(model, TYR_AS_COMMAND(5), TYR_AS_CMD_FLUSH_MEM);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_STATUS(5)),
			TYR_AS_STATUS_ACTIVE);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_STATUS(6)), 0);
	tyr_model_write(model, TYR_AS_COMMAND(5), TYR_AS_CMD_LOCK);
	tyr_model_write(model, TYR_AS_COMMAND(5), TYR_AS_CMD_NOP);
	KUNIT_EXPECT_TRUE(test, tyr_model_test_wait(model, TYR_AS_STATUS(5),
						    TYR_AS_STATUS_ACTIVE, 0));
	KUNIT_EXPECT_FALSE(test, tyr_model_as_locked(model, 5, NULL));

	tyr_model_get_stats(model, &stats);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_NOP], 1);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_FLUSH_MEM], 1);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_LOCK], 0);
	KUNIT_EXPECT_EQ(test, stats.as_busy_commands, 2);
}

/*
 * An AS command is done when STATUS is read after its delay, even if the
 * model's timer has not run (softirqs off). Regression test: only the timer
 * completed it, and the driver saw "AS stuck" on a loaded host.
 */
static void tyr_model_test_mmu_settle_on_read(struct kunit *test)
{
	struct tyr_model *model = tyr_test_model_create(test,
							&tyr_model_test_no_delay);

	local_bh_disable();
	tyr_model_write(model, TYR_AS_LOCKADDR(3), 15);
	tyr_model_write(model, TYR_AS_COMMAND(3), TYR_AS_CMD_LOCK);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_STATUS(3)), 0);
	KUNIT_EXPECT_TRUE(test, tyr_model_as_locked(model, 3, NULL));
	local_bh_enable();
}

static void tyr_model_test_mmu_lock(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 6);
	u64 region = 0x7f1234560000ull | 15;	/* 64 KiB */
	struct tyr_model_stats stats;
	u64 lockaddr = 0;
	u32 word;

	tyr_mmu_test_map_page(t, TEST_VA, TEST_PTE_AF);
	tyr_mmu_test_map_page(t, TEST_VA + SZ_64K, TEST_PTE_AF);

	tyr_mmu_test_write64(t->model, TYR_AS_LOCKADDR(6), region);
	KUNIT_EXPECT_FALSE(test, tyr_model_as_locked(t->model, 6, NULL));
	tyr_mmu_test_command(t, TYR_AS_CMD_LOCK);
	KUNIT_EXPECT_TRUE(test, tyr_model_as_locked(t->model, 6, &lockaddr));
	KUNIT_EXPECT_EQ(test, lockaddr, region);

	/* Accesses to the region go ahead, and are counted. */
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 6, TEST_VA, &word,
						   sizeof(word), TYR_MODEL_WRITE), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 6, TEST_VA + SZ_64K,
						   &word, sizeof(word),
						   TYR_MODEL_WRITE), 0);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.locked_accesses, 1);

	tyr_mmu_test_command(t, TYR_AS_CMD_UNLOCK);
	KUNIT_EXPECT_FALSE(test, tyr_model_as_locked(t->model, 6, NULL));
	tyr_mmu_test_command(t, TYR_AS_CMD_LOCK);
	tyr_mmu_test_command(t, TYR_AS_CMD_FLUSH_PT);
	KUNIT_EXPECT_FALSE(test, tyr_model_as_locked(t->model, 6, NULL));
	tyr_mmu_test_command(t, TYR_AS_CMD_LOCK);
	tyr_mmu_test_command(t, TYR_AS_CMD_FLUSH_MEM);
	KUNIT_EXPECT_FALSE(test, tyr_model_as_locked(t->model, 6, NULL));

	/* The whole address space. */
	tyr_mmu_test_write64(t->model, TYR_AS_LOCKADDR(6), 0x3f);
	tyr_mmu_test_command(t, TYR_AS_CMD_LOCK);
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 6, TEST_VA + SZ_64K,
						   &word, sizeof(word),
						   TYR_MODEL_READ), 0);

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.locked_accesses, 2);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_UPDATE], 1);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_LOCK], 4);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_UNLOCK], 1);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_FLUSH_PT], 1);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_FLUSH_MEM], 1);
	KUNIT_EXPECT_EQ(test, stats.as_busy_commands, 0);
}

static void tyr_model_test_mmu_hangs(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_stats stats;
	struct tyr_model *model;

	cfg.as_hangs = true;
	model = tyr_test_model_create(test, &cfg);

	tyr_model_write(model, TYR_AS_COMMAND(0), TYR_AS_CMD_FLUSH_PT);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_STATUS(0)),
			TYR_AS_STATUS_ACTIVE);
	tyr_model_write(model, TYR_AS_COMMAND(0), TYR_AS_CMD_UNLOCK);
	tyr_model_get_stats(model, &stats);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_FLUSH_PT], 0);
	KUNIT_EXPECT_EQ(test, stats.as_busy_commands, 1);

	/* A GPU reset ends it. */
	tyr_model_write(model, GPU_REG(TYR_IRQ_MASK), TYR_GPU_IRQ_RESET_COMPLETED);
	tyr_model_write(model, TYR_GPU_COMMAND, TYR_GPU_CMD_SOFT_RESET);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(model, GPU_REG(TYR_IRQ_RAWSTAT),
						    TYR_GPU_IRQ_RESET_COMPLETED,
						    TYR_GPU_IRQ_RESET_COMPLETED));
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_STATUS(0)), 0);
}

static void tyr_model_test_mmu_power_loss(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 7);
	struct tyr_model_stats stats;
	u32 word = 0, fault;
	u64 pa;

	tyr_mmu_test_map_page(t, TEST_VA, TEST_PTE_AF | TEST_PTE_AP_RDONLY);
	tyr_mmu_test_write64(t->model, TYR_AS_LOCKADDR(7), 0x3f);
	tyr_mmu_test_command(t, TYR_AS_CMD_LOCK);
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 7, TEST_VA, &word,
						   sizeof(word), TYR_MODEL_WRITE),
			-EFAULT);
	tyr_model_write(t->model, MMU_REG(TYR_IRQ_MASK), ~0u);

	/* An UPDATE still running when the power goes. */
	cfg.as_cmd_delay_us = 20000;
	tyr_model_set_config(t->model, &cfg);
	tyr_model_write(t->model, TYR_AS_COMMAND(7), TYR_AS_CMD_UPDATE);
	tyr_model_set_power(t->model, false);

	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 7, TEST_VA, &word,
						   sizeof(word), TYR_MODEL_READ),
			-EIO);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.unpowered_accesses, 1);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_AS_STATUS(7)), 0);

	tyr_model_set_power(t->model, true);
	msleep(40);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(t->model, TYR_AS_TRANSTAB(7)), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(t->model, TYR_AS_MEMATTR(7)), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(t->model, TYR_AS_TRANSCFG(7)), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(t->model, TYR_AS_LOCKADDR(7)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_AS_FAULTSTATUS(7)), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(t->model, TYR_AS_FAULTADDRESS(7)),
			0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_AS_STATUS(7)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_MASK)), 0);
	KUNIT_EXPECT_FALSE(test, tyr_model_as_locked(t->model, 7, NULL));
	/* Translation is disabled, and the interrupted UPDATE never ran. */
	KUNIT_EXPECT_EQ(test, tyr_model_translate(t->model, 7, TEST_VA,
						  TYR_MODEL_READ, &pa, &fault),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, fault, TEST_FAULT(TYR_AS_EXC_TRANSLATION(0),
						TYR_AS_ACCESS_READ));
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.as_commands[TYR_AS_CMD_UPDATE], 1);

	/* And it works again. */
	tyr_mmu_test_program(t, t->l0_phys, TEST_TRANSCFG);
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 7, TEST_VA, &word,
						   sizeof(word), TYR_MODEL_READ), 0);
}

static void tyr_model_test_mmu_round_trip(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 1);
	u64 va = TEST_VA + SZ_4K - 32;
	u8 in[64], out[64];
	u8 *first, *second;
	int i;

	/* Two pages in a row for the GPU, wherever they are for the CPU. */
	second = tyr_mmu_test_map_page(t, TEST_VA + SZ_4K, TEST_PTE_AF);
	first = tyr_mmu_test_map_page(t, TEST_VA, TEST_PTE_AF);

	for (i = 0; i < ARRAY_SIZE(in); i++)
		in[i] = 0x80 + i;
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 1, va, in, sizeof(in),
						   TYR_MODEL_WRITE), 0);
	KUNIT_EXPECT_MEMEQ(test, first + SZ_4K - 32, in, 32);
	KUNIT_EXPECT_MEMEQ(test, second, in + 32, 32);
	KUNIT_EXPECT_EQ(test, first[SZ_4K - 33], 0);
	KUNIT_EXPECT_EQ(test, second[32], 0);

	memset(out, 0, sizeof(out));
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 1, va, out,
						   sizeof(out), TYR_MODEL_READ), 0);
	KUNIT_EXPECT_MEMEQ(test, out, in, sizeof(in));
	memset(out, 0, sizeof(out));
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 1, va, out,
						   sizeof(out), TYR_MODEL_EXECUTE),
			0);
	KUNIT_EXPECT_MEMEQ(test, out, in, sizeof(in));

	/* Into an unmapped page: what comes before it is written. */
	memset(second, 0, SZ_4K);
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 1, va + SZ_4K, in,
						   sizeof(in), TYR_MODEL_WRITE),
			-EFAULT);
	KUNIT_EXPECT_MEMEQ(test, second + SZ_4K - 32, in, 32);
	tyr_mmu_test_expect_fault(t, TEST_FAULT(TYR_AS_EXC_TRANSLATION(3),
						TYR_AS_ACCESS_WRITE),
				  TEST_VA + 2 * SZ_4K);

	/* Unpowered: nothing happens. */
	tyr_model_set_power(t->model, false);
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 1, va, out,
						   sizeof(out), TYR_MODEL_READ),
			-EIO);
}

static void tyr_model_test_mmu_fault_latch(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 2);
	u32 first = TEST_FAULT(TYR_AS_EXC_PERMISSION(3), TYR_AS_ACCESS_WRITE);
	u32 second = TEST_FAULT(TYR_AS_EXC_TRANSLATION(3), TYR_AS_ACCESS_READ);
	struct tyr_model_stats stats;
	u32 word = 0;

	tyr_mmu_test_map_page(t, TEST_VA, TEST_PTE_AF | TEST_PTE_AP_RDONLY);

	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 2, TEST_VA, &word,
						   sizeof(word), TYR_MODEL_WRITE),
			-EFAULT);
	tyr_mmu_test_expect_fault(t, first, TEST_VA);

	/* Pending: the second fault is counted, not latched. */
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 2, TEST_VA + SZ_4K,
						   &word, sizeof(word),
						   TYR_MODEL_READ), -EFAULT);
	tyr_mmu_test_expect_fault(t, first, TEST_VA);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.mmu_faults, 2);

	/* Other address spaces latch their own. */
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 0, TEST_VA, &word,
						   sizeof(word), TYR_MODEL_READ),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)),
			TYR_MMU_IRQ_FAULT(0) | TYR_MMU_IRQ_FAULT(2));
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_AS_FAULTSTATUS(0)),
			TEST_FAULT(TYR_AS_EXC_TRANSLATION(0), TYR_AS_ACCESS_READ));

	/* Once handled, the next fault is latched. */
	tyr_model_write(t->model, MMU_REG(TYR_IRQ_CLEAR), TYR_MMU_IRQ_FAULT(2));
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(t->model, 2, TEST_VA + SZ_4K,
						   &word, sizeof(word),
						   TYR_MODEL_READ), -EFAULT);
	tyr_mmu_test_expect_fault(t, second, TEST_VA + SZ_4K);
}

static void tyr_model_test_mmu_registers(struct kunit *test)
{
	struct tyr_model *model = tyr_test_model_create(test, NULL);
	struct tyr_model_stats stats;

	tyr_mmu_test_write64(model, TYR_AS_TRANSTAB(2), 0x123456789000ull);
	tyr_mmu_test_write64(model, TYR_AS_MEMATTR(2), 0x8848440088484400ull);
	tyr_mmu_test_write64(model, TYR_AS_LOCKADDR(2), 0xabcdef01234ull);
	tyr_mmu_test_write64(model, TYR_AS_TRANSCFG(2), TEST_TRANSCFG);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(model, TYR_AS_TRANSTAB(2)),
			0x123456789000ull);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(model, TYR_AS_MEMATTR(2)),
			0x8848440088484400ull);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(model, TYR_AS_LOCKADDR(2)),
			0xabcdef01234ull);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(model, TYR_AS_TRANSCFG(2)),
			TEST_TRANSCFG);
	/* Halves are independent. */
	tyr_model_write(model, TYR_HI(TYR_AS_TRANSTAB(2)), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(model, TYR_AS_TRANSTAB(2)),
			0x56789000ull);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(model, TYR_AS_TRANSTAB(3)), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(model, TYR_AS_FAULTEXTRA(2)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_COMMAND(2)), 0);

	/* Read-only registers, and address spaces the GPU does not have. */
	tyr_model_write(model, TYR_AS_FAULTSTATUS(2), 1);
	tyr_model_write(model, TYR_AS_STATUS(2), 1);
	tyr_model_write(model, TYR_AS_FAULTEXTRA(2), 1);
	tyr_model_write(model, TYR_AS_TRANSTAB(8), 0x1000);
	tyr_model_write(model, TYR_AS_COMMAND(15), TYR_AS_CMD_UPDATE);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_FAULTSTATUS(2)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_STATUS(2)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_TRANSTAB(8)), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(model, TYR_AS_STATUS(15)), 0);

	tyr_model_get_stats(model, &stats);
	KUNIT_EXPECT_EQ(test, stats.ro_writes, 5);
	KUNIT_EXPECT_EQ(test, stats.bad_accesses, 0);
	KUNIT_EXPECT_EQ(test, stats.as_busy_commands, 0);
}

/*
 * MCU. AS 0 maps a 48 KiB shared section at its MCU VA, page by page, with
 * pages the test reads and writes as the host would, through their kernel
 * mapping.
 */
#define JOB_REG(r)		(TYR_JOB_IRQ_BASE + (r))
#define TEST_FW_VA		0x04000000ull
#define TEST_FW_PAGES		12
#define TEST_FW_SIZE		(TEST_FW_PAGES * SZ_4K)
#define TEST_GARBAGE		0xa5

struct tyr_mcu_test {
	struct kunit *test;
	struct tyr_mmu_test *mmu;
	struct tyr_model *model;
	u8 *pages[TEST_FW_PAGES];
	/* Offsets of the global input and output areas, once booted. */
	u32 glb_in;
	u32 glb_out;
};

/*
 * A model (@cfg, NULL for the fast one) whose AS 0 maps @pages pages at
 * the start of the shared section with @attrs, filled with garbage.
 */
static struct tyr_mcu_test *tyr_mcu_test_create(struct kunit *test,
						const struct tyr_model_config *cfg,
						unsigned int pages, u64 attrs)
{
	struct tyr_mcu_test *t;
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->mmu = tyr_mmu_test_create(test, cfg, 0);
	t->model = t->mmu->model;

	for (i = 0; i < pages; i++) {
		t->pages[i] = tyr_mmu_test_map_page(t->mmu,
						    TEST_FW_VA + i * SZ_4K,
						    attrs);
		memset(t->pages[i], TEST_GARBAGE, SZ_4K);
	}

	return t;
}

static __le32 *tyr_mcu_test_word(struct tyr_mcu_test *t, u32 offset)
{
	return (__le32 *)(t->pages[offset / SZ_4K] + offset % SZ_4K);
}

/* The word at @offset in the shared section, as the host reads it. */
static u32 tyr_mcu_test_rd(struct tyr_mcu_test *t, u32 offset)
{
	return le32_to_cpu(READ_ONCE(*tyr_mcu_test_word(t, offset)));
}

static void tyr_mcu_test_wr(struct tyr_mcu_test *t, u32 offset, u32 val)
{
	WRITE_ONCE(*tyr_mcu_test_word(t, offset), cpu_to_le32(val));
}

/* Whether the bytes of [@start, @end) of the section are all @byte. */
static bool tyr_mcu_test_range_is(struct tyr_mcu_test *t, u32 start, u32 end,
				  u8 byte)
{
	u32 len;

	for (; start < end; start += len) {
		len = min_t(u32, end - start, SZ_4K - start % SZ_4K);
		if (memchr_inv(t->pages[start / SZ_4K] + start % SZ_4K, byte,
			       len))
			return false;
	}

	return true;
}

static void tyr_mcu_test_fill(struct tyr_mcu_test *t, u32 start, u32 end,
			      u8 byte)
{
	u32 len;

	for (; start < end; start += len) {
		len = min_t(u32, end - start, SZ_4K - start % SZ_4K);
		memset(t->pages[start / SZ_4K] + start % SZ_4K, byte, len);
	}
}

/* The offset in the section of the MCU VA in the control word at @offset. */
static u32 tyr_mcu_test_area(struct tyr_mcu_test *t, u32 offset, u32 size)
{
	u64 va = tyr_mcu_test_rd(t, offset);

	KUNIT_ASSERT_GE(t->test, va, TEST_FW_VA);
	KUNIT_ASSERT_LE(t->test, va + size, TEST_FW_VA + TEST_FW_SIZE);
	return va - TEST_FW_VA;
}

/*
 * Start the MCU with AUTO and wait until it shows ENABLED and signals;
 * then clear the event and set the global input area up: nothing
 * requested, events in @ack_irq_mask signalled.
 */
static void tyr_mcu_test_boot(struct tyr_mcu_test *t, u32 ack_irq_mask)
{
	struct kunit *test = t->test;

	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_AUTO);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(t->model, TYR_MCU_STATUS,
						    ~0u,
						    TYR_MCU_STATUS_ENABLED));
	KUNIT_ASSERT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			TYR_JOB_IRQ_GLOBAL);
	tyr_model_write(t->model, JOB_REG(TYR_IRQ_CLEAR), TYR_JOB_IRQ_GLOBAL);

	t->glb_in = tyr_mcu_test_area(t, TYR_GLB_CTL_INPUT_VA, TYR_GLB_IN_SIZE);
	t->glb_out = tyr_mcu_test_area(t, TYR_GLB_CTL_OUTPUT_VA,
				       TYR_GLB_OUT_SIZE);
	tyr_mcu_test_fill(t, t->glb_in, t->glb_in + TYR_GLB_IN_SIZE, 0);
	tyr_mcu_test_wr(t, t->glb_in + TYR_GLB_IN_ACK_IRQ_MASK, ack_irq_mask);
}

static u32 tyr_mcu_test_glb_req(struct tyr_mcu_test *t)
{
	return tyr_mcu_test_rd(t, t->glb_in + TYR_GLB_IN_REQ);
}

static u32 tyr_mcu_test_glb_ack(struct tyr_mcu_test *t)
{
	return tyr_mcu_test_rd(t, t->glb_out + TYR_GLB_OUT_ACK);
}

/* Flip @toggle in the global req word and ring the global doorbell. */
static void tyr_mcu_test_request(struct tyr_mcu_test *t, u32 toggle)
{
	tyr_mcu_test_wr(t, t->glb_in + TYR_GLB_IN_REQ,
			tyr_mcu_test_glb_req(t) ^ toggle);
	tyr_model_write(t->model, TYR_DOORBELL(TYR_DOORBELL_GLB), 1);
}

/* Wait up to a second for the @bits of the global ack to equal req's. */
static bool tyr_mcu_test_wait_ack(struct tyr_mcu_test *t, u32 bits)
{
	return tyr_test_wait_until(!((tyr_mcu_test_glb_req(t) ^
				      tyr_mcu_test_glb_ack(t)) & bits), 1000);
}

static void tyr_mcu_test_expect_csg(struct tyr_mcu_test *t, unsigned int i)
{
	struct kunit *test = t->test;
	u32 csg = 0x1000 + 0x100 * i;
	unsigned int j, n;
	u32 cs;

	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, csg + TYR_CSG_CTL_FEATURES), 0);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, csg + TYR_CSG_CTL_INPUT_VA),
			0x04002000 + 0x100 * i);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, csg + TYR_CSG_CTL_OUTPUT_VA),
			0x04004800 + 0x100 * i);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, csg + TYR_CSG_CTL_SUSPEND_SIZE),
			0x1000);
	KUNIT_EXPECT_EQ(test,
			tyr_mcu_test_rd(t, csg + TYR_CSG_CTL_PROTM_SUSPEND_SIZE),
			0x1000);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, csg + TYR_CSG_CTL_STREAM_NUM), 8);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, csg + TYR_CSG_CTL_STREAM_STRIDE),
			0xc);

	for (j = 0; j < 8; j++) {
		cs = csg + 0x40 + 0xc * j;
		n = 8 * i + j;
		KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, cs + TYR_CS_CTL_FEATURES),
				0x0007085f);
		KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, cs + TYR_CS_CTL_INPUT_VA),
				0x04002800 + 0x80 * n);
		KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, cs + TYR_CS_CTL_OUTPUT_VA),
				0x04005000 + 0x100 * n);
	}
}

/*
 * The interface as the MCU describes it, output areas zeroed, input areas
 * and the rest of the section as the host left them.
 */
static void tyr_mcu_test_expect_iface(struct tyr_mcu_test *t)
{
	struct kunit *test = t->test;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_VERSION), 0x01010000);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_FEATURES), 0);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_INPUT_VA), 0x04000100);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_OUTPUT_VA),
			0x04000200);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_GROUP_NUM), 8);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_GROUP_STRIDE), 0x100);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_PERFCNT_SIZE), 0);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_INSTR_FEATURES), 0);

	for (i = 0; i < 8; i++)
		tyr_mcu_test_expect_csg(t, i);

	/* Outputs: global, then groups and streams. */
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_range_is(t, 0x200, 0x300, 0));
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_range_is(t, 0x4800, 0x9000, 0));
	/* Inputs, and what the interface does not use. */
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_range_is(t, 0x100, 0x200,
						      TEST_GARBAGE));
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_range_is(t, 0x2000, 0x4800,
						      TEST_GARBAGE));
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_range_is(t, 0x9000, TEST_FW_SIZE,
						      TEST_GARBAGE));
}

static void tyr_model_test_mcu_boot(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_mcu_state state;
	struct tyr_model_stats stats;
	struct tyr_mcu_test *t;

	cfg.mcu_boot_delay_us = 20000;
	t = tyr_mcu_test_create(test, &cfg, TEST_FW_PAGES, TEST_PTE_AF);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_DISABLED);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_CONTROL), 0);

	/* Not instantaneous. */
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_AUTO);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_CONTROL),
			TYR_MCU_CONTROL_AUTO);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_DISABLED);
	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_TRUE(test, state.booting);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_VERSION),
			0xa5a5a5a5);

	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(t->model, TYR_MCU_STATUS,
						    ~0u,
						    TYR_MCU_STATUS_ENABLED));
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			TYR_JOB_IRQ_GLOBAL);
	tyr_mcu_test_expect_iface(t);

	/* MCU_STATUS is read-only. */
	tyr_model_write(t->model, TYR_MCU_STATUS, TYR_MCU_STATUS_HALT);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_ENABLED);

	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_EQ(test, state.status, TYR_MCU_STATUS_ENABLED);
	KUNIT_EXPECT_EQ(test, state.control, TYR_MCU_CONTROL_AUTO);
	KUNIT_EXPECT_FALSE(test, state.booting);
	KUNIT_EXPECT_EQ(test, state.boots, 1);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.mcu_boot_failures, 0);
	KUNIT_EXPECT_EQ(test, stats.mmu_faults, 0);
	KUNIT_EXPECT_EQ(test, stats.ro_writes, 1);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)),
			0);
}

/* Expect a boot to have failed on a fault @status at @va. */
static void tyr_mcu_test_expect_boot_fault(struct tyr_mmu_test *t, u32 status,
					   u64 va)
{
	struct kunit *test = t->test;
	struct tyr_model_mcu_state state;
	struct tyr_model_stats stats;

	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(t->model, TYR_MCU_STATUS,
						    ~0u, TYR_MCU_STATUS_FATAL));
	tyr_mmu_test_expect_fault(t, status, va);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			0);

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.mcu_boot_failures, 1);
	KUNIT_EXPECT_EQ(test, stats.mcu_faults, 1);
	KUNIT_EXPECT_EQ(test, stats.mmu_faults, 1);
	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_EQ(test, state.boots, 0);
}

static void tyr_model_test_mcu_boot_unmapped(struct kunit *test)
{
	struct tyr_mmu_test *t = tyr_mmu_test_create(test, NULL, 0);
	struct tyr_model_stats stats;

	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_ENABLE);
	tyr_mcu_test_expect_boot_fault(t, TEST_FAULT(TYR_AS_EXC_TRANSLATION(0),
						     TYR_AS_ACCESS_WRITE),
				       TEST_FW_VA);

	/* A fault stops the MCU until it is disabled. */
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_AUTO);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_FATAL);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.mcu_boot_failures, 1);

	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_DISABLE);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_DISABLED);
}

static void tyr_model_test_mcu_boot_read_only(struct kunit *test)
{
	struct tyr_mcu_test *t;

	t = tyr_mcu_test_create(test, NULL, TEST_FW_PAGES,
				TEST_PTE_AF | TEST_PTE_AP_RDONLY);
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_AUTO);
	tyr_mcu_test_expect_boot_fault(t->mmu,
				       TEST_FAULT(TYR_AS_EXC_PERMISSION(3),
						  TYR_AS_ACCESS_WRITE),
				       TEST_FW_VA);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_rd(t, TYR_GLB_CTL_VERSION),
			0xa5a5a5a5);
}

/* A section too small for the stream output areas. */
static void tyr_model_test_mcu_boot_short(struct kunit *test)
{
	struct tyr_mcu_test *t;

	t = tyr_mcu_test_create(test, NULL, 8, TEST_PTE_AF);
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_AUTO);
	tyr_mcu_test_expect_boot_fault(t->mmu,
				       TEST_FAULT(TYR_AS_EXC_TRANSLATION(3),
						  TYR_AS_ACCESS_WRITE),
				       TEST_FW_VA + 8 * SZ_4K);
}

static void tyr_model_test_mcu_boot_hangs(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_mcu_state state;
	struct tyr_mcu_test *t;

	cfg.mcu_boot_hangs = true;
	t = tyr_mcu_test_create(test, &cfg, TEST_FW_PAGES, TEST_PTE_AF);

	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_AUTO);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_DISABLED);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_CONTROL),
			TYR_MCU_CONTROL_AUTO);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			0);
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_range_is(t, 0, TEST_FW_SIZE,
						      TEST_GARBAGE));
	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_TRUE(test, state.booting);
	KUNIT_EXPECT_EQ(test, state.boots, 0);
}

static void tyr_model_test_mcu_glb_request(struct kunit *test)
{
	struct tyr_mcu_test *t = tyr_mcu_test_create(test, NULL, TEST_FW_PAGES,
						     TEST_PTE_AF);
	u32 cfg_bits = TYR_GLB_CFG_PROGRESS_TIMER | TYR_GLB_CFG_POWEROFF_TIMER |
		       TYR_GLB_IDLE_EN;
	struct tyr_model_mcu_state state;
	struct tyr_model_stats stats;
	u32 in;

	tyr_mcu_test_boot(t, TYR_GLB_PING);
	in = t->glb_in;

	tyr_mcu_test_request(t, TYR_GLB_PING);
	KUNIT_ASSERT_TRUE(test, tyr_mcu_test_wait_ack(t, TYR_GLB_PING));
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_glb_ack(t), TYR_GLB_PING);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			TYR_JOB_IRQ_GLOBAL);
	tyr_model_write(t->model, JOB_REG(TYR_IRQ_CLEAR), TYR_JOB_IRQ_GLOBAL);

	/* Configuration, and an event acknowledged: not a request. */
	tyr_mcu_test_wr(t, in + TYR_GLB_IN_PROGRESS_TIMER, 0x1234);
	tyr_mcu_test_wr(t, in + TYR_GLB_IN_POWEROFF_TIMER, 0x80000020);
	tyr_mcu_test_wr(t, in + TYR_GLB_IN_IDLE_TIMER, 0x800003e8);
	tyr_mcu_test_wr(t, in + TYR_GLB_IN_CORE_EN_MASK, 0x50005);
	tyr_mcu_test_wr(t, in + TYR_HI(TYR_GLB_IN_CORE_EN_MASK), 0x12);
	tyr_mcu_test_request(t, cfg_bits | TYR_GLB_IDLE);
	KUNIT_ASSERT_TRUE(test, tyr_mcu_test_wait_ack(t, cfg_bits));
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_glb_ack(t), TYR_GLB_PING | cfg_bits);
	/* None of those is in ack_irq_mask. */
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			0);

	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_EQ(test, state.progress_timer, 0x1234);
	KUNIT_EXPECT_EQ(test, state.poweroff_timer, 0x80000020);
	KUNIT_EXPECT_EQ(test, state.idle_timer, 0x800003e8);
	KUNIT_EXPECT_EQ(test, state.core_en_mask, 0x1200050005ull);
	KUNIT_EXPECT_EQ(test, state.ack_irq_mask, TYR_GLB_PING);
	KUNIT_EXPECT_TRUE(test, state.idle_en);

	/* Timers are taken on their request only, the rest on every pass. */
	tyr_mcu_test_wr(t, in + TYR_GLB_IN_PROGRESS_TIMER, 0x9999);
	tyr_mcu_test_wr(t, in + TYR_GLB_IN_POWEROFF_TIMER, 0x9999);
	tyr_mcu_test_wr(t, in + TYR_GLB_IN_IDLE_TIMER, 5);
	tyr_mcu_test_wr(t, in + TYR_GLB_IN_ACK_IRQ_MASK,
			TYR_GLB_PING | TYR_GLB_IDLE_EN);
	tyr_mcu_test_request(t, TYR_GLB_PING | TYR_GLB_IDLE_EN);
	KUNIT_ASSERT_TRUE(test, tyr_mcu_test_wait_ack(t, TYR_GLB_PING |
						      TYR_GLB_IDLE_EN));
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			TYR_JOB_IRQ_GLOBAL);
	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_EQ(test, state.progress_timer, 0x1234);
	KUNIT_EXPECT_EQ(test, state.poweroff_timer, 0x80000020);
	KUNIT_EXPECT_EQ(test, state.idle_timer, 5);
	KUNIT_EXPECT_EQ(test, state.ack_irq_mask, TYR_GLB_PING | TYR_GLB_IDLE_EN);
	KUNIT_EXPECT_FALSE(test, state.idle_en);
	KUNIT_EXPECT_EQ(test, state.status, TYR_MCU_STATUS_ENABLED);

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.doorbells[TYR_DOORBELL_GLB], 3);
	KUNIT_EXPECT_EQ(test, stats.glb_services, 3);
	KUNIT_EXPECT_EQ(test, stats.glb_requests[8], 2);	/* PING */
	KUNIT_EXPECT_EQ(test, stats.glb_requests[1], 1);
	KUNIT_EXPECT_EQ(test, stats.glb_requests[3], 1);
	KUNIT_EXPECT_EQ(test, stats.glb_requests[10], 2);	/* IDLE_EN */
	KUNIT_EXPECT_EQ(test, stats.glb_requests[26], 0);
	KUNIT_EXPECT_EQ(test, stats.pings_ignored, 0);
}

static void tyr_model_test_mcu_ping_ignored(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_stats stats;
	struct tyr_mcu_test *t;

	cfg.mcu_ping_ignored = true;
	t = tyr_mcu_test_create(test, &cfg, TEST_FW_PAGES, TEST_PTE_AF);
	tyr_mcu_test_boot(t, TYR_GLB_PING);

	tyr_mcu_test_request(t, TYR_GLB_PING | TYR_GLB_CFG_POWEROFF_TIMER);
	KUNIT_ASSERT_TRUE(test, tyr_mcu_test_wait_ack(t,
						      TYR_GLB_CFG_POWEROFF_TIMER));
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_glb_ack(t), TYR_GLB_CFG_POWEROFF_TIMER);

	/* Asked again, still no answer. */
	tyr_model_write(t->model, TYR_DOORBELL(TYR_DOORBELL_GLB), 1);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(({
		tyr_model_get_stats(t->model, &stats);
		stats.glb_services == 2; }), 1000));
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_glb_ack(t), TYR_GLB_CFG_POWEROFF_TIMER);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			0);

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.pings_ignored, 2);
	KUNIT_EXPECT_EQ(test, stats.glb_requests[8], 0);
	KUNIT_EXPECT_EQ(test, stats.glb_requests[3], 1);
}

static void tyr_model_test_mcu_halt(struct kunit *test)
{
	struct tyr_mcu_test *t = tyr_mcu_test_create(test, NULL, TEST_FW_PAGES,
						     TEST_PTE_AF);
	struct tyr_model_mcu_state state;
	struct tyr_model_stats stats;

	tyr_mcu_test_boot(t, TYR_GLB_HALT | TYR_GLB_PING);

	tyr_mcu_test_request(t, TYR_GLB_HALT);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(t->model, TYR_MCU_STATUS,
						    ~0u, TYR_MCU_STATUS_HALT));
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_glb_ack(t), TYR_GLB_HALT);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			TYR_JOB_IRQ_GLOBAL);
	tyr_model_write(t->model, JOB_REG(TYR_IRQ_CLEAR), TYR_JOB_IRQ_GLOBAL);

	/* Halted: requests go unanswered. */
	tyr_mcu_test_request(t, TYR_GLB_PING);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_glb_ack(t), TYR_GLB_HALT);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.glb_services, 1);
	KUNIT_EXPECT_EQ(test, stats.doorbells[TYR_DOORBELL_GLB], 2);

	/* Restarted, it boots from scratch. */
	tyr_mcu_test_fill(t, 0, 0x100, 0);
	tyr_mcu_test_fill(t, 0x200, 0x300, TEST_GARBAGE);
	tyr_mcu_test_fill(t, 0x4800, 0x9000, TEST_GARBAGE);
	tyr_mcu_test_fill(t, 0x100, 0x200, TEST_GARBAGE);
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_AUTO);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(t->model, TYR_MCU_STATUS,
						    ~0u,
						    TYR_MCU_STATUS_ENABLED));
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			TYR_JOB_IRQ_GLOBAL);
	tyr_mcu_test_expect_iface(t);

	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_EQ(test, state.boots, 2);
	KUNIT_EXPECT_EQ(test, state.halts, 1);
	KUNIT_EXPECT_EQ(test, state.ack_irq_mask, 0);
}

static void tyr_model_test_mcu_disable(struct kunit *test)
{
	struct tyr_mcu_test *t = tyr_mcu_test_create(test, NULL, TEST_FW_PAGES,
						     TEST_PTE_AF);
	struct tyr_model_stats stats;

	tyr_mcu_test_boot(t, TYR_GLB_PING);

	/* At once. */
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_DISABLE);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_DISABLED);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_CONTROL),
			TYR_MCU_CONTROL_DISABLE);

	tyr_mcu_test_request(t, TYR_GLB_PING);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_glb_ack(t), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			0);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.glb_services, 0);
	KUNIT_EXPECT_EQ(test, stats.doorbells[TYR_DOORBELL_GLB], 1);

	/* Reserved values are ignored. */
	tyr_model_write(t->model, TYR_MCU_CONTROL, 3);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_CONTROL),
			TYR_MCU_CONTROL_DISABLE);
}

static void tyr_model_test_mcu_power_loss(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_mcu_test *t = tyr_mcu_test_create(test, NULL, TEST_FW_PAGES,
						     TEST_PTE_AF);
	struct tyr_model_mcu_state state;
	struct tyr_model_stats stats;
	unsigned int unpowered;

	tyr_mcu_test_boot(t, TYR_GLB_PING);
	tyr_mcu_test_request(t, TYR_GLB_PING);
	KUNIT_ASSERT_TRUE(test, tyr_mcu_test_wait_ack(t, TYR_GLB_PING));

	/* Unpowered: reset values, doorbells go nowhere. */
	tyr_model_set_power(t->model, false);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_CONTROL), 0);
	tyr_model_write(t->model, TYR_DOORBELL(TYR_DOORBELL_GLB), 1);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.doorbells[TYR_DOORBELL_GLB], 1);
	KUNIT_EXPECT_EQ(test, stats.unpowered_accesses, 3);

	tyr_model_set_power(t->model, true);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_DISABLED);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_CONTROL), 0);
	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_EQ(test, state.ack_irq_mask, 0);
	KUNIT_EXPECT_EQ(test, state.boots, 1);

	/* A boot under way when the power goes never happens. */
	cfg.mcu_boot_delay_us = 20000;
	tyr_model_set_config(t->model, &cfg);
	tyr_mmu_test_program(t->mmu, t->mmu->l0_phys, TEST_TRANSCFG);
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_AUTO);
	tyr_model_set_power(t->model, false);
	tyr_model_get_stats(t->model, &stats);
	unpowered = stats.unpowered_accesses;
	msleep(40);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.unpowered_accesses, unpowered);
	tyr_model_set_power(t->model, true);
	msleep(40);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_DISABLED);
	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_FALSE(test, state.booting);
	KUNIT_EXPECT_EQ(test, state.boots, 1);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)),
			0);
}

static void tyr_model_test_mcu_reset(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_mcu_state state;
	struct tyr_mcu_test *t;

	cfg.mcu_boot_delay_us = 20000;
	t = tyr_mcu_test_create(test, &cfg, TEST_FW_PAGES, TEST_PTE_AF);
	tyr_mcu_test_boot(t, TYR_GLB_PING);
	tyr_mcu_test_request(t, TYR_GLB_PING);
	KUNIT_ASSERT_TRUE(test, tyr_mcu_test_wait_ack(t, TYR_GLB_PING));

	/* A reset ends a running MCU, and a boot under way. */
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_DISABLE);
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_ENABLE);
	tyr_model_write(t->model, GPU_REG(TYR_IRQ_MASK),
			TYR_GPU_IRQ_RESET_COMPLETED);
	tyr_model_write(t->model, TYR_GPU_COMMAND, TYR_GPU_CMD_SOFT_RESET);
	KUNIT_ASSERT_TRUE(test, tyr_model_test_wait(t->model, GPU_REG(TYR_IRQ_RAWSTAT),
						    TYR_GPU_IRQ_RESET_COMPLETED,
						    TYR_GPU_IRQ_RESET_COMPLETED));
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_DISABLED);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_CONTROL), 0);

	msleep(40);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_MCU_STATUS),
			TYR_MCU_STATUS_DISABLED);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)),
			0);
	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_FALSE(test, state.booting);
	KUNIT_EXPECT_EQ(test, state.boots, 1);
	KUNIT_EXPECT_EQ(test, state.ack_irq_mask, 0);

	/* And it boots again. */
	tyr_mmu_test_program(t->mmu, t->mmu->l0_phys, TEST_TRANSCFG);
	tyr_mcu_test_boot(t, 0);
	tyr_model_get_mcu_state(t->model, &state);
	KUNIT_EXPECT_EQ(test, state.boots, 2);
}

static void tyr_model_test_mcu_doorbells(struct kunit *test)
{
	struct tyr_mcu_test *t = tyr_mcu_test_create(test, NULL, TEST_FW_PAGES,
						     TEST_PTE_AF);
	struct tyr_model_stats stats;

	/* Nobody listens before the MCU runs. */
	tyr_model_write(t->model, TYR_DOORBELL(TYR_DOORBELL_GLB), 1);
	tyr_mcu_test_boot(t, 0);

	tyr_model_write(t->model, TYR_DOORBELL(5), 1);
	tyr_model_write(t->model, TYR_DOORBELL(63), 1);
	tyr_model_write(t->model, TYR_DOORBELL(5), 1);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_DOORBELL(5)), 0);
	msleep(20);

	/* Only the doorbell words. */
	tyr_model_write(t->model, TYR_DOORBELL(5) + 4, 1);
	tyr_model_write(t->model, TYR_DOORBELL(TYR_DOORBELL_COUNT), 1);
	tyr_model_write(t->model, TYR_DOORBELL(0) - 0x10000, 1);
	tyr_model_read(t->model, TYR_DOORBELL(1) + 0x100);
	tyr_model_write(t->model, TYR_DOORBELL(2) + 2, 1);

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.doorbells[TYR_DOORBELL_GLB], 1);
	KUNIT_EXPECT_EQ(test, stats.doorbells[5], 2);
	KUNIT_EXPECT_EQ(test, stats.doorbells[63], 1);
	KUNIT_EXPECT_EQ(test, stats.doorbells[2], 0);
	KUNIT_EXPECT_EQ(test, stats.glb_services, 0);
	KUNIT_EXPECT_EQ(test, stats.bad_accesses, 5);
	KUNIT_EXPECT_EQ(test, stats.ro_writes, 0);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_glb_ack(t), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT)),
			0);
}

/*
 * Command streams. AS 0 maps, besides the shared section, a page of ring
 * control blocks (32 bytes per stream: input {insert, extract}, output
 * {extract, active}) and a suspend buffer per group. Group i runs in AS
 * 1 + i, where stream j has a 4 KiB ring at TEST_RING_VA + j * 4 KiB and
 * the tests map what their jobs use.
 */
#define TEST_CTRL_VA		0x05000000ull
#define TEST_SUSPEND_VA		0x05100000ull
#define TEST_RING_VA		0x00800000ull
#define TEST_RING_SIZE		SZ_4K
#define TEST_USER_VA		0x01000000ull	/* IGT's job */
#define TEST_RESULT_VA		0x01001000ull	/* IGT's result BO */
#define TEST_SYNC_VA		0x01002000ull
#define TEST_DATA_VA		0x01003000ull
#define TEST_UNMAPPED_VA	0x07000000ull
#define TEST_CSG_IN(i)		(0x2000 + 0x100 * (i))
#define TEST_CSG_OUT(i)		(0x4800 + 0x100 * (i))
#define TEST_CS_IN(i, j)	(0x2800 + 0x80 * (8 * (i) + (j)))
#define TEST_CS_OUT(i, j)	(0x5000 + 0x100 * (8 * (i) + (j)))
#define TEST_CTRL(i, j)		(32 * (8 * (i) + (j)))

/* Encoders for what tyr_cs.h has none for, with the fields of the facts. */
static u64 test_cs_rr(u32 op, u32 dst, u32 src, u32 src2, u32 low)
{
	return tyr_cs_op(op) | (u64)dst << 48 | (u64)src << 40 |
	       (u64)src2 << 32 | low;
}

static u64 test_cs_add32(u32 dst, u32 src, s32 imm)
{
	return test_cs_rr(TYR_CS_OP_ADD_IMM32, dst, src, 0, imm);
}

static u64 test_cs_add64(u32 dst, u32 src, s32 imm)
{
	return test_cs_rr(TYR_CS_OP_ADD_IMM64, dst, src, 0, imm);
}

/* UMIN32 as the model reads it: dst [55:48], sources [47:40], [39:32]. */
static u64 test_cs_umin32(u32 dst, u32 a, u32 b)
{
	return test_cs_rr(TYR_CS_OP_UMIN32, dst, a, b, 0);
}

static u64 test_cs_ldst(u32 op, u32 base, u32 addr, u16 mask, s16 off)
{
	return test_cs_rr(op, base, addr, 0, (u32)mask << 16 | (u16)off);
}

static u64 test_cs_branch(u32 cond, u32 reg, s16 off)
{
	return test_cs_rr(TYR_CS_OP_BRANCH, 0, reg, 0, cond << 28 | (u16)off);
}

static u64 test_cs_jump(u32 addr, u32 len)
{
	return test_cs_rr(TYR_CS_OP_JUMP, 0, addr, len, 0);
}

/* SYNC_WAIT64, until the value at @addr is > (GT, 1) or <= (LE, 0) @val. */
static u64 test_cs_sync_wait64(u32 cond, u32 addr, u32 val)
{
	return test_cs_rr(TYR_CS_OP_SYNC_WAIT64, 0, addr, val, cond << 28);
}

/* SYNC_ADD64 with error propagation (bit 0), as panthor's jobs end. */
static u64 test_cs_sync_add64(u32 addr, u32 val)
{
	return tyr_cs_sync_add64(addr, val, TYR_CS_SYNC_SCOPE_SYSTEM, 0xff, 0) |
	       BIT_ULL(0);
}

#define TEST_COND_LE		0
#define TEST_COND_GT		1
#define TEST_COND_NE		3
#define TEST_COND_LT		4
#define TEST_COND_GE		5
#define TEST_COND_ALWAYS	6

/* IGT's group_submit job, 56 bytes: 0xdeadbeef to TEST_RESULT_VA. */
static const u64 tyr_cs_test_igt_job[] = {
	0x0144000001001000ull, 0x02460000deadbeefull, 0x1546440000010000ull,
	0x0300000000ff0000ull, 0x0246000000000000ull, 0x2401460000000233ull,
	0x0300000000ff0000ull,
};

struct tyr_cs_test {
	struct kunit *test;
	struct tyr_mcu_test *mcu;
	struct tyr_model *model;
	/* Page tables of the groups' address spaces. */
	struct tyr_mmu_test *vm[TYR_MODEL_AS_COUNT];
	u8 *ctrl;
	u8 *suspend[TYR_MODEL_CSG_COUNT];
};

/* A queue: stream @cs of group @csg, as the host sees it. */
struct tyr_cs_test_queue {
	struct tyr_cs_test *t;
	unsigned int csg;
	unsigned int cs;
	__le64 *ring;
	__le64 *ring_in;
	__le64 *ring_out;
	u64 insert;
};

static u32 tyr_cs_test_rd(struct tyr_cs_test *t, u32 offset)
{
	return tyr_mcu_test_rd(t->mcu, offset);
}

static void tyr_cs_test_wr(struct tyr_cs_test *t, u32 offset, u32 val)
{
	tyr_mcu_test_wr(t->mcu, offset, val);
}

static void tyr_cs_test_wr64(struct tyr_cs_test *t, u32 offset, u64 val)
{
	tyr_mcu_test_wr(t->mcu, offset, lower_32_bits(val));
	tyr_mcu_test_wr(t->mcu, offset + 4, upper_32_bits(val));
}

static u64 tyr_cs_test_rd64(struct tyr_cs_test *t, u32 offset)
{
	return tyr_mcu_test_rd(t->mcu, offset) |
	       (u64)tyr_mcu_test_rd(t->mcu, offset + 4) << 32;
}

static void tyr_cs_test_toggle(struct tyr_cs_test *t, u32 offset, u32 bits)
{
	tyr_cs_test_wr(t, offset, tyr_cs_test_rd(t, offset) ^ bits);
}

/* Whether events of @bits are pending (req != ack) in a req/ack pair. */
static u32 tyr_cs_test_pending(struct tyr_cs_test *t, u32 req, u32 ack,
			       u32 bits)
{
	return (tyr_cs_test_rd(t, req) ^ tyr_cs_test_rd(t, ack)) & bits;
}

static u32 tyr_cs_test_job_irqs(struct tyr_cs_test *t)
{
	return tyr_model_read(t->model, JOB_REG(TYR_IRQ_RAWSTAT));
}

static void tyr_cs_test_clear_irqs(struct tyr_cs_test *t)
{
	tyr_model_write(t->model, JOB_REG(TYR_IRQ_CLEAR), ~0u);
}

/* The page tables of @as, made and enabled on first use. */
static struct tyr_mmu_test *tyr_cs_test_vm(struct tyr_cs_test *t,
					   unsigned int as)
{
	struct tyr_mmu_test *vm = t->vm[as];

	if (vm)
		return vm;

	vm = kunit_kzalloc(t->test, sizeof(*vm), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(t->test, vm);
	vm->test = t->test;
	vm->model = t->model;
	vm->as = as;
	vm->l0 = tyr_mmu_test_page(t->test, &vm->l0_phys);
	tyr_mmu_test_program(vm, vm->l0_phys, TEST_TRANSCFG);
	t->vm[as] = vm;
	return vm;
}

/* A page mapped at @va in the address space of group @csg. */
static void *tyr_cs_test_map(struct tyr_cs_test *t, unsigned int csg, u64 va)
{
	return tyr_mmu_test_map_page(tyr_cs_test_vm(t, 1 + csg), va,
				     TEST_PTE_AF);
}

/* Map the page of @data (one tyr_cs_test_map() made) at @va for @csg too. */
static void tyr_cs_test_share(struct tyr_cs_test *t, unsigned int csg, u64 va,
			      void *data)
{
	tyr_mmu_test_map(tyr_cs_test_vm(t, 1 + csg), va, virt_to_phys(data), 3,
			 TEST_PTE_AF);
}

/* A booted MCU (@cfg, NULL for the fast one), its input areas zeroed. */
static struct tyr_cs_test *tyr_cs_test_create(struct kunit *test,
					      const struct tyr_model_config *cfg)
{
	struct tyr_cs_test *t;
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->mcu = tyr_mcu_test_create(test, cfg, TEST_FW_PAGES, TEST_PTE_AF);
	t->model = t->mcu->model;
	t->ctrl = tyr_mmu_test_map_page(t->mcu->mmu, TEST_CTRL_VA, TEST_PTE_AF);
	for (i = 0; i < TYR_MODEL_CSG_COUNT; i++)
		t->suspend[i] = tyr_mmu_test_map_page(t->mcu->mmu,
						      TEST_SUSPEND_VA + i * SZ_4K,
						      TEST_PTE_AF);

	tyr_mcu_test_boot(t->mcu, 0);
	tyr_mcu_test_fill(t->mcu, 0x2000, 0x4800, 0);
	return t;
}

/*
 * Set stream @j of group @i up as the host does before starting the group:
 * an empty 4 KiB ring, doorbell i + 1, every event signalled, state START,
 * and the stream's bit of the group's doorbell_req flipped.
 */
static struct tyr_cs_test_queue *tyr_cs_test_queue(struct tyr_cs_test *t,
						   unsigned int i,
						   unsigned int j)
{
	struct tyr_cs_test_queue *q;
	u32 in = TEST_CS_IN(i, j);

	q = kunit_kzalloc(t->test, sizeof(*q), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(t->test, q);
	q->t = t;
	q->csg = i;
	q->cs = j;
	q->ring = tyr_cs_test_map(t, i, TEST_RING_VA + j * SZ_4K);
	q->ring_in = (__le64 *)(t->ctrl + TEST_CTRL(i, j));
	q->ring_out = (__le64 *)(t->ctrl + TEST_CTRL(i, j) + 16);
	memset(q->ring_in, 0, 32);

	tyr_cs_test_wr64(t, in + TYR_CS_IN_RINGBUF_BASE, TEST_RING_VA + j * SZ_4K);
	tyr_cs_test_wr(t, in + TYR_CS_IN_RINGBUF_SIZE, TEST_RING_SIZE);
	tyr_cs_test_wr64(t, in + TYR_CS_IN_RINGBUF_INPUT,
			 TEST_CTRL_VA + TEST_CTRL(i, j));
	tyr_cs_test_wr64(t, in + TYR_CS_IN_RINGBUF_OUTPUT,
			 TEST_CTRL_VA + TEST_CTRL(i, j) + 16);
	tyr_cs_test_wr(t, in + TYR_CS_IN_CONFIG,
		       FIELD_PREP(TYR_CS_CONFIG_PRIORITY, 1) |
		       FIELD_PREP(TYR_CS_CONFIG_DOORBELL, i + 1));
	tyr_cs_test_wr(t, in + TYR_CS_IN_ACK_IRQ_MASK, ~0u);
	tyr_cs_test_wr(t, in + TYR_CS_IN_REQ,
		       (tyr_cs_test_rd(t, in + TYR_CS_IN_REQ) & ~TYR_CS_STATE) |
		       TYR_CS_STATE_START);
	tyr_cs_test_toggle(t, TEST_CSG_IN(i) + TYR_CSG_IN_DOORBELL_REQ, BIT(j));
	return q;
}

/* Ask group @i for @state as the host does, and wait for the answer. */
static void tyr_cs_test_csg_state(struct tyr_cs_test *t, unsigned int i,
				  u32 state)
{
	u32 in = TEST_CSG_IN(i);

	tyr_cs_test_wr(t, in + TYR_CSG_IN_REQ,
		       (tyr_cs_test_rd(t, in + TYR_CSG_IN_REQ) & ~TYR_CSG_STATE) |
		       state);
	tyr_cs_test_toggle(t, t->mcu->glb_in + TYR_GLB_IN_DOORBELL_REQ, BIT(i));
	tyr_model_write(t->model, TYR_DOORBELL(TYR_DOORBELL_GLB), 1);
	KUNIT_ASSERT_TRUE(t->test, tyr_test_wait_until(({
		FIELD_GET(TYR_CSG_STATE,
			  tyr_cs_test_rd(t, TEST_CSG_OUT(i) + TYR_CSG_OUT_ACK)) ==
		state; }), 1000));
}

/* Start group @i in AS 1 + i, its events signalled, as the host does. */
static void tyr_cs_test_csg_start(struct tyr_cs_test *t, unsigned int i)
{
	u32 in = TEST_CSG_IN(i);

	tyr_cs_test_vm(t, 1 + i);
	tyr_cs_test_wr64(t, in + TYR_CSG_IN_ALLOW_COMPUTE, 0x50005);
	tyr_cs_test_wr64(t, in + TYR_CSG_IN_ALLOW_FRAGMENT, 0x50005);
	tyr_cs_test_wr(t, in + TYR_CSG_IN_ALLOW_OTHER, 1);
	tyr_cs_test_wr(t, in + TYR_CSG_IN_ENDPOINT_REQ,
		       FIELD_PREP(TYR_CSG_EP_COMPUTE, 4) |
		       FIELD_PREP(TYR_CSG_EP_FRAGMENT, 4) |
		       FIELD_PREP(TYR_CSG_EP_TILER, 1));
	tyr_cs_test_wr64(t, in + TYR_CSG_IN_SUSPEND_BUF,
			 TEST_SUSPEND_VA + i * SZ_4K);
	tyr_cs_test_wr(t, in + TYR_CSG_IN_CONFIG, 1 + i);
	tyr_cs_test_wr(t, in + TYR_CSG_IN_ACK_IRQ_MASK, ~0u);
	tyr_cs_test_csg_state(t, i, TYR_CSG_STATE_START);
}

/*
 * Acknowledge what group @i signalled, as the host does: its events, its
 * streams' cs_irq_req bits, and the job interrupt.
 */
static void tyr_cs_test_ack(struct tyr_cs_test *t, unsigned int i)
{
	u32 req = TEST_CSG_IN(i) + TYR_CSG_IN_REQ;
	u32 ack = tyr_cs_test_rd(t, TEST_CSG_OUT(i) + TYR_CSG_OUT_ACK);

	tyr_cs_test_wr(t, req, (tyr_cs_test_rd(t, req) & ~TYR_CSG_EVENT_MASK) |
		       (ack & TYR_CSG_EVENT_MASK));
	tyr_cs_test_wr(t, TEST_CSG_IN(i) + TYR_CSG_IN_CS_IRQ_ACK,
		       tyr_cs_test_rd(t, TEST_CSG_OUT(i) + TYR_CSG_OUT_CS_IRQ_REQ));
	tyr_cs_test_clear_irqs(t);
}

/* Append @n instructions to the ring of @q and ring its doorbell. */
static void tyr_cs_test_submit(struct tyr_cs_test_queue *q, const u64 *instrs,
			       unsigned int n)
{
	unsigned int k, slots = TEST_RING_SIZE / sizeof(u64);

	for (k = 0; k < n; k++)
		q->ring[(q->insert / sizeof(u64) + k) % slots] =
			cpu_to_le64(instrs[k]);
	q->insert += n * sizeof(u64);
	WRITE_ONCE(q->ring_in[0], cpu_to_le64(q->insert));
	tyr_model_write(q->t->model, TYR_DOORBELL(q->csg + 1), 1);
}

static u64 tyr_cs_test_extract(struct tyr_cs_test_queue *q)
{
	return le64_to_cpu(READ_ONCE(q->ring_out[0]));
}

static enum tyr_model_cs_state tyr_cs_test_state(struct tyr_cs_test_queue *q)
{
	struct tyr_model_cs_info info;

	KUNIT_ASSERT_EQ(q->t->test, 0, tyr_model_get_cs_info(q->t->model, q->csg,
							     q->cs, &info));
	return info.state;
}

static bool tyr_cs_test_wait_state(struct tyr_cs_test_queue *q,
				   enum tyr_model_cs_state state)
{
	return tyr_test_wait_until(tyr_cs_test_state(q) == state, 1000);
}

/* Wait for the ring of @q to drain. */
static bool tyr_cs_test_wait_done(struct tyr_cs_test_queue *q)
{
	return tyr_test_wait_until(tyr_cs_test_extract(q) == q->insert &&
				   tyr_cs_test_state(q) == TYR_MODEL_CS_IDLE,
				   1000);
}

static u32 tyr_cs_test_reg(struct tyr_cs_test_queue *q, unsigned int reg)
{
	u32 val = 0xdeaddead;

	KUNIT_EXPECT_EQ(q->t->test, 0, tyr_model_cs_reg(q->t->model, q->csg,
							q->cs, reg, &val));
	return val;
}

static unsigned int tyr_cs_test_instrs(struct tyr_model *model)
{
	struct tyr_model_stats stats;
	unsigned int n = 0, op;

	tyr_model_get_stats(model, &stats);
	for (op = 0; op < TYR_MODEL_CS_OPCODES; op++)
		n += stats.cs_instructions[op];
	return n;
}

static void tyr_model_test_cs_first_job(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	u32 csg_req = TEST_CSG_IN(0) + TYR_CSG_IN_REQ;
	u32 csg_ack = TEST_CSG_OUT(0) + TYR_CSG_OUT_ACK;
	struct tyr_model_stats stats;
	__le64 *user, *sync;
	__le32 *result;
	unsigned int k;
	const u64 job[] = {
		tyr_cs_move48(0, TEST_USER_VA),
		tyr_cs_move32(2, sizeof(tyr_cs_test_igt_job)),
		tyr_cs_call(0, 2),
		tyr_cs_move48(4, TEST_SYNC_VA),
		tyr_cs_move48(6, 1),
		tyr_cs_wait(0xff),
		test_cs_sync_add64(4, 6),
	};

	user = tyr_cs_test_map(t, 0, TEST_USER_VA);
	result = tyr_cs_test_map(t, 0, TEST_RESULT_VA);
	sync = tyr_cs_test_map(t, 0, TEST_SYNC_VA);
	for (k = 0; k < ARRAY_SIZE(tyr_cs_test_igt_job); k++)
		user[k] = cpu_to_le64(tyr_cs_test_igt_job[k]);
	/* A status word that the error propagation overwrites. */
	sync[1] = cpu_to_le64(0xffffffff);

	tyr_cs_test_csg_start(t, 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) + TYR_CS_OUT_ACK) &
			TYR_CS_STATE, TYR_CS_STATE_START);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_IDLE));
	/* The group's START was acknowledged with its interrupt. */
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_job_irqs(t) & TYR_JOB_IRQ_CSG(0));
	tyr_cs_test_clear_irqs(t);
	/* Acknowledge the IDLE event of the empty group. */
	tyr_cs_test_wr(t, csg_req, tyr_cs_test_rd(t, csg_ack));

	tyr_cs_test_submit(q, job, ARRAY_SIZE(job));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));

	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0xdeadbeef);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(sync[0]), 1);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((__le32 *)sync)[2]), 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(q), sizeof(job));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((__le32 *)q->ring_out)[2]), 0);
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_pending(t, csg_req, csg_ack,
						    TYR_CSG_SYNC_UPDATE));
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_job_irqs(t) & TYR_JOB_IRQ_CSG(0));
	/* Drained: idle, with an event. */
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_pending(t, csg_req, csg_ack,
						    TYR_CSG_IDLE));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CSG_OUT(0) +
					     TYR_CSG_OUT_STATUS_STATE),
			TYR_CSG_STATUS_IDLE);
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)), 0);

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_MOVE48], 4);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_MOVE32], 3);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_CALL], 1);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_STORE_MULTIPLE], 1);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_WAIT], 3);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_FLUSH_CACHE2], 1);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_SYNC_ADD64], 1);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_instrs(t->model), 14);
	KUNIT_EXPECT_EQ(test, stats.sync_updates, 1);
	KUNIT_EXPECT_EQ(test, stats.csg_states[TYR_CSG_STATE_START], 1);
	KUNIT_EXPECT_EQ(test, stats.cs_fatals, 0);

	/* A second job, SYNC_UPDATE still unacknowledged: not raised again. */
	tyr_cs_test_submit(q, job + 3, ARRAY_SIZE(job) - 3);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(sync[0]), 2);
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_pending(t, csg_req, csg_ack,
						    TYR_CSG_SYNC_UPDATE));

	/* Acknowledged, the next one raises it again. */
	tyr_cs_test_wr(t, csg_req, tyr_cs_test_rd(t, csg_ack));
	tyr_cs_test_clear_irqs(t);
	tyr_cs_test_submit(q, job + 3, ARRAY_SIZE(job) - 3);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(sync[0]), 3);
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_pending(t, csg_req, csg_ack,
						    TYR_CSG_SYNC_UPDATE));
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_job_irqs(t) & TYR_JOB_IRQ_CSG(0));
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.sync_updates, 3);
}

/* B waits on A's sync object, from another group and address space. */
static void tyr_model_test_cs_cross_wait(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *a = tyr_cs_test_queue(t, 0, 0);
	struct tyr_cs_test_queue *b = tyr_cs_test_queue(t, 1, 0);
	u32 b_out = TEST_CS_OUT(1, 0);
	struct tyr_model_stats stats;
	__le32 *result;
	__le64 *sync;
	u64 job_b[] = {
		tyr_cs_move48(0, TEST_SYNC_VA),
		tyr_cs_move48(2, 0),
		test_cs_sync_wait64(TEST_COND_GT, 0, 2),
		tyr_cs_move48(4, TEST_RESULT_VA),
		tyr_cs_move32(6, 0xb),
		test_cs_ldst(TYR_CS_OP_STORE_MULTIPLE, 6, 4, 1, 0),
	};
	const u64 job_a[] = {
		tyr_cs_move48(0, TEST_SYNC_VA),
		tyr_cs_move48(2, 1),
		test_cs_sync_add64(0, 2),
	};

	sync = tyr_cs_test_map(t, 0, TEST_SYNC_VA);
	tyr_cs_test_share(t, 1, TEST_SYNC_VA, sync);
	result = tyr_cs_test_map(t, 1, TEST_RESULT_VA);
	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_csg_start(t, 1);

	/* B first: it blocks, nothing lands. */
	tyr_cs_test_submit(b, job_b, ARRAY_SIZE(job_b));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(b, TYR_MODEL_CS_BLOCKED_SYNC));
	msleep(20);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(b), TYR_MODEL_CS_BLOCKED_SYNC);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(b), 16);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((__le32 *)b->ring_out)[2]), 1);
	/* Blocked in a sync wait: the group is idle. */
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(tyr_cs_test_rd(t, TEST_CSG_OUT(1) +
								   TYR_CSG_OUT_STATUS_STATE) ==
						    TYR_CSG_STATUS_IDLE, 1000));

	/* What the host learns from a STATUS_UPDATE. */
	tyr_cs_test_toggle(t, TEST_CSG_IN(1) + TYR_CSG_IN_REQ, TYR_CSG_STATUS_UPDATE);
	tyr_cs_test_toggle(t, t->mcu->glb_in + TYR_GLB_IN_DOORBELL_REQ, BIT(1));
	tyr_model_write(t->model, TYR_DOORBELL(TYR_DOORBELL_GLB), 1);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(({
		!tyr_cs_test_pending(t, TEST_CSG_IN(1) + TYR_CSG_IN_REQ,
				     TEST_CSG_OUT(1) + TYR_CSG_OUT_ACK,
				     TYR_CSG_STATUS_UPDATE); }), 1000));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, b_out + TYR_CS_OUT_STATUS_BLOCKED), 3);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, b_out + TYR_CS_OUT_STATUS_WAIT),
			BIT(31) | BIT(30) | 1 << 24);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd64(t, b_out + TYR_CS_OUT_STATUS_WAIT_SYNC_PTR),
			TEST_SYNC_VA);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, b_out + TYR_CS_OUT_STATUS_WAIT_SYNC_VAL),
			0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd64(t, b_out + TYR_CS_OUT_STATUS_CMD_PTR),
			TEST_RING_VA + 16);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, b_out + TYR_CS_OUT_STATUS_SCOREBOARDS),
			0);

	/* A signals: B goes on after it. */
	tyr_cs_test_submit(a, job_a, ARRAY_SIZE(job_a));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(a));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(b));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(sync[0]), 1);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0xb);

	/* The CPU signals: B sees it without a doorbell. */
	job_b[1] = tyr_cs_move48(2, 4);
	job_b[4] = tyr_cs_move32(6, 0xc);
	tyr_cs_test_submit(b, job_b, ARRAY_SIZE(job_b));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(b, TYR_MODEL_CS_BLOCKED_SYNC));
	WRITE_ONCE(sync[0], cpu_to_le64(4));
	msleep(20);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0xb);
	WRITE_ONCE(sync[0], cpu_to_le64(5));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(b));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0xc);

	/* An LE wait that holds at once does not block. */
	job_b[2] = test_cs_sync_wait64(TEST_COND_LE, 0, 2);
	job_b[1] = tyr_cs_move48(2, 5);
	job_b[4] = tyr_cs_move32(6, 0xd);
	tyr_cs_test_submit(b, job_b, ARRAY_SIZE(job_b));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(b));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0xd);

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_SYNC_WAIT64], 3);
	KUNIT_EXPECT_EQ(test, stats.sync_updates, 1);
}

static void tyr_model_test_cs_control_flow(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	struct tyr_model_cs_info info;
	__le64 *user;
	__le32 *data;
	unsigned int k;
	/* Called from the ring: calls buf2, then adds 100 to r10. */
	const u64 buf1[] = {
		tyr_cs_move32(10, 1),
		tyr_cs_call(20, 22),
		test_cs_add32(10, 10, 100),
	};
	/* Jumps to buf3, never to come back. */
	const u64 buf2[] = {
		test_cs_add32(11, 11, 7),
		test_cs_jump(24, 26),
		tyr_cs_move32(13, 0xbad),
	};
	const u64 buf3[] = {
		tyr_cs_move32(12, 3),
		tyr_cs_op(TYR_CS_OP_NOP),
	};
	const u64 job[] = {
		tyr_cs_move48(20, TEST_USER_VA + 0x100),
		tyr_cs_move32(22, sizeof(buf2)),
		tyr_cs_move48(24, TEST_USER_VA + 0x200),
		tyr_cs_move32(26, sizeof(buf3)),
		tyr_cs_move48(0, TEST_USER_VA),
		tyr_cs_move32(2, sizeof(buf1)),
		tyr_cs_call(0, 2),
		/* Loop: r30 += 3, ten times. */
		tyr_cs_move32(31, 10),
		test_cs_add32(30, 30, 3),
		test_cs_add32(31, 31, -1),
		test_cs_branch(TEST_COND_NE, 31, -3),
		/* Store r50, r51, r53 at data + 8, load them back to r60... */
		tyr_cs_move48(40, TEST_DATA_VA),
		tyr_cs_move32(50, 0x11),
		tyr_cs_move32(51, 0x22),
		tyr_cs_move32(52, 0x33),
		tyr_cs_move32(53, 0x44),
		tyr_cs_move32(62, 0x99),
		test_cs_ldst(TYR_CS_OP_STORE_MULTIPLE, 50, 40, 0xb, 8),
		test_cs_ldst(TYR_CS_OP_LOAD_MULTIPLE, 60, 40, 0xb, 8),
		/* A negative offset, for r64. */
		tyr_cs_move48(42, TEST_DATA_VA + 0x20),
		test_cs_ldst(TYR_CS_OP_LOAD_MULTIPLE, 64, 42, 0x1, -0x18),
		/* 64-bit arithmetic carries across the pair. */
		tyr_cs_move48(70, 0xfffffffffff0ull),
		test_cs_add64(72, 70, 0x20),
		test_cs_add64(74, 72, -0x40),
		/* UMIN32 is unsigned. */
		tyr_cs_move32(80, 5),
		tyr_cs_move32(81, 0xfffffff0),
		test_cs_umin32(82, 80, 81),
		test_cs_umin32(83, 81, 81),
		/* Branches: LT taken, GE not taken, ALWAYS, LE and GT. */
		tyr_cs_move32(85, -1),
		test_cs_branch(TEST_COND_LT, 85, 1),
		tyr_cs_move32(86, 0xbad),
		test_cs_branch(TEST_COND_GE, 85, 1),
		tyr_cs_move32(87, 0x600d),
		test_cs_branch(TEST_COND_ALWAYS, 85, 1),
		tyr_cs_move32(88, 0xbad),
		test_cs_branch(TEST_COND_GT, 85, 1),
		tyr_cs_move32(89, 0x600d),
		test_cs_branch(TEST_COND_LE, 85, 1),
		tyr_cs_move32(90, 0xbad),
	};

	user = tyr_cs_test_map(t, 0, TEST_USER_VA);
	data = tyr_cs_test_map(t, 0, TEST_DATA_VA);
	memset(data, 0x5a, 64);
	for (k = 0; k < ARRAY_SIZE(buf1); k++)
		user[k] = cpu_to_le64(buf1[k]);
	for (k = 0; k < ARRAY_SIZE(buf2); k++)
		user[0x100 / 8 + k] = cpu_to_le64(buf2[k]);
	for (k = 0; k < ARRAY_SIZE(buf3); k++)
		user[0x200 / 8 + k] = cpu_to_le64(buf3[k]);
	/* A buffer that calls itself: depth 9 is one too many. */
	user[0x300 / 8] = cpu_to_le64(tyr_cs_call(0, 2));

	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_submit(q, job, ARRAY_SIZE(job));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));

	/* Nested calls and the jump. */
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 10), 101);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 11), 7);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 12), 3);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 13), 0);
	/* The loop. */
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 30), 30);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 31), 0);
	/* Loads and stores. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(data[2]), 0x11);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(data[3]), 0x22);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(data[4]), 0x5a5a5a5a);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(data[5]), 0x44);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 60), 0x11);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 61), 0x22);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 62), 0x99);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 63), 0x44);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 64), 0x11);
	/* Arithmetic. */
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 70), 0xfffffff0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 71), 0xffff);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 72), 0x10);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 73), 0x10000);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 74), 0xffffffd0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 75), 0xffff);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 82), 5);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 83), 0xfffffff0);
	/* Branches. */
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 86), 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 87), 0x600d);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 88), 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 89), 0x600d);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 90), 0);

	KUNIT_ASSERT_EQ(test, 0, tyr_model_get_cs_info(t->model, 0, 0, &info));
	KUNIT_EXPECT_EQ(test, info.depth, 0);
	KUNIT_EXPECT_EQ(test, info.extract, sizeof(job));

	/* Recursion: the ninth nested CALL is fatal. */
	{
		const u64 deep[] = {
			tyr_cs_move48(0, TEST_USER_VA + 0x300),
			tyr_cs_move32(2, 8),
			tyr_cs_call(0, 2),
		};

		tyr_cs_test_submit(q, deep, ARRAY_SIZE(deep));
		KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_FATAL));
		KUNIT_ASSERT_EQ(test, 0, tyr_model_get_cs_info(t->model, 0, 0, &info));
		KUNIT_EXPECT_EQ(test, info.depth, 8);
		KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) +
						     TYR_CS_OUT_FATAL),
				TYR_CS_EXC_UNRECOVERABLE);
		KUNIT_EXPECT_EQ(test, tyr_cs_test_rd64(t, TEST_CS_OUT(0, 0) +
						       TYR_CS_OUT_FATAL_INFO),
				TEST_USER_VA + 0x300);
	}
}

/* Ask stream @q for @state as the host does, and wait for the answer. */
static void tyr_cs_test_cs_state(struct tyr_cs_test_queue *q, u32 state)
{
	struct tyr_cs_test *t = q->t;
	u32 req = TEST_CS_IN(q->csg, q->cs) + TYR_CS_IN_REQ;

	tyr_cs_test_wr(t, req, (tyr_cs_test_rd(t, req) & ~TYR_CS_STATE) | state);
	tyr_cs_test_toggle(t, TEST_CSG_IN(q->csg) + TYR_CSG_IN_DOORBELL_REQ,
			   BIT(q->cs));
	tyr_cs_test_toggle(t, t->mcu->glb_in + TYR_GLB_IN_DOORBELL_REQ,
			   BIT(q->csg));
	tyr_model_write(t->model, TYR_DOORBELL(TYR_DOORBELL_GLB), 1);
	KUNIT_ASSERT_TRUE(t->test, tyr_test_wait_until(({
		FIELD_GET(TYR_CS_STATE,
			  tyr_cs_test_rd(t, TEST_CS_OUT(q->csg, q->cs) +
					 TYR_CS_OUT_ACK)) == state; }), 1000));
}

/* Streams stop and start on their own; other requests are acknowledged. */
static void tyr_model_test_cs_stream_stop(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	struct tyr_cs_test_queue *q1 = tyr_cs_test_queue(t, 0, 1);
	u32 cs_req = TEST_CS_IN(0, 0) + TYR_CS_IN_REQ;
	u32 cs_ack = TEST_CS_OUT(0, 0) + TYR_CS_OUT_ACK;
	u32 csg_req = TEST_CSG_IN(0) + TYR_CSG_IN_REQ;
	u32 csg_ack = TEST_CSG_OUT(0) + TYR_CSG_OUT_ACK;
	struct tyr_model_stats stats;
	const u64 job[] = {
		test_cs_add32(0, 0, 1),
		test_cs_add32(0, 0, 1),
	};

	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_submit(q, job, ARRAY_SIZE(job));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 0), 2);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q1, TYR_MODEL_CS_IDLE));

	/* Stopped: its work waits, the other stream of the group runs. */
	tyr_cs_test_cs_state(q, TYR_CS_STATE_STOP);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(q), TYR_MODEL_CS_STOPPED);
	tyr_cs_test_submit(q, job, ARRAY_SIZE(job));
	tyr_cs_test_submit(q1, job, 1);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q1));
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(q), 16);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(q), TYR_MODEL_CS_STOPPED);

	/* Started again: on from the ring output's extract, fresh registers. */
	tyr_cs_test_cs_state(q, TYR_CS_STATE_START);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(q), 32);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 0), 2);

	/* Other stream requests and group requests are only acknowledged. */
	tyr_cs_test_toggle(t, cs_req, TYR_CS_EXTRACT_EVENT | TYR_CS_IDLE_EMPTY |
			   TYR_CS_IDLE_SYNC_WAIT);
	tyr_cs_test_toggle(t, csg_req, TYR_CSG_ENDPOINT_CONFIG);
	tyr_cs_test_cs_state(q, TYR_CS_STATE_START);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(({
		!tyr_cs_test_pending(t, cs_req, cs_ack, TYR_CS_REQ_MASK) &&
		!tyr_cs_test_pending(t, csg_req, csg_ack, TYR_CSG_REQ_MASK); }),
		1000));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(q), TYR_MODEL_CS_IDLE);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 0), 2);

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.cs_services, 3 + 2);
	KUNIT_EXPECT_EQ(test, stats.csg_services, 4);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_ADD_IMM32], 5);
}

/* Instructions that only need to be accepted, and RUN_* completing. */
static void tyr_model_test_cs_other_instrs(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	static const u32 ops[] = {
		TYR_CS_OP_RUN_COMPUTE, TYR_CS_OP_RUN_TILING, TYR_CS_OP_RUN_IDVS,
		TYR_CS_OP_RUN_FRAGMENT, TYR_CS_OP_RUN_FULLSCREEN,
		TYR_CS_OP_RUN_COMPUTE_INDIRECT, TYR_CS_OP_FINISH_TILING,
		TYR_CS_OP_FINISH_FRAGMENT, TYR_CS_OP_SET_SB_ENTRY,
		TYR_CS_OP_PROGRESS_WAIT, TYR_CS_OP_SET_EXCEPTION_HANDLER,
		TYR_CS_OP_REQ_RESOURCE, TYR_CS_OP_PROT_REGION,
		TYR_CS_OP_PROGRESS_STORE, TYR_CS_OP_PROGRESS_LOAD,
		TYR_CS_OP_ERROR_BARRIER, TYR_CS_OP_HEAP_OPERATION,
		TYR_CS_OP_TRACE_POINT,
	};
	struct tyr_model_cs_info info;
	struct tyr_model_stats stats;
	u64 job[ARRAY_SIZE(ops) + 8];
	unsigned int k, n = 0;
	__le64 *data;

	data = tyr_cs_test_map(t, 0, TEST_DATA_VA);
	for (k = 0; k < ARRAY_SIZE(ops); k++)
		job[n++] = tyr_cs_op(ops[k]);
	job[n++] = tyr_cs_wait(0xff);
	job[n++] = tyr_cs_move48(0, TEST_DATA_VA);
	/* STORE_STATE: the timestamp at data + 8, the cycle count at data. */
	job[n++] = test_cs_rr(TYR_CS_OP_STORE_STATE, 0, 0, 0, 8);
	job[n++] = test_cs_rr(TYR_CS_OP_STORE_STATE, 0, 0, 1, 0);
	job[n++] = tyr_cs_move48(2, 0x123456789ull);
	job[n++] = test_cs_rr(TYR_CS_OP_HEAP_SET, 0, 2, 0, 0);
	job[n++] = tyr_cs_flush_cache2(TYR_CS_FLUSH_CLEAN_INVALIDATE,
				       TYR_CS_FLUSH_CLEAN_INVALIDATE,
				       TYR_CS_FLUSH_NONE, 4, 0xff, 1);
	job[n++] = tyr_cs_op(TYR_CS_OP_NOP);

	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_submit(q, job, n);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));

	tyr_model_get_stats(t->model, &stats);
	for (k = 0; k < ARRAY_SIZE(ops); k++)
		KUNIT_EXPECT_EQ_MSG(test, stats.cs_instructions[ops[k]], 1,
				    "opcode %u", ops[k]);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_STORE_STATE], 2);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_HEAP_SET], 1);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_FLUSH_CACHE2], 1);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_NOP], 1);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_instrs(t->model), n);
	KUNIT_EXPECT_NE(test, le64_to_cpu(data[0]), 0);
	KUNIT_EXPECT_NE(test, le64_to_cpu(data[1]), 0);
	KUNIT_ASSERT_EQ(test, 0, tyr_model_get_cs_info(t->model, 0, 0, &info));
	KUNIT_EXPECT_EQ(test, info.heap, 0x123456789ull);
	KUNIT_EXPECT_EQ(test, info.sb_busy, 0);
}

/*
 * STORE_STATE stores 64 bits of any of the four states of the v10
 * encoding. Regression test: the error state (3), with which Mesa ends its
 * batches in PAN_MESA_DEBUG=sync mode and which it expects to read as 0,
 * was an invalid encoding (fatal INSTR_INVALID_ENC).
 */
static void tyr_model_test_cs_store_state(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	struct tyr_model_cs_info info;
	unsigned int k, n = 0;
	__le64 *data;
	u64 job[16];

	data = tyr_cs_test_map(t, 0, TEST_DATA_VA);
	/* As Mesa does: a state that is not written stays all ones. */
	for (k = 0; k < 5; k++)
		data[k] = cpu_to_le64(~0ull);
	/* A sync object whose status word carries an error. */
	data[8] = cpu_to_le64(1);
	data[9] = cpu_to_le64(0x5);

	job[n++] = tyr_cs_move48(0, TEST_DATA_VA);
	job[n++] = test_cs_rr(TYR_CS_OP_STORE_STATE, 0, 0, 3, 0);
	/* Take the error of the sync object, store it, clear it, store. */
	job[n++] = tyr_cs_move48(2, TEST_DATA_VA + 64);
	job[n++] = tyr_cs_move48(4, 0);
	job[n++] = test_cs_sync_wait64(TEST_COND_GT, 2, 4) | BIT_ULL(0);
	job[n++] = test_cs_rr(TYR_CS_OP_STORE_STATE, 0, 0, 3, 8);
	job[n++] = tyr_cs_op(TYR_CS_OP_ERROR_BARRIER);
	job[n++] = test_cs_rr(TYR_CS_OP_STORE_STATE, 0, 0, 3, 16);
	/* The disjoint count, twice, with nothing disjoint in between. */
	job[n++] = test_cs_rr(TYR_CS_OP_STORE_STATE, 0, 0, 2, 24);
	job[n++] = test_cs_rr(TYR_CS_OP_STORE_STATE, 0, 0, 2, 32);
	job[n++] = tyr_cs_wait(0xff);

	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_submit(q, job, n);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));

	KUNIT_ASSERT_EQ(test, 0, tyr_model_get_cs_info(t->model, 0, 0, &info));
	KUNIT_EXPECT_EQ(test, info.state, TYR_MODEL_CS_IDLE);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(data[0]), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(data[1]), 0x5);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(data[2]), 0);
	KUNIT_EXPECT_NE(test, le64_to_cpu(data[3]), ~0ull);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(data[3]), le64_to_cpu(data[4]));
	KUNIT_EXPECT_EQ(test, info.error, 0);
}

/* Stream (0, 0) has a FATAL event with @exc and @info pending. */
static void tyr_cs_test_expect_fatal(struct tyr_cs_test *t, u32 exc, u64 info)
{
	struct kunit *test = t->test;
	struct tyr_model_stats stats;

	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) + TYR_CS_OUT_FATAL),
			exc);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd64(t, TEST_CS_OUT(0, 0) +
					       TYR_CS_OUT_FATAL_INFO), info);
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_pending(t, TEST_CS_IN(0, 0) + TYR_CS_IN_REQ,
						    TEST_CS_OUT(0, 0) + TYR_CS_OUT_ACK,
						    TYR_CS_FATAL));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_pending(t, TEST_CSG_IN(0) + TYR_CSG_IN_CS_IRQ_ACK,
						  TEST_CSG_OUT(0) + TYR_CSG_OUT_CS_IRQ_REQ,
						  ~0u), BIT(0));
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_job_irqs(t) & TYR_JOB_IRQ_CSG(0));
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.cs_fatals, 1);
}

static void tyr_model_test_cs_invalid_instr(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	struct tyr_model_cs_info info;
	unsigned int instrs;
	const u64 job[] = {
		tyr_cs_move32(0, 1),
		tyr_cs_op(10) | 0x1234,
		tyr_cs_move32(1, 2),
	};

	tyr_cs_test_csg_start(t, 0);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_IDLE));
	tyr_cs_test_ack(t, 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_pending(t, TEST_CSG_IN(0) + TYR_CSG_IN_CS_IRQ_ACK,
						  TEST_CSG_OUT(0) + TYR_CSG_OUT_CS_IRQ_REQ,
						  ~0u), 0);
	tyr_cs_test_submit(q, job, ARRAY_SIZE(job));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_FATAL));

	tyr_cs_test_expect_fatal(t, TYR_CS_EXC_INSTR_INVALID_ENC, TEST_RING_VA + 8);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 0), 1);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 1), 0);
	KUNIT_ASSERT_EQ(test, 0, tyr_model_get_cs_info(t->model, 0, 0, &info));
	KUNIT_EXPECT_EQ(test, info.cmd_ptr, TEST_RING_VA + 8);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(q), 8);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((__le32 *)q->ring_out)[2]), 0);

	/* Stopped: more work and doorbells do nothing. */
	instrs = tyr_cs_test_instrs(t->model);
	tyr_cs_test_submit(q, job, 1);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_instrs(t->model), instrs);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(q), TYR_MODEL_CS_FATAL);

	/* Until the group is terminated. */
	tyr_cs_test_csg_state(t, 0, TYR_CSG_STATE_TERMINATE);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(q), TYR_MODEL_CS_STOPPED);
}

/*
 * Instructions whose encoding the model rejects: opcode, and the other bits
 * (address register pair r0, data register r2, then the bad part).
 */
struct tyr_model_test_bad_enc {
	const char *name;
	u32 op;
	u64 bits;
};

#define TEST_R0_R2	(0ull << 40 | 2ull << 32)

static const struct tyr_model_test_bad_enc tyr_model_test_bad_encs[] = {
	{ "SYNC_ADD64 scope 1", TYR_CS_OP_SYNC_ADD64, TEST_R0_R2 | 1 << 1 },
	{ "SYNC_SET32 scope 3", TYR_CS_OP_SYNC_SET32, TEST_R0_R2 | 3 << 1 },
	{ "SYNC_ADD32 bit 3", TYR_CS_OP_SYNC_ADD32, TEST_R0_R2 | BIT(3) },
	{ "SYNC_WAIT64 bit 16", TYR_CS_OP_SYNC_WAIT64,
	  TEST_R0_R2 | 1 << 28 | BIT(16) },
	{ "WAIT bit 0", TYR_CS_OP_WAIT, 1 << 16 | BIT(0) },
	{ "MOVE32 bit 40", TYR_CS_OP_MOVE32, 1 | BIT_ULL(40) },
	{ "CALL bit 0", TYR_CS_OP_CALL, TEST_R0_R2 | BIT(0) },
	{ "FLUSH_CACHE2 bit 8", TYR_CS_OP_FLUSH_CACHE2,
	  4ull << 40 | 0x11 | BIT(8) },
	{ "STORE_STATE bit 34", TYR_CS_OP_STORE_STATE, BIT_ULL(34) },
	{ "ERROR_BARRIER bit 0", TYR_CS_OP_ERROR_BARRIER, BIT(0) },
};

static void tyr_model_test_bad_enc_desc(const struct tyr_model_test_bad_enc *e,
					char *desc)
{
	strscpy(desc, e->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tyr_model_test_bad_enc, tyr_model_test_bad_encs,
		  tyr_model_test_bad_enc_desc);

/*
 * A field with an invalid value (a sync scope other than system or group)
 * or a bit outside the instruction's fields stops the stream with
 * INSTR_INVALID_ENC, as a mistake in the kernel's ring encoding must.
 */
static void tyr_model_test_cs_bad_encoding(struct kunit *test)
{
	const struct tyr_model_test_bad_enc *e = test->param_value;
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	const u64 job[] = {
		tyr_cs_move48(0, TEST_DATA_VA),
		tyr_cs_op(e->op) | e->bits,
		tyr_cs_move32(4, 2),
	};

	tyr_cs_test_map(t, 0, TEST_DATA_VA);
	tyr_cs_test_csg_start(t, 0);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_IDLE));
	tyr_cs_test_ack(t, 0);
	tyr_cs_test_submit(q, job, ARRAY_SIZE(job));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_FATAL));
	tyr_cs_test_expect_fatal(t, TYR_CS_EXC_INSTR_INVALID_ENC, TEST_RING_VA + 8);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 4), 0);
}

static void tyr_model_test_cs_bus_fault(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	const u64 job[] = {
		tyr_cs_move48(0, TEST_UNMAPPED_VA),
		tyr_cs_move32(2, 1),
		test_cs_ldst(TYR_CS_OP_STORE_MULTIPLE, 2, 0, 1, 0x10),
		tyr_cs_move32(3, 1),
	};

	tyr_cs_test_csg_start(t, 0);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_IDLE));
	tyr_cs_test_ack(t, 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_pending(t, TEST_CSG_IN(0) + TYR_CSG_IN_CS_IRQ_ACK,
						  TEST_CSG_OUT(0) + TYR_CSG_OUT_CS_IRQ_REQ,
						  ~0u), 0);
	tyr_cs_test_submit(q, job, ARRAY_SIZE(job));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_FATAL));

	/* The MMU fault of the group's AS, and the stream's. */
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, MMU_REG(TYR_IRQ_RAWSTAT)),
			TYR_MMU_IRQ_FAULT(1));
	KUNIT_EXPECT_EQ(test, tyr_model_read(t->model, TYR_AS_FAULTSTATUS(1)),
			TEST_FAULT(TYR_AS_EXC_TRANSLATION(2), TYR_AS_ACCESS_WRITE));
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_read64(t->model, TYR_AS_FAULTADDRESS(1)),
			TEST_UNMAPPED_VA + 0x10);
	tyr_cs_test_expect_fatal(t, TYR_CS_EXC_BUS_FAULT, TEST_UNMAPPED_VA + 0x10);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 3), 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(q), 16);
}

static void tyr_model_test_cs_run_hangs(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_cs_test_queue *hung, *hung2, *other;
	struct tyr_model_cs_info info;
	struct tyr_model_stats stats;
	struct tyr_cs_test *t;
	__le32 *result;
	const u64 job[] = {
		test_cs_rr(TYR_CS_OP_SET_SB_ENTRY, 0, 0, 0, 2),
		tyr_cs_op(TYR_CS_OP_RUN_COMPUTE),
		tyr_cs_wait(BIT(2)),
		tyr_cs_move32(0, 1),
	};
	const u64 job2[] = {
		tyr_cs_op(TYR_CS_OP_RUN_COMPUTE),
		tyr_cs_op(TYR_CS_OP_RUN_FRAGMENT),
		tyr_cs_move32(0, 1),
	};
	const u64 store[] = {
		tyr_cs_move48(0, TEST_RESULT_VA),
		tyr_cs_move32(2, 0x5707e),
		test_cs_ldst(TYR_CS_OP_STORE_MULTIPLE, 2, 0, 1, 0),
	};

	cfg.cs_run_hangs = true;
	t = tyr_cs_test_create(test, &cfg);
	hung = tyr_cs_test_queue(t, 0, 0);
	hung2 = tyr_cs_test_queue(t, 1, 0);
	other = tyr_cs_test_queue(t, 2, 0);
	result = tyr_cs_test_map(t, 2, TEST_RESULT_VA);
	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_csg_start(t, 1);
	tyr_cs_test_csg_start(t, 2);

	tyr_cs_test_submit(hung, job, ARRAY_SIZE(job));
	tyr_cs_test_submit(hung2, job2, ARRAY_SIZE(job2));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(hung, TYR_MODEL_CS_BLOCKED_SB));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(hung2, TYR_MODEL_CS_BLOCKED_SB));

	/* Another group still runs. */
	tyr_cs_test_submit(other, store, ARRAY_SIZE(store));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(other));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0x5707e);

	/* The hung ones stay busy, at the WAIT and at the second RUN. */
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(hung), TYR_MODEL_CS_BLOCKED_SB);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(hung), 16);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((__le32 *)hung->ring_out)[2]), 1);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(hung, 0), 0);
	KUNIT_ASSERT_EQ(test, 0, tyr_model_get_cs_info(t->model, 0, 0, &info));
	KUNIT_EXPECT_EQ(test, info.sb_busy, BIT(2));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CSG_OUT(0) +
					     TYR_CSG_OUT_STATUS_STATE), 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(hung2), 8);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(hung2, 0), 0);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_RUN_COMPUTE], 2);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_RUN_FRAGMENT], 0);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_WAIT], 0);

	/* A doorbell does not get them going either. */
	tyr_model_write(t->model, TYR_DOORBELL(1), 1);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(hung), TYR_MODEL_CS_BLOCKED_SB);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(hung), 16);
}

#define TEST_HEAP_VA		0x01004000ull
#define TEST_CHUNK_VA		0x01100000ull

/* HEAP_OPERATION @op on the heap of the last HEAP_SET. */
static u64 test_cs_heap_op(u32 op)
{
	return tyr_cs_op(TYR_CS_OP_HEAP_OPERATION) | (u64)op << 32;
}

/* Stream @j of group @i raised TILER_OOM and nothing acknowledged it. */
static bool tyr_cs_test_oom_pending(struct tyr_cs_test *t, unsigned int i,
				    unsigned int j)
{
	return tyr_cs_test_pending(t, TEST_CS_IN(i, j) + TYR_CS_IN_REQ,
				   TEST_CS_OUT(i, j) + TYR_CS_OUT_ACK,
				   TYR_CS_TILER_OOM);
}

/* Answer the TILER_OOM of stream @j of group @i with @link, as the host. */
static void tyr_cs_test_oom_answer(struct tyr_cs_test *t, unsigned int i,
				   unsigned int j, u64 link)
{
	u32 req = TEST_CS_IN(i, j) + TYR_CS_IN_REQ;

	tyr_cs_test_wr64(t, TEST_CS_IN(i, j) + TYR_CS_IN_HEAP_START, link);
	tyr_cs_test_wr64(t, TEST_CS_IN(i, j) + TYR_CS_IN_HEAP_END, link);
	tyr_cs_test_wr(t, req, tyr_cs_test_rd(t, req) ^ TYR_CS_TILER_OOM);
	tyr_cs_test_toggle(t, TEST_CSG_IN(i) + TYR_CSG_IN_DOORBELL_REQ, BIT(j));
	tyr_model_write(t->model, TYR_DOORBELL(TYR_DOORBELL_GLB), 1);
}

/*
 * A tiling run out of heap memory: TILER_OOM with the heap's counters; a
 * chunk lets it complete, no chunk while a fragment pass is pending makes
 * it wait for the pass and ask again, no chunk otherwise is fatal.
 */
static void tyr_model_test_cs_tiler_oom(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_cs_test_queue *q, *frag;
	struct tyr_model_stats stats;
	struct tyr_cs_test *t;
	__le32 *heap;
	const u64 job[] = {
		tyr_cs_move48(0, TEST_HEAP_VA),
		test_cs_rr(TYR_CS_OP_HEAP_SET, 0, 0, 0, 0),
		test_cs_heap_op(0),			/* tiling starts */
		tyr_cs_op(TYR_CS_OP_RUN_IDVS),
		tyr_cs_move32(2, 1),
	};
	const u64 busy[] = {
		test_cs_heap_op(1),			/* tiling done */
		test_cs_heap_op(0),			/* the next starts */
		tyr_cs_op(TYR_CS_OP_RUN_TILING),
		tyr_cs_move32(2, 2),
	};
	const u64 fragment[] = {
		tyr_cs_move48(0, TEST_HEAP_VA),
		test_cs_rr(TYR_CS_OP_HEAP_SET, 0, 0, 0, 0),
		test_cs_heap_op(2),			/* fragment done */
	};
	const u64 again[] = {
		tyr_cs_op(TYR_CS_OP_RUN_IDVS),
		tyr_cs_move32(2, 3),
	};
	const u64 two_busy[] = {
		test_cs_heap_op(1),
		test_cs_heap_op(0),
		test_cs_heap_op(1),
		test_cs_heap_op(0),
		tyr_cs_op(TYR_CS_OP_RUN_TILING),
		tyr_cs_move32(2, 2),
	};

	cfg.tiler_oom_every = 1;
	t = tyr_cs_test_create(test, &cfg);
	q = tyr_cs_test_queue(t, 0, 0);
	frag = tyr_cs_test_queue(t, 0, 1);
	heap = tyr_cs_test_map(t, 0, TEST_HEAP_VA);
	tyr_cs_test_map(t, 0, TEST_CHUNK_VA);
	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_ack(t, 0);

	/* Out of memory: the host learns which heap, and its counters. */
	tyr_cs_test_submit(q, job, ARRAY_SIZE(job));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_BLOCKED_OOM));
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_oom_pending(t, 0, 0));
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_job_irqs(t) & TYR_JOB_IRQ_CSG(0));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd64(t, TEST_CS_OUT(0, 0) +
					       TYR_CS_OUT_HEAP_ADDRESS),
			TEST_HEAP_VA);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) +
					     TYR_CS_OUT_HEAP_VT_START), 1);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) +
					     TYR_CS_OUT_HEAP_VT_END), 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) +
					     TYR_CS_OUT_HEAP_FRAG_END), 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 2), 0);

	/* A doorbell without the acknowledgment changes nothing. */
	tyr_cs_test_ack(t, 0);
	tyr_model_write(t->model, TYR_DOORBELL(1), 1);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(q), TYR_MODEL_CS_BLOCKED_OOM);

	/* A chunk: linked, and the run completes. */
	tyr_cs_test_oom_answer(t, 0, 0, TEST_CHUNK_VA | (SZ_256K >> 12));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 2), 1);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.tiler_ooms, 1);
	KUNIT_EXPECT_EQ(test, stats.heap_chunks, 1);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_RUN_IDVS], 1);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_HEAP_OPERATION], 1);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(heap[0]), 1);

	/* No chunk while a pass waits for its fragment pass: wait for it. */
	tyr_cs_test_ack(t, 0);
	tyr_cs_test_submit(q, busy, ARRAY_SIZE(busy));
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_cs_test_oom_pending(t, 0, 0),
						    1000));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) +
					     TYR_CS_OUT_HEAP_VT_START), 2);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) +
					     TYR_CS_OUT_HEAP_VT_END), 1);
	tyr_cs_test_oom_answer(t, 0, 0, 0);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(q), TYR_MODEL_CS_BLOCKED_OOM);
	KUNIT_EXPECT_FALSE(test, tyr_cs_test_oom_pending(t, 0, 0));

	tyr_cs_test_submit(frag, fragment, ARRAY_SIZE(fragment));
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_cs_test_oom_pending(t, 0, 0),
						    1000));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) +
					     TYR_CS_OUT_HEAP_FRAG_END), 1);
	tyr_cs_test_oom_answer(t, 0, 0, TEST_CHUNK_VA | (SZ_256K >> 12));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 2), 2);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.tiler_ooms, 3);
	KUNIT_EXPECT_EQ(test, stats.heap_chunks, 2);

	/*
	 * A fragment pass that ends between TILER_OOM and the host's answer
	 * (no chunk: two passes were waiting when the host looked) makes the
	 * stream ask again at once. Regression test: it waited for a later
	 * fragment pass that never came.
	 */
	tyr_cs_test_ack(t, 0);
	tyr_cs_test_submit(q, two_busy, ARRAY_SIZE(two_busy));
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_cs_test_oom_pending(t, 0, 0),
						    1000));
	tyr_cs_test_submit(frag, fragment, ARRAY_SIZE(fragment));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(frag));
	tyr_cs_test_oom_answer(t, 0, 0, 0);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(tyr_cs_test_oom_pending(t, 0, 0),
						    1000));
	tyr_cs_test_oom_answer(t, 0, 0, TEST_CHUNK_VA | (SZ_256K >> 12));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	tyr_cs_test_submit(frag, fragment, ARRAY_SIZE(fragment));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(frag));

	/* No chunk and nothing to wait for: out of memory for good. */
	tyr_cs_test_ack(t, 0);
	tyr_cs_test_submit(q, again, ARRAY_SIZE(again));
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_cs_test_oom_pending(t, 0, 0),
						    1000));
	tyr_cs_test_ack(t, 0);
	tyr_cs_test_oom_answer(t, 0, 0, 0);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_FATAL));
	tyr_cs_test_expect_fatal(t, TYR_CS_EXC_OUT_OF_MEMORY, TEST_HEAP_VA);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 2), 2);
}

static void tyr_model_test_cs_suspend_resume(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	__le32 *save = (__le32 *)t->suspend[0];
	struct tyr_model_csg_info csg_info;
	struct tyr_model_cs_info info;
	struct tyr_model_stats stats;
	__le64 *user, *sync;
	__le32 *result;
	unsigned int k;
	u32 val;
	const u64 buf[] = {
		tyr_cs_move48(0, TEST_SYNC_VA),
		tyr_cs_move48(2, 0),
		test_cs_sync_wait64(TEST_COND_GT, 0, 2),
		tyr_cs_move48(4, TEST_RESULT_VA),
		test_cs_ldst(TYR_CS_OP_STORE_MULTIPLE, 10, 4, 1, 0),
	};
	const u64 job[] = {
		tyr_cs_move32(10, 0x1234),
		tyr_cs_move48(20, TEST_USER_VA),
		tyr_cs_move32(22, sizeof(buf)),
		tyr_cs_call(20, 22),
		tyr_cs_move32(11, 0x77),
	};

	user = tyr_cs_test_map(t, 0, TEST_USER_VA);
	result = tyr_cs_test_map(t, 0, TEST_RESULT_VA);
	sync = tyr_cs_test_map(t, 0, TEST_SYNC_VA);
	for (k = 0; k < ARRAY_SIZE(buf); k++)
		user[k] = cpu_to_le64(buf[k]);
	memset(save, 0xa5, SZ_4K);

	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_submit(q, job, ARRAY_SIZE(job));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_BLOCKED_SYNC));
	KUNIT_ASSERT_EQ(test, 0, tyr_model_get_cs_info(t->model, 0, 0, &info));
	KUNIT_EXPECT_EQ(test, info.depth, 1);
	KUNIT_EXPECT_EQ(test, info.cmd_ptr, TEST_USER_VA + 16);

	tyr_cs_test_csg_state(t, 0, TYR_CSG_STATE_SUSPEND);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(q), TYR_MODEL_CS_STOPPED);
	KUNIT_EXPECT_EQ(test, tyr_model_cs_reg(t->model, 0, 0, 10, &val), -ENOENT);
	KUNIT_ASSERT_EQ(test, 0, tyr_model_get_csg_info(t->model, 0, &csg_info));
	KUNIT_EXPECT_FALSE(test, csg_info.running);

	/* Stream 0 saved: registers, the call, the ring, at the wait. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(save[10]), 0x1234);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(save[20]), lower_32_bits(TEST_USER_VA));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(save[22]), sizeof(buf));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(*(__le64 *)&save[0x180 / 4]),
			TEST_USER_VA + 16);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(save[0x1c0 / 4]), sizeof(buf) - 16);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(*(__le64 *)&save[0x1e0 / 4]), 32);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(save[0x1f0 / 4]), BIT(0) | 1 << 8);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(save[0x1f8 / 4]), 0x53435954);
	/* Stream 7 was not started: saved as not valid. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(save[(0xe00 + 0x1f0) / 4]), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(save[(0xe00 + 0x1f8) / 4]), 0x53435954);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(save[0xe00 / 4]), 0);
	/* The status the host reads after a suspend. */
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CS_OUT(0, 0) +
					     TYR_CS_OUT_STATUS_BLOCKED), 3);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_extract(q), 32);

	/* Suspended, the group does not run when the wait is satisfied. */
	WRITE_ONCE(sync[0], cpu_to_le64(1));
	tyr_model_write(t->model, TYR_DOORBELL(1), 1);
	msleep(20);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0);

	/* Resumed from the buffer, as modified meanwhile. */
	save[10] = cpu_to_le32(0x5678);
	tyr_cs_test_csg_state(t, 0, TYR_CSG_STATE_RESUME);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0x5678);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 10), 0x5678);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 11), 0x77);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_reg(q, 22), sizeof(buf));

	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.csg_states[TYR_CSG_STATE_START], 1);
	KUNIT_EXPECT_EQ(test, stats.csg_states[TYR_CSG_STATE_SUSPEND], 1);
	KUNIT_EXPECT_EQ(test, stats.csg_states[TYR_CSG_STATE_RESUME], 1);
	KUNIT_EXPECT_EQ(test, stats.cs_instructions[TYR_CS_OP_SYNC_WAIT64], 1);
}

/* Whether group @csg has an IDLE event the host has not acknowledged. */
static bool tyr_cs_test_idle_event(struct tyr_cs_test *t, unsigned int csg)
{
	return tyr_cs_test_pending(t, TEST_CSG_IN(csg) + TYR_CSG_IN_REQ,
				   TEST_CSG_OUT(csg) + TYR_CSG_OUT_ACK,
				   TYR_CSG_IDLE) != 0;
}

/*
 * A doorbell that gives an idle group's stream instructions makes the group
 * busy at once: the host never reads it IDLE with work in a ring (panthor's
 * scheduler reads status_state in its tick, and lets the GPU suspend when
 * every group is idle). Work that only blocks in a sync wait makes the
 * group idle again, with a new IDLE event. Regression test: the group
 * stayed IDLE until the model's workqueue ran the stream, and no event
 * told the host about the work in between.
 */
static void tyr_model_test_cs_doorbell_busy(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	u32 csg_req = TEST_CSG_IN(0) + TYR_CSG_IN_REQ;
	u32 csg_ack = TEST_CSG_OUT(0) + TYR_CSG_OUT_ACK;
	u32 status = TEST_CSG_OUT(0) + TYR_CSG_OUT_STATUS_STATE;
	const u64 setup[] = {
		tyr_cs_move48(0, TEST_SYNC_VA),
		tyr_cs_move48(2, 0),
	};
	const u64 wait[] = { test_cs_sync_wait64(TEST_COND_GT, 0, 2) };
	u32 now;

	tyr_cs_test_map(t, 0, TEST_SYNC_VA);
	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_submit(q, setup, ARRAY_SIZE(setup));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_cs_test_idle_event(t, 0),
						    1000));
	KUNIT_ASSERT_EQ(test, tyr_cs_test_rd(t, status), TYR_CSG_STATUS_IDLE);
	tyr_cs_test_wr(t, csg_req, tyr_cs_test_rd(t, csg_ack));

	/* Busy when the doorbell write returns, or idle again and said so. */
	tyr_cs_test_submit(q, wait, ARRAY_SIZE(wait));
	now = tyr_cs_test_rd(t, status);
	KUNIT_EXPECT_TRUE(test, now == 0 || tyr_cs_test_idle_event(t, 0));
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(tyr_cs_test_idle_event(t, 0),
						    1000));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(q), TYR_MODEL_CS_BLOCKED_SYNC);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, status), TYR_CSG_STATUS_IDLE);
}

static void tyr_model_test_cs_idle_and_loop(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *q = tyr_cs_test_queue(t, 0, 0);
	struct tyr_cs_test_queue *loop = tyr_cs_test_queue(t, 1, 0);
	struct tyr_cs_test_queue *loop2 = tyr_cs_test_queue(t, 2, 0);
	u32 csg_req = TEST_CSG_IN(0) + TYR_CSG_IN_REQ;
	u32 csg_ack = TEST_CSG_OUT(0) + TYR_CSG_OUT_ACK;
	u32 status = TEST_CSG_OUT(0) + TYR_CSG_OUT_STATUS_STATE;
	struct tyr_model_stats stats;
	unsigned int before;
	__le32 *result;
	const u64 nops[] = {
		tyr_cs_op(TYR_CS_OP_NOP), tyr_cs_op(TYR_CS_OP_NOP),
	};
	const u64 forever[] = {
		tyr_cs_move32(0, 0),
		test_cs_add32(0, 0, 1),
		test_cs_branch(TEST_COND_ALWAYS, 0, -2),
	};
	const u64 store[] = {
		tyr_cs_move48(0, TEST_RESULT_VA),
		tyr_cs_move32(2, 0x600d),
		test_cs_ldst(TYR_CS_OP_STORE_MULTIPLE, 2, 0, 1, 0),
	};

	result = tyr_cs_test_map(t, 0, TEST_RESULT_VA);
	tyr_cs_test_csg_start(t, 0);
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(q, TYR_MODEL_CS_IDLE));
	tyr_cs_test_wr(t, csg_req, tyr_cs_test_rd(t, csg_ack));
	tyr_cs_test_clear_irqs(t);

	/* The ring drains: IDLE, signalled. */
	tyr_cs_test_submit(q, nops, ARRAY_SIZE(nops));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_pending(t, csg_req, csg_ack, TYR_CSG_IDLE));
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, status), TYR_CSG_STATUS_IDLE);
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_job_irqs(t) & TYR_JOB_IRQ_CSG(0));
	tyr_cs_test_wr(t, csg_req, tyr_cs_test_rd(t, csg_ack));

	/* Loops, in two groups: group 0 still gets its work done. */
	tyr_cs_test_csg_start(t, 1);
	tyr_cs_test_csg_start(t, 2);
	tyr_cs_test_submit(loop, forever, ARRAY_SIZE(forever));
	tyr_cs_test_submit(loop2, forever, ARRAY_SIZE(forever));
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(({
		tyr_model_get_stats(t->model, &stats);
		stats.cs_budget_exhausted >= 2; }), 1000));
	tyr_cs_test_submit(q, store, ARRAY_SIZE(store));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_done(q));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(result[0]), 0x600d);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(loop), TYR_MODEL_CS_RUNNING);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, TEST_CSG_OUT(1) +
					     TYR_CSG_OUT_STATUS_STATE), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((__le32 *)loop->ring_out)[2]), 1);
	KUNIT_EXPECT_GT(test, tyr_cs_test_reg(loop, 0), 100);

	/* Work clears the group's IDLE status, for as long as it lasts. */
	KUNIT_EXPECT_TRUE(test, tyr_cs_test_pending(t, csg_req, csg_ack, TYR_CSG_IDLE));
	tyr_cs_test_wr(t, csg_req, tyr_cs_test_rd(t, csg_ack));
	tyr_cs_test_submit(q, forever, ARRAY_SIZE(forever));
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_cs_test_rd(t, status) == 0,
						    1000));
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_rd(t, status), 0);
	KUNIT_EXPECT_FALSE(test, tyr_cs_test_pending(t, csg_req, csg_ack,
						     TYR_CSG_IDLE));
	tyr_cs_test_csg_state(t, 0, TYR_CSG_STATE_TERMINATE);

	/* Terminated, the loop stops; the other one runs on to the end. */
	tyr_cs_test_csg_state(t, 1, TYR_CSG_STATE_TERMINATE);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(loop), TYR_MODEL_CS_STOPPED);
	before = le64_to_cpu(READ_ONCE(loop->ring_out[0]));
	msleep(20);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(READ_ONCE(loop->ring_out[0])), before);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(((__le32 *)loop->ring_out)[2]), 0);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(loop2), TYR_MODEL_CS_RUNNING);
}

/* Power loss, and an MCU that stops, stop every stream for good. */
static void tyr_model_test_cs_state_loss(struct kunit *test)
{
	struct tyr_cs_test *t = tyr_cs_test_create(test, NULL);
	struct tyr_cs_test_queue *loop = tyr_cs_test_queue(t, 0, 0);
	struct tyr_cs_test_queue *wait = tyr_cs_test_queue(t, 1, 0);
	struct tyr_cs_test_queue *loop2 = tyr_cs_test_queue(t, 2, 0);
	struct tyr_model_csg_info info;
	struct tyr_model_stats stats;
	unsigned int instrs, unpowered;
	const u64 forever[] = {
		test_cs_branch(TEST_COND_ALWAYS, 0, -1),
	};
	const u64 blocked[] = {
		tyr_cs_move48(0, TEST_SYNC_VA),
		tyr_cs_move48(2, 0),
		test_cs_sync_wait64(TEST_COND_GT, 0, 2),
	};

	tyr_cs_test_map(t, 1, TEST_SYNC_VA);
	tyr_cs_test_csg_start(t, 0);
	tyr_cs_test_csg_start(t, 1);
	tyr_cs_test_submit(loop, forever, ARRAY_SIZE(forever));
	tyr_cs_test_submit(wait, blocked, ARRAY_SIZE(blocked));
	KUNIT_ASSERT_TRUE(test, tyr_cs_test_wait_state(wait, TYR_MODEL_CS_BLOCKED_SYNC));

	/* The MCU disabled: nothing runs any more. */
	tyr_model_write(t->model, TYR_MCU_CONTROL, TYR_MCU_CONTROL_DISABLE);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(loop), TYR_MODEL_CS_STOPPED);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(wait), TYR_MODEL_CS_STOPPED);
	instrs = tyr_cs_test_instrs(t->model);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_instrs(t->model), instrs);

	/* Booted again, a loop in a group started anew. */
	tyr_cs_test_clear_irqs(t);
	tyr_mcu_test_boot(t->mcu, 0);
	tyr_cs_test_csg_start(t, 2);
	tyr_cs_test_submit(loop2, forever, ARRAY_SIZE(forever));
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_cs_test_instrs(t->model) >
						    instrs + 100, 1000));
	KUNIT_ASSERT_EQ(test, 0, tyr_model_get_csg_info(t->model, 0, &info));
	KUNIT_EXPECT_FALSE(test, info.running);

	/* Power loss mid-job. */
	tyr_model_set_power(t->model, false);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(loop2), TYR_MODEL_CS_STOPPED);
	KUNIT_ASSERT_EQ(test, 0, tyr_model_get_csg_info(t->model, 2, &info));
	KUNIT_EXPECT_FALSE(test, info.running);
	instrs = tyr_cs_test_instrs(t->model);
	tyr_model_get_stats(t->model, &stats);
	unpowered = stats.unpowered_accesses;
	msleep(20);
	tyr_model_get_stats(t->model, &stats);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_instrs(t->model), instrs);
	KUNIT_EXPECT_EQ(test, stats.unpowered_accesses, unpowered);

	/* Power back: still nothing. */
	tyr_model_set_power(t->model, true);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_instrs(t->model), instrs);
	KUNIT_EXPECT_EQ(test, tyr_cs_test_state(loop2), TYR_MODEL_CS_STOPPED);
}

static struct kunit_case tyr_model_test_cases[] = {
	KUNIT_CASE(tyr_model_test_identity),
	KUNIT_CASE(tyr_model_test_bad_accesses),
	KUNIT_CASE(tyr_model_test_irq_contract),
	KUNIT_CASE(tyr_model_test_irq_level),
	KUNIT_CASE(tyr_model_test_reset),
	KUNIT_CASE(tyr_model_test_settle_on_read),
	KUNIT_CASE(tyr_model_test_reset_hangs),
	KUNIT_CASE(tyr_model_test_power),
	KUNIT_CASE(tyr_model_test_power_stuck),
	KUNIT_CASE(tyr_model_test_power_loss),
	KUNIT_CASE(tyr_model_test_flush),
	KUNIT_CASE(tyr_model_test_timestamp),
	KUNIT_CASE(tyr_model_test_mmu_registers),
	KUNIT_CASE(tyr_model_test_mmu_page),
	KUNIT_CASE(tyr_model_test_mmu_block),
	KUNIT_CASE(tyr_model_test_mmu_read_only),
	KUNIT_CASE(tyr_model_test_mmu_no_exec),
	KUNIT_CASE(tyr_model_test_mmu_missing),
	KUNIT_CASE(tyr_model_test_mmu_access_flag),
	KUNIT_CASE(tyr_model_test_mmu_unmapped),
	KUNIT_CASE(tyr_model_test_mmu_address_size),
	KUNIT_CASE(tyr_model_test_mmu_update),
	KUNIT_CASE(tyr_model_test_mmu_commands),
	KUNIT_CASE(tyr_model_test_mmu_settle_on_read),
	KUNIT_CASE(tyr_model_test_mmu_lock),
	KUNIT_CASE(tyr_model_test_mmu_hangs),
	KUNIT_CASE(tyr_model_test_mmu_power_loss),
	KUNIT_CASE(tyr_model_test_mmu_round_trip),
	KUNIT_CASE(tyr_model_test_mmu_fault_latch),
	KUNIT_CASE(tyr_model_test_mcu_boot),
	KUNIT_CASE(tyr_model_test_mcu_boot_unmapped),
	KUNIT_CASE(tyr_model_test_mcu_boot_read_only),
	KUNIT_CASE(tyr_model_test_mcu_boot_short),
	KUNIT_CASE(tyr_model_test_mcu_boot_hangs),
	KUNIT_CASE(tyr_model_test_mcu_glb_request),
	KUNIT_CASE(tyr_model_test_mcu_ping_ignored),
	KUNIT_CASE(tyr_model_test_mcu_halt),
	KUNIT_CASE(tyr_model_test_mcu_disable),
	KUNIT_CASE(tyr_model_test_mcu_power_loss),
	KUNIT_CASE(tyr_model_test_mcu_reset),
	KUNIT_CASE(tyr_model_test_mcu_doorbells),
	KUNIT_CASE(tyr_model_test_cs_first_job),
	KUNIT_CASE(tyr_model_test_cs_cross_wait),
	KUNIT_CASE(tyr_model_test_cs_control_flow),
	KUNIT_CASE(tyr_model_test_cs_stream_stop),
	KUNIT_CASE(tyr_model_test_cs_other_instrs),
	KUNIT_CASE(tyr_model_test_cs_store_state),
	KUNIT_CASE_PARAM(tyr_model_test_cs_bad_encoding,
			 tyr_model_test_bad_enc_gen_params),
	KUNIT_CASE(tyr_model_test_cs_invalid_instr),
	KUNIT_CASE(tyr_model_test_cs_bus_fault),
	KUNIT_CASE(tyr_model_test_cs_run_hangs),
	KUNIT_CASE(tyr_model_test_cs_tiler_oom),
	KUNIT_CASE(tyr_model_test_cs_suspend_resume),
	KUNIT_CASE(tyr_model_test_cs_idle_and_loop),
	KUNIT_CASE(tyr_model_test_cs_doorbell_busy),
	KUNIT_CASE(tyr_model_test_cs_state_loss),
	{}
};

static struct kunit_suite tyr_model_test_suite = {
	.name = "tyr_model",
	.test_cases = tyr_model_test_cases,
};

kunit_test_suite(tyr_model_test_suite);
