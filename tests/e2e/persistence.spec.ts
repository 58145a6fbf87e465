import { expect, idle, openApp, test } from './fixtures';

test('data created through the API and the UI survives a reload and a browser restart', async ({
	page,
	restart
}) => {
	await openApp(page);
	const status = await page.evaluate(() => window.runboard.ready());
	expect(status.mode).toBe('opfs');
	const runId = await page.evaluate(async () => {
		const id = await window.runboard.createExperiment('persisted');
		const run = await window.runboard.createRun({ experimentId: id, runName: 'kept' });
		await window.runboard.logBatch(run.info.runId, {
			params: { alpha: '0.5' },
			metrics: [
				{ key: 'm', value: NaN, step: 0 },
				{ key: 'm', value: Infinity, step: 1 },
				{ key: 'm', value: -Infinity, step: 2 },
				{ key: 'm', value: 0.25, step: 3 }
			]
		});
		await window.runboard.setTerminated(run.info.runId, 'FINISHED');
		return run.info.runId;
	});
	await page.getByLabel('New experiment').fill('made-in-ui');
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.getByRole('link', { name: 'made-in-ui' })).toBeVisible();

	const check = async () => {
		const seen = await page.evaluate(async (id) => {
			const run = await window.runboard.getRun(id);
			const history = await window.runboard.getMetricHistory(id, 'm');
			const names = (await window.runboard.searchExperiments()).map((e) => e.name).sort();
			return {
				status: run.info.status,
				params: run.data.params,
				values: history.map((h) => String(h.value)),
				names
			};
		}, runId);
		expect(seen).toEqual({
			status: 'FINISHED',
			params: [{ key: 'alpha', value: '0.5' }],
			values: ['NaN', 'Infinity', '-Infinity', '0.25'],
			names: ['made-in-ui', 'persisted']
		});
	};

	await page.reload();
	await idle(page);
	await check();

	page = await restart();
	await openApp(page);
	await check();
	await expect(page.getByRole('link', { name: 'persisted' })).toBeVisible();
});

test('a reload in the middle of a large logBatch leaves the batch wholly there or wholly absent', async ({
	page
}) => {
	await openApp(page);
	const runId = await page.evaluate(async () => {
		const id = await window.runboard.createExperiment('interrupted');
		return (await window.runboard.createRun({ experimentId: id })).info.runId;
	});
	const N = 400_000;
	await page.evaluate(
		({ id, n }) => {
			const metrics = Array.from({ length: n }, (_, i) => ({ key: 'x', value: i, step: i, timestamp: 1 }));
			void window.runboard.logBatch(id, { metrics });
		},
		{ id: runId, n: N }
	);
	await page.reload();
	await idle(page);
	const after = await page.evaluate(async (id) => {
		const history = await window.runboard.getMetricHistory(id, 'x');
		return { count: history.length, integrity: await window.runboard.integrityCheck() };
	}, runId);
	expect([0, N]).toContain(after.count);
	expect(after.integrity).toBe('ok');
});
