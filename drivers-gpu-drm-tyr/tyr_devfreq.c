// SPDX-License-Identifier: GPL-2.0 or MIT
/**
 * DOC: Frequency scaling
 *
 * When the device tree gives the GPU an operating-points-v2 table, Tyr
 * registers a devfreq device with the simple_ondemand governor. The OPP core
 * sets the "core" clock and scales the "mali" supply; on the RK3588 the
 * "sram" supply follows through the regulator coupling the device tree
 * describes, and the driver keeps it enabled while the GPU is powered.
 *
 * The load is the fraction of time the GPU was busy since the governor last
 * looked. The GPU is busy while at least one user holds it busy
 * (tyr_devfreq_busy_begin() and tyr_devfreq_busy_end(): the scheduler does
 * for the time groups run on the GPU) and idle otherwise, including while
 * it is suspended.
 *
 * The frequency of the last OPP set is kept across suspend: the OPP vote is
 * dropped when the GPU powers down, so that its supply can be released, and
 * set again before the clocks restart.
 *
 * A cooling device is registered when the GPU node has #cooling-cells.
 */

#include <linux/clk.h>
#include <linux/devfreq_cooling.h>
#include <linux/of.h>
#include <linux/pm_opp.h>

#include <drm/drm_print.h>

#include "tyr_devfreq.h"
#include "tyr_device.h"

/* Add the time since the last update to the busy or the idle time. */
static void tyr_devfreq_account(struct tyr_devfreq *df)
{
	ktime_t now = ktime_get();
	ktime_t delta = ktime_sub(now, df->last_update);

	if (df->busy_count)
		df->busy_time = ktime_add(df->busy_time, delta);
	else
		df->idle_time = ktime_add(df->idle_time, delta);
	df->last_update = now;
}

/**
 * tyr_devfreq_busy_begin() - The GPU has work to do
 * @tdev: The device.
 *
 * Calls nest; the GPU counts as busy until the matching number of
 * tyr_devfreq_busy_end(). Callable from any context.
 */
void tyr_devfreq_busy_begin(struct tyr_device *tdev)
{
	struct tyr_devfreq *df = &tdev->devfreq;
	unsigned long flags;

	spin_lock_irqsave(&df->lock, flags);
	tyr_devfreq_account(df);
	df->busy_count++;
	spin_unlock_irqrestore(&df->lock, flags);
}

/**
 * tyr_devfreq_busy_end() - A reason for the GPU to be busy is gone
 * @tdev: The device.
 */
void tyr_devfreq_busy_end(struct tyr_device *tdev)
{
	struct tyr_devfreq *df = &tdev->devfreq;
	unsigned long flags;

	spin_lock_irqsave(&df->lock, flags);
	tyr_devfreq_account(df);
	if (!WARN_ON(!df->busy_count))
		df->busy_count--;
	spin_unlock_irqrestore(&df->lock, flags);
}

static int tyr_devfreq_target(struct device *dev, unsigned long *freq,
			      u32 flags)
{
	struct tyr_device *tdev = dev_get_drvdata(dev);
	struct dev_pm_opp *opp;
	int ret;

	/*
	 * Nothing outside the table: devfreq_recommended_opp() picks an OPP
	 * of it (and updates *freq), and that very OPP is applied.
	 */
	opp = devfreq_recommended_opp(dev, freq, flags);
	if (IS_ERR(opp))
		return PTR_ERR(opp);

	ret = dev_pm_opp_set_opp(dev, opp);
	if (!ret)
		WRITE_ONCE(tdev->devfreq.cur_freq, dev_pm_opp_get_freq(opp));
	dev_pm_opp_put(opp);

	return ret;
}

static int tyr_devfreq_get_dev_status(struct device *dev,
				      struct devfreq_dev_status *status)
{
	struct tyr_device *tdev = dev_get_drvdata(dev);
	struct tyr_devfreq *df = &tdev->devfreq;
	unsigned long flags;

	status->current_frequency = READ_ONCE(df->cur_freq);

	spin_lock_irqsave(&df->lock, flags);
	tyr_devfreq_account(df);
	status->busy_time = ktime_to_ns(df->busy_time);
	status->total_time = ktime_to_ns(ktime_add(df->busy_time,
						   df->idle_time));
	df->busy_time = 0;
	df->idle_time = 0;
	spin_unlock_irqrestore(&df->lock, flags);

	return 0;
}

static int tyr_devfreq_get_cur_freq(struct device *dev, unsigned long *freq)
{
	struct tyr_device *tdev = dev_get_drvdata(dev);

	*freq = READ_ONCE(tdev->devfreq.cur_freq);
	return 0;
}

/**
 * tyr_devfreq_opp_init() - Set up the OPP table from the device tree
 * @tdev: The device.
 *
 * Without an operating-points-v2 property the GPU runs at the rate its clock
 * has, and no devfreq device is registered.
 *
 * Return: 0 on success or without a table, a negative errno otherwise.
 */
int tyr_devfreq_opp_init(struct tyr_device *tdev)
{
	static const char * const clk_names[] = { "core", NULL };
	static const char * const regulator_names[] = { "mali", NULL };
	struct device *dev = tdev->base.dev;
	struct dev_pm_opp_config config = {
		.clk_names = clk_names,
		.regulator_names = regulator_names,
	};
	int ret;

	if (!of_property_present(dev->of_node, "operating-points-v2")) {
		dev_info(dev, "no OPP table, no frequency scaling\n");
		return 0;
	}

	ret = devm_pm_opp_set_config(dev, &config);
	if (ret < 0)
		return dev_err_probe(dev, ret, "cannot configure the OPPs\n");

	ret = devm_pm_opp_of_add_table(dev);
	if (ret)
		return dev_err_probe(dev, ret, "bad OPP table\n");

	return 0;
}

static void tyr_devfreq_unregister_cooling(void *cooling)
{
	devfreq_cooling_unregister(cooling);
}

static void tyr_devfreq_register_cooling(struct tyr_device *tdev)
{
	struct device *dev = tdev->base.dev;
	struct thermal_cooling_device *cooling;

	if (!IS_ENABLED(CONFIG_DEVFREQ_THERMAL) ||
	    !of_property_present(dev->of_node, "#cooling-cells"))
		return;

	cooling = devfreq_cooling_em_register(tdev->devfreq.devfreq, NULL);
	if (IS_ERR(cooling)) {
		dev_warn(dev, "no cooling device: %pe\n", cooling);
		return;
	}

	if (devm_add_action_or_reset(dev, tyr_devfreq_unregister_cooling,
				     cooling))
		dev_warn(dev, "cooling device dropped\n");
}

/**
 * tyr_devfreq_init() - Start frequency scaling
 * @tdev: The device, powered, with its OPP table if it has one.
 *
 * Sets the OPP closest above the clock's current rate and registers the
 * devfreq device. Nothing is done, successfully, without an OPP table.
 *
 * Return: 0 on success, a negative errno otherwise.
 */
int tyr_devfreq_init(struct tyr_device *tdev)
{
	struct tyr_devfreq *df = &tdev->devfreq;
	struct device *dev = tdev->base.dev;
	struct devfreq *devfreq;
	struct dev_pm_opp *opp;
	unsigned long freq;
	int count, ret;

	spin_lock_init(&df->lock);
	df->last_update = ktime_get();

	count = dev_pm_opp_get_opp_count(dev);
	if (count <= 0)
		return 0;

	freq = clk_get_rate(tdev->clks[TYR_CLK_CORE].clk);
	opp = devfreq_recommended_opp(dev, &freq, 0);
	if (IS_ERR(opp))
		return PTR_ERR(opp);

	/* Also enables the supply the OPP core scales. */
	ret = dev_pm_opp_set_opp(dev, opp);
	dev_pm_opp_put(opp);
	if (ret)
		return dev_err_probe(dev, ret, "cannot set the first OPP\n");
	df->cur_freq = freq;

	df->profile.timer = DEVFREQ_TIMER_DELAYED;
	df->profile.polling_ms = TYR_DEVFREQ_POLL_MS;
	df->profile.initial_freq = freq;
	df->profile.target = tyr_devfreq_target;
	df->profile.get_dev_status = tyr_devfreq_get_dev_status;
	df->profile.get_cur_freq = tyr_devfreq_get_cur_freq;

	/* Go up once half busy, come down below 40%: frames are bursty. */
	df->gov.upthreshold = 50;
	df->gov.downdifferential = 10;

	devfreq = devm_devfreq_add_device(dev, &df->profile,
					  DEVFREQ_GOV_SIMPLE_ONDEMAND, &df->gov);
	if (IS_ERR(devfreq))
		return dev_err_probe(dev, PTR_ERR(devfreq),
				     "cannot register the devfreq device\n");
	df->devfreq = devfreq;

	ret = devm_devfreq_register_opp_notifier(dev, devfreq);
	if (ret)
		return ret;

	tyr_devfreq_register_cooling(tdev);

	drm_info(&tdev->base, "devfreq: %d OPPs, starting at %lu kHz\n", count,
		 freq / 1000);
	return 0;
}

/**
 * tyr_devfreq_suspend() - Stop frequency scaling before a power-down
 * @tdev: The device.
 *
 * Drops the OPP vote, which releases the supply the OPP core enabled.
 */
void tyr_devfreq_suspend(struct tyr_device *tdev)
{
	struct tyr_devfreq *df = &tdev->devfreq;
	struct device *dev = tdev->base.dev;

	if (!df->devfreq)
		return;

	devfreq_suspend_device(df->devfreq);
	if (dev_pm_opp_set_opp(dev, NULL))
		dev_warn(dev, "cannot drop the OPP vote\n");
}

/**
 * tyr_devfreq_resume() - Restore the OPP and restart frequency scaling
 * @tdev: The device.
 *
 * Return: 0 on success, a negative errno if the OPP could not be set.
 */
int tyr_devfreq_resume(struct tyr_device *tdev)
{
	struct tyr_devfreq *df = &tdev->devfreq;
	int ret;

	if (!df->devfreq)
		return 0;

	ret = dev_pm_opp_set_rate(tdev->base.dev, READ_ONCE(df->cur_freq));
	if (ret)
		return ret;

	devfreq_resume_device(df->devfreq);
	return 0;
}

/**
 * tyr_devfreq_rates() - The GPU's current and highest clock rates
 * @tdev: The device, plugged.
 * @cur: Where to store the rate of the OPP last set, in Hz.
 * @max: Where to store the rate of the highest OPP, in Hz.
 *
 * Return: true if devfreq scales the GPU and both are known.
 */
bool tyr_devfreq_rates(struct tyr_device *tdev, unsigned long *cur,
		       unsigned long *max)
{
	struct tyr_devfreq *df = &tdev->devfreq;
	unsigned long freq = ULONG_MAX;
	struct dev_pm_opp *opp;

	if (!df->devfreq)
		return false;

	opp = dev_pm_opp_find_freq_floor(tdev->base.dev, &freq);
	if (IS_ERR(opp))
		return false;
	dev_pm_opp_put(opp);

	*max = freq;
	*cur = READ_ONCE(df->cur_freq);
	return true;
}
