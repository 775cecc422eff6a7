// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * Fixtures shared by the Tyr KUnit suites.
 */

#include <linux/bitfield.h>
#include <linux/clk.h>
#include <linux/clkdev.h>
#include <linux/clk-provider.h>
#include <linux/dma-fence.h>
#include <linux/platform_device.h>
#include <linux/pm_domain.h>
#include <linux/pm_runtime.h>
#include <linux/regulator/consumer.h>
#include <linux/regulator/driver.h>
#include <linux/regulator/machine.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>

#include <kunit/resource.h>

#include "../tyr_devfreq.h"
#include "../tyr_drv.h"
#include "../tyr_fw.h"
#include "../tyr_pm.h"
#include "tyr_test.h"

/* Short but non-zero delays, so transitions are observable. */
const struct tyr_model_config tyr_test_fast_config = {
	.reset_delay_us = 20,
	.flush_delay_us = 5,
	.pwr_delay_us = { 5, 5, 10 },
};

/* The clock the GPU gets when the fixture's device has none. */
#define TYR_TEST_CLK_RATE	200000000

static const char * const tyr_test_supply_names[TYR_SUPPLY_COUNT] = {
	"mali", "sram",
};

/*
 * The kunit device has no driver: its runtime-PM callbacks come through a
 * PM domain, which hands them to the driver's, as genpd would.
 */
static struct dev_pm_domain tyr_test_pm_domain = {
	.ops = {
		RUNTIME_PM_OPS(tyr_pm_runtime_suspend, tyr_pm_runtime_resume,
			       NULL)
	},
};

/* A string that lives as long as the test. */
static __printf(2, 3) const char *tyr_test_printf(struct kunit *test,
						  const char *fmt, ...)
{
	char buf[128];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);

	return kunit_kstrdup(test, buf, GFP_KERNEL);
}

static struct tyr_test_clk *to_tyr_test_clk(struct clk_hw *hw)
{
	return container_of(hw, struct tyr_test_clk, hw);
}

static unsigned long tyr_test_clk_recalc_rate(struct clk_hw *hw,
					      unsigned long parent_rate)
{
	return to_tyr_test_clk(hw)->rate;
}

static int tyr_test_clk_determine_rate(struct clk_hw *hw,
				       struct clk_rate_request *req)
{
	return 0;
}

static int tyr_test_clk_set_rate(struct clk_hw *hw, unsigned long rate,
				 unsigned long parent_rate)
{
	to_tyr_test_clk(hw)->rate = rate;
	return 0;
}

static int tyr_test_clk_enable(struct clk_hw *hw)
{
	struct tyr_test_clk *clk = to_tyr_test_clk(hw);

	clk->enabled = true;
	clk->enables++;
	return 0;
}

static void tyr_test_clk_disable(struct clk_hw *hw)
{
	struct tyr_test_clk *clk = to_tyr_test_clk(hw);

	clk->enabled = false;
	clk->disables++;
}

static int tyr_test_clk_is_enabled(struct clk_hw *hw)
{
	return to_tyr_test_clk(hw)->enabled;
}

static const struct clk_ops tyr_test_clk_ops = {
	.recalc_rate = tyr_test_clk_recalc_rate,
	.determine_rate = tyr_test_clk_determine_rate,
	.set_rate = tyr_test_clk_set_rate,
	.enable = tyr_test_clk_enable,
	.disable = tyr_test_clk_disable,
	.is_enabled = tyr_test_clk_is_enabled,
};

/* A "core" clock for the fixture's device, gone with the device. */
static void tyr_test_add_clock(struct tyr_test_gpu *gpu)
{
	struct kunit *test = gpu->test;
	struct clk_init_data init = {
		.ops = &tyr_test_clk_ops,
	};

	init.name = tyr_test_printf(test, "%s-core", dev_name(gpu->dev));
	KUNIT_ASSERT_NOT_NULL(test, init.name);
	gpu->clk.rate = TYR_TEST_CLK_RATE;
	gpu->clk.hw.init = &init;
	KUNIT_ASSERT_EQ(test, devm_clk_hw_register(gpu->dev, &gpu->clk.hw), 0);
	KUNIT_ASSERT_EQ(test, devm_clk_hw_register_clkdev(gpu->dev, &gpu->clk.hw,
							  "core",
							  dev_name(gpu->dev)),
			0);
}

static void tyr_test_unregister_pdev(void *pdev)
{
	platform_device_unregister(pdev);
}

static int tyr_test_supply_enable(struct regulator_dev *rdev)
{
	struct tyr_test_supply *supply = rdev_get_drvdata(rdev);

	supply->enabled = true;
	supply->enables++;
	return 0;
}

static int tyr_test_supply_disable(struct regulator_dev *rdev)
{
	struct tyr_test_supply *supply = rdev_get_drvdata(rdev);

	supply->enabled = false;
	supply->disables++;
	return 0;
}

static int tyr_test_supply_is_enabled(struct regulator_dev *rdev)
{
	struct tyr_test_supply *supply = rdev_get_drvdata(rdev);

	return supply->enabled;
}

static const struct regulator_ops tyr_test_supply_ops = {
	.enable = tyr_test_supply_enable,
	.disable = tyr_test_supply_disable,
	.is_enabled = tyr_test_supply_is_enabled,
};

/*
 * A switchable regulator feeding @name of the fixture's device. It goes with
 * the device's devres, after the driver's consumer handles, taken later.
 */
static void tyr_test_add_supply(struct tyr_test_gpu *gpu,
				struct tyr_test_supply *supply,
				const char *name)
{
	struct kunit *test = gpu->test;
	struct regulator_consumer_supply *consumer;
	struct regulator_init_data *init_data;
	struct regulator_config config = { };
	struct regulator_dev *rdev;

	consumer = kunit_kzalloc(test, sizeof(*consumer), GFP_KERNEL);
	init_data = kunit_kzalloc(test, sizeof(*init_data), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, consumer);
	KUNIT_ASSERT_NOT_NULL(test, init_data);

	consumer->supply = name;
	consumer->dev_name = dev_name(gpu->dev);
	init_data->constraints.valid_ops_mask = REGULATOR_CHANGE_STATUS;
	init_data->consumer_supplies = consumer;
	init_data->num_consumer_supplies = 1;

	supply->desc.name = tyr_test_printf(test, "%s-%s", dev_name(gpu->dev),
					    name);
	KUNIT_ASSERT_NOT_NULL(test, supply->desc.name);
	supply->desc.type = REGULATOR_VOLTAGE;
	supply->desc.owner = THIS_MODULE;
	supply->desc.ops = &tyr_test_supply_ops;
	supply->desc.n_voltages = 1;
	supply->desc.fixed_uV = 850000;

	config.dev = gpu->dev;
	config.init_data = init_data;
	config.driver_data = supply;
	rdev = devm_regulator_register(gpu->dev, &supply->desc, &config);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rdev);
}

static void tyr_test_model_destroy(void *data)
{
	struct tyr_test_gpu *gpu = data;

	if (gpu->model)
		tyr_model_destroy(gpu->model);
}

static void tyr_test_unbind(void *data)
{
	struct tyr_test_gpu *gpu = data;

	devres_release_group(gpu->dev, gpu);
}

/*
 * What tyr_remove() does after unplugging DRM (see tyr_test_unplug()). It
 * takes the runtime-PM reference probe would not hold any more.
 */
static void tyr_test_device_remove(void *data)
{
	struct tyr_test_gpu *gpu = data;

	if (gpu->pm_ref) {
		gpu->pm_ref = false;
		pm_runtime_put_noidle(gpu->dev);
	}
	tyr_device_remove(gpu->tdev);
}

/**
 * tyr_test_gpu_create() - A Tyr device on a new model
 * @test: The test.
 * @cfg: The model's configuration, NULL for tyr_test_fast_config.
 *
 * The device is a platform device no driver binds to (a name short enough
 * for clock lookups). It gets a "core" clock (&tyr_test_gpu.clk) and "mali"
 * and "sram" regulators (&tyr_test_gpu.supplies); runtime PM reaches the driver through a PM
 * domain.
 *
 * Teardown order, by KUnit's last-in first-out actions: the equivalent of
 * tyr_remove() if tyr_test_gpu_init() succeeded, then that of the driver's
 * unbind (devres: devfreq, interrupt handlers, runtime PM and power, DRM
 * device, then regulators and clock), then the device, then the model.
 *
 * Return: The fixture; the test is aborted on failure.
 */
struct tyr_test_gpu *tyr_test_gpu_create(struct kunit *test,
					 const struct tyr_model_config *cfg)
{
	struct platform_device *pdev;
	struct tyr_test_gpu *gpu;
	unsigned int i;

	gpu = kunit_kzalloc(test, sizeof(*gpu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gpu);
	gpu->test = test;

	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   tyr_test_model_destroy,
							   gpu));

	pdev = platform_device_register_simple("tyr-test-gpu",
					       PLATFORM_DEVID_AUTO, NULL, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   tyr_test_unregister_pdev,
							   pdev));
	gpu->dev = &pdev->dev;
	dev_pm_domain_set(gpu->dev, &tyr_test_pm_domain);

	/*
	 * Without a driver, devres would only be released once the device is
	 * deleted, after its runtime PM is torn down: release what the test
	 * acquires before, as a driver unbind would.
	 */
	KUNIT_ASSERT_NOT_NULL(test, devres_open_group(gpu->dev, gpu,
						      GFP_KERNEL));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, tyr_test_unbind,
							   gpu));

	tyr_test_add_clock(gpu);
	for (i = 0; i < TYR_SUPPLY_COUNT; i++)
		tyr_test_add_supply(gpu, &gpu->supplies[i],
				    tyr_test_supply_names[i]);

	gpu->model = tyr_model_create(gpu->dev, cfg ?: &tyr_test_fast_config);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gpu->model);

	gpu->tdev = devm_drm_dev_alloc(gpu->dev, &tyr_drm_driver,
				       struct tyr_device, base);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gpu->tdev);
	gpu->tdev->model = gpu->model;
	dev_set_drvdata(gpu->dev, gpu->tdev);

	return gpu;
}

/**
 * tyr_test_gpu_init() - Bring the fixture's GPU up, as probe does
 * @gpu: The fixture.
 *
 * Gets the clocks and supplies, powers the GPU, enables runtime PM, brings
 * the device and devfreq (if the test gave the device OPPs) up. Unlike
 * probe, the runtime-PM reference taken for the bring-up is kept, so that
 * the GPU stays powered for tests that do not exercise power management;
 * tyr_test_gpu_pm_put() drops it.
 *
 * Return: What tyr_device_init() or tyr_devfreq_init() returned.
 */
int tyr_test_gpu_init(struct tyr_test_gpu *gpu)
{
	struct kunit *test = gpu->test;
	struct tyr_device *tdev = gpu->tdev;
	int ret;

	KUNIT_ASSERT_EQ(test, tyr_pm_get_resources(tdev), 0);

	KUNIT_ASSERT_EQ(test, tyr_pm_init(tdev), 0);
	gpu->pm_ref = true;

	ret = tyr_device_init(tdev);
	if (ret)
		return ret;

	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   tyr_test_device_remove,
							   gpu));

	return tyr_devfreq_init(tdev);
}

/**
 * tyr_test_gpu_pm_put() - Let the fixture's GPU suspend
 * @gpu: The fixture, after tyr_test_gpu_init().
 *
 * Drops the reference tyr_test_gpu_init() kept, as probe does when done.
 */
void tyr_test_gpu_pm_put(struct tyr_test_gpu *gpu)
{
	KUNIT_ASSERT_TRUE(gpu->test, gpu->pm_ref);
	gpu->pm_ref = false;
	tyr_pm_put(gpu->tdev);
}

static void tyr_test_unplug(void *data)
{
	struct tyr_test_gpu *gpu = data;

	drm_dev_unplug(&gpu->tdev->base);
}

/**
 * tyr_test_gpu_register() - Register the fixture's DRM device
 * @gpu: The fixture, after tyr_test_gpu_init().
 *
 * The device is unplugged at the end of the test, as tyr_remove() does.
 */
void tyr_test_gpu_register(struct tyr_test_gpu *gpu)
{
	KUNIT_ASSERT_EQ(gpu->test, drm_dev_register(&gpu->tdev->base, 0), 0);
	KUNIT_ASSERT_EQ(gpu->test, 0, kunit_add_action_or_reset(gpu->test,
								tyr_test_unplug,
								gpu));
}

static void tyr_test_close(void *file)
{
	fput(file);
	/* Kernel threads' files are released from a work item: wait. */
	flush_delayed_fput();
}

/**
 * tyr_test_gpu_remove() - What tyr_remove() does, now
 * @gpu: The fixture, after tyr_test_gpu_init().
 *
 * The DRM device, if registered, is unplugged, and the device torn down;
 * devres keeps its resources until the end of the test.
 */
void tyr_test_gpu_remove(struct tyr_test_gpu *gpu)
{
	kunit_release_action(gpu->test, tyr_test_unplug, gpu);
	kunit_release_action(gpu->test, tyr_test_device_remove, gpu);
}

/**
 * tyr_test_gpu_unbind() - Unbind the driver from the fixture's GPU, now
 * @gpu: The fixture, after tyr_test_gpu_init().
 *
 * tyr_test_gpu_remove(), then the device-managed teardown (devfreq,
 * interrupt handlers, runtime PM and power, the DRM device reference of
 * probe); then the model is destroyed, so that any later access to the
 * GPU's registers is a use-after-free that KASAN reports. A test that uses
 * the &tyr_device afterwards holds a reference to its DRM device.
 */
void tyr_test_gpu_unbind(struct tyr_test_gpu *gpu)
{
	tyr_test_gpu_remove(gpu);
	kunit_release_action(gpu->test, tyr_test_unbind, gpu);
	kunit_release_action(gpu->test, tyr_test_model_destroy, gpu);
	gpu->model = NULL;
}

/**
 * tyr_test_open() - Open the fixture's render node, as userspace would
 * @gpu: The fixture, after tyr_test_gpu_register().
 *
 * The file is closed at the end of the test.
 *
 * Return: The file; its private data is the &struct drm_file.
 */
struct file *tyr_test_open(struct tyr_test_gpu *gpu)
{
	struct file *file;

	file = mock_drm_getfile(gpu->tdev->base.render, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(gpu->test, file);
	KUNIT_ASSERT_EQ(gpu->test, 0, kunit_add_action_or_reset(gpu->test,
								tyr_test_close,
								file));
	return file;
}

/**
 * tyr_test_close_now() - Close a file tyr_test_open() gave, before the end
 * @gpu: The fixture.
 * @file: The file; released when this returns.
 */
void tyr_test_close_now(struct tyr_test_gpu *gpu, struct file *file)
{
	kunit_release_action(gpu->test, tyr_test_close, file);
}

static void tyr_test_model_free(void *model)
{
	tyr_model_destroy(model);
}

/* A fence the test signals itself, for jobs and binds to wait on. */
struct tyr_test_fence {
	struct dma_fence base;
	/* The fence's lock. */
	spinlock_t lock;
};

static const char *tyr_test_fence_name(struct dma_fence *fence)
{
	return "tyr-test";
}

static const struct dma_fence_ops tyr_test_fence_ops = {
	.get_driver_name = tyr_test_fence_name,
	.get_timeline_name = tyr_test_fence_name,
};

static void tyr_test_fence_put(void *fence)
{
	dma_fence_put(fence);
}

/**
 * tyr_test_fence() - A fence that only the test signals
 * @test: The test; its reference goes at the end of the test.
 *
 * Return: The fence, unsignalled.
 */
struct dma_fence *tyr_test_fence(struct kunit *test)
{
	struct tyr_test_fence *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	spin_lock_init(&f->lock);
	dma_fence_init(&f->base, &tyr_test_fence_ops, &f->lock,
		       dma_fence_context_alloc(1), 1);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							tyr_test_fence_put,
							&f->base), 0);
	return &f->base;
}

/* Free the pages tyr_test_page() gave out, once the model is gone. */
static void tyr_test_pages_free(struct kunit_resource *res)
{
	struct list_head *pages = res->data;
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, pages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

static void tyr_test_page_free(void *page)
{
	__free_page(page);
}

/**
 * tyr_test_page() - A zeroed page for a test's model to use
 * @test: The test.
 * @phys: Where to store the page's physical address.
 *
 * In a test that created its model with tyr_test_model_create(), the page
 * is freed after the model is destroyed, so that nothing the model still
 * runs at the end of the test (a stream in an endless loop) can use a page
 * table or buffer that is already gone.
 *
 * Return: The page's kernel address; the test is aborted on failure.
 */
void *tyr_test_page(struct kunit *test, phys_addr_t *phys)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	struct kunit_resource *res;

	KUNIT_ASSERT_NOT_NULL(test, page);
	res = kunit_find_named_resource(test, "tyr-test-pages");
	if (res) {
		list_add(&page->lru, res->data);
		kunit_put_resource(res);
	} else {
		KUNIT_ASSERT_EQ(test, 0,
				kunit_add_action_or_reset(test,
							  tyr_test_page_free,
							  page));
	}
	*phys = page_to_phys(page);
	return page_address(page);
}

/**
 * tyr_test_model_create() - A bare model, with no driver attached
 * @test: The test.
 * @cfg: The model's configuration, NULL for tyr_test_fast_config.
 *
 * Return: The model; the test is aborted on failure.
 */
struct tyr_model *tyr_test_model_create(struct kunit *test,
					const struct tyr_model_config *cfg)
{
	struct kunit_resource *res;
	struct tyr_model *model;
	struct list_head *pages;

	/* Registered first, so that the pages outlive the model. */
	pages = kunit_kzalloc(test, sizeof(*pages), GFP_KERNEL);
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	KUNIT_ASSERT_NOT_NULL(test, res);
	INIT_LIST_HEAD(pages);
	res->should_kfree = true;
	KUNIT_ASSERT_EQ(test, kunit_add_named_resource(test, NULL,
						       tyr_test_pages_free, res,
						       "tyr-test-pages", pages),
			0);

	model = tyr_model_create(NULL, cfg ?: &tyr_test_fast_config);
	KUNIT_ASSERT_NOT_NULL(test, model);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   tyr_test_model_free,
							   model));
	return model;
}

/**
 * tyr_test_fw_header() - Start a synthetic firmware image
 * @img: The image, cleared and given a header (format 0.3).
 */
void tyr_test_fw_header(struct tyr_test_fw_img *img)
{
	memset(img->buf, 0, sizeof(img->buf));
	put_unaligned_le32(0xc3f13a6e, img->buf);
	img->buf[4] = 3;	/* minor */
	img->buf[5] = 0;	/* major */
	put_unaligned_le32(0x01010000, img->buf + 8);
	img->at = 20;
}

/**
 * tyr_test_fw_entry() - Add an entry to a synthetic image
 * @img: The image.
 * @type: Entry type.
 * @optional: Whether the entry may be skipped.
 * @size: Entry size, header included.
 *
 * Return: The entry, whose fields after the header are the caller's to fill.
 */
u8 *tyr_test_fw_entry(struct tyr_test_fw_img *img, u32 type, bool optional,
		      u32 size)
{
	u8 *entry = img->buf + img->at;

	put_unaligned_le32(type | size << 8 | (optional ? BIT(31) : 0), entry);
	img->at += size;
	return entry;
}

/**
 * tyr_test_fw_iface() - Add a section to a synthetic image
 * @img: The image.
 * @flags: Section flags.
 * @va_start: Start of its MCU VA range.
 * @va_end: End of its MCU VA range.
 * @data_start: Start of its data in the image.
 * @data_end: End of its data in the image.
 */
void tyr_test_fw_iface(struct tyr_test_fw_img *img, u32 flags, u32 va_start,
		       u32 va_end, u32 data_start, u32 data_end)
{
	u8 *e = tyr_test_fw_entry(img, 0, false, 32);

	put_unaligned_le32(flags, e + 4);
	put_unaligned_le32(va_start, e + 8);
	put_unaligned_le32(va_end, e + 12);
	put_unaligned_le32(data_start, e + 16);
	put_unaligned_le32(data_end, e + 20);
	memcpy(e + 24, "section", 7);
}

/**
 * tyr_test_fw_finish() - Make the header cover the entries written
 * @img: The image.
 */
void tyr_test_fw_finish(struct tyr_test_fw_img *img)
{
	put_unaligned_le32(img->at, img->buf + 16);
}

/**
 * tyr_test_fw_valid() - Write a valid synthetic image
 * @img: The image.
 *
 * Code, data, a protected-mode section, the shared section, an optional
 * entry of an unused type and the build information.
 */
void tyr_test_fw_valid(struct tyr_test_fw_img *img)
{
	static const char sha[] = "git_sha: 0123456789abcdef0123456789abcdef01234567 ";
	const u32 data = TYR_TEST_FW_DATA_AT;
	u8 *e;

	tyr_test_fw_header(img);
	tyr_test_fw_iface(img, TYR_FW_SEC_RD | TYR_FW_SEC_EX |
			  FIELD_PREP(TYR_FW_SEC_CACHE, 1),
			  0x0, 0x2000, data, data + 0x100);
	tyr_test_fw_iface(img, TYR_FW_SEC_RD | TYR_FW_SEC_WR | TYR_FW_SEC_ZERO,
			  0x800000, 0x810000, data + 0x100, data + 0x180);
	tyr_test_fw_iface(img, TYR_FW_SEC_RD | TYR_FW_SEC_PROT, 0x3000000,
			  0x3040000, 0, 0);
	tyr_test_fw_iface(img, TYR_FW_SEC_RD | TYR_FW_SEC_WR |
			  TYR_FW_SEC_SHARED | TYR_FW_SEC_ZERO |
			  FIELD_PREP(TYR_FW_SEC_CACHE, 3),
			  TYR_FW_SHARED_VA, TYR_FW_SHARED_VA + 0xc000,
			  data + 0x200, data + 0x400);
	tyr_test_fw_entry(img, 3, true, 40);
	e = tyr_test_fw_entry(img, 6, true, 12);
	put_unaligned_le32(data + 0x800, e + 4);
	put_unaligned_le32(sizeof(sha), e + 8);
	memcpy(img->buf + data + 0x800, sha, sizeof(sha));
	tyr_test_fw_finish(img);
}
