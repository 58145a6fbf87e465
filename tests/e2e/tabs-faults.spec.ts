// Faults of many tabs (src/lib/client/connection.ts): ten tabs opened at the same moment on a fresh profile, and
// the owning tab's renderer killed (as a crash or the system's out-of-memory killer would) while guests write.
// Every tab gets to work, one owns the database, and at the end every run and point is present exactly once and
// every tab counts the same.
import type { Page } from '@playwright/test';
import { expect, idle, test } from './fixtures';
import { countLogged, logRuns } from './tab-tools';

const role = (page: Page) => page.evaluate(() => window.__runboardRole?.() ?? 'unknown');

test('ten tabs opened at once: all work, one owns the database, all count the same', async ({
	context,
	page
}) => {
	const TABS = 10;
	const tabs = [page, ...(await Promise.all(Array.from({ length: TABS - 1 }, () => context.newPage())))];
	await Promise.all(tabs.map((t) => t.goto('')));
	await Promise.all(tabs.map((t) => idle(t)));
	const roles = await Promise.all(tabs.map(role));
	expect(roles.filter((r) => r === 'owner')).toHaveLength(1);
	expect(roles.filter((r) => r === 'guest')).toHaveLength(TABS - 1);
	for (const t of tabs) await expect(t.getByTestId('other-tab')).toHaveCount(0);

	// Every tab writes at the same time: one experiment is made once (the others find it), then a run each.
	await Promise.all(
		tabs.map((t, i) =>
			t.evaluate(async (i) => {
				const rb = window.runboard;
				const experimentId = await rb
					.createExperiment('concurrent')
					.catch(async () => (await rb.getExperimentByName('concurrent'))!.experimentId);
				const run = await rb.createRun({ experimentId, runName: `tab${i}` });
				const metrics = Array.from({ length: 50 }, (_, step) => ({
					key: 'loss',
					value: step,
					step,
					timestamp: 1
				}));
				await rb.logBatch(run.info.runId, { metrics });
			}, i)
		)
	);
	const counts = await Promise.all(tabs.map(countLogged));
	const expected = { runs: TABS, names: TABS, points: TABS * 50, distinct: TABS * 50, experiments: 1 };
	for (const c of counts) expect(c).toEqual(expected);
	expect(await tabs[TABS - 1]!.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});

test('the owner tab’s renderer crashes while guests log: a guest takes over, every point stored once', async ({
	context,
	page
}) => {
	await page.goto('');
	await idle(page);
	await page.evaluate(() => window.runboard.createExperiment('concurrent'));
	const guests = [await context.newPage(), await context.newPage(), await context.newPage()];
	for (const g of guests) {
		await g.goto('');
		await idle(g);
	}
	expect(await role(page)).toBe('owner');

	const size = { runs: 3, batches: 20, perBatch: 40 };
	const logging = guests.map((g, i) => logRuns(g, `guest${i}`, size));
	await guests[0]!.waitForFunction(() => (window.__progress ?? 0) >= 10);
	// Kills the owner tab's renderer process (its database worker with it), as a crash would.
	const cdp = await context.newCDPSession(page);
	const crashed = page.waitForEvent('crash');
	// The command never answers (its renderer is gone): the page's crash event says it happened.
	void cdp.send('Page.crash').catch(() => undefined);
	await crashed;
	const crashedAt = Date.now();
	await expect
		.poll(async () => (await Promise.all(guests.map(role))).filter((r) => r === 'owner'), { intervals: [20] })
		.toHaveLength(1);
	console.log(`takeover after the owner's renderer crashed: ${Date.now() - crashedAt} ms`);
	const retries = await Promise.all(logging);
	console.log(`logger retries after DB_BUSY: ${retries.join(', ')}`);

	const logged = guests.length * size.runs;
	const points = logged * size.batches * size.perBatch;
	const counts = await Promise.all(guests.map(countLogged));
	for (const c of counts)
		expect(c).toEqual({ runs: logged, names: logged, points, distinct: points, experiments: 1 });
	for (const g of guests) await idle(g);
	expect(await guests[0]!.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});
