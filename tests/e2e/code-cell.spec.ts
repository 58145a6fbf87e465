// The code cell (/code/) on the built site: JavaScript typed by a person runs in a sandboxed worker and logs runs
// through the page. What must hold: 10,000 points are all written and drawn; an endless loop is stopped and its run
// KILLED while the page stays usable; errors name the user's line; the sandbox reaches neither the app's data nor
// the network, and the data is intact afterwards.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

const STORAGE_KEY = 'runboard.code-cell.text';

/** Opens the code cell with `code` in the editor (through the saved text, which the page reads on load). */
async function openCell(page: Page, code?: string): Promise<void> {
	await openApp(page);
	if (code !== undefined)
		await page.evaluate(([key, text]) => localStorage.setItem(key!, text!), [STORAGE_KEY, code]);
	await openApp(page, 'code/');
	await expect(page.getByTestId('code-editor')).toHaveAttribute('data-ready', 'true');
}

async function loadExample(page: Page, id: string): Promise<void> {
	await page.getByTestId('code-example').selectOption(id);
	await page.getByRole('button', { name: 'Load example' }).click();
}

const runs = (page: Page) => page.getByTestId('code-runs').locator('li');
const output = (page: Page) => page.getByTestId('code-output');
const status = (page: Page) => page.getByTestId('code-status');

test.beforeEach(async ({ page }) => {
	await page.addInitScript(() => {
		const seen: string[] = [];
		Object.defineProperty(window, '__codeCellViolations', { value: seen });
		document.addEventListener('securitypolicyviolation', (e) =>
			seen.push(`${e.effectiveDirective} ${e.blockedURI}`)
		);
	});
});

test('the 10,000-point example writes every point, draws them, and the code is kept for the next visit', async ({
	page
}) => {
	await openCell(page);
	await loadExample(page, 'ten-thousand');
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(status(page)).toHaveText('Finished.', { timeout: 30_000 });
	await expect(output(page)).toContainText('logged 10,000 points');
	const run = runs(page).first();
	await expect(run).toHaveAttribute('data-status', 'FINISHED');
	const runId = (await run.getAttribute('data-run-id'))!;
	const stored = await page.evaluate(async (id) => {
		const rb = window.runboard;
		const history = await rb.getMetricHistory(id, 'signal');
		const info = (await rb.getRun(id)).info;
		return {
			points: history.length,
			lastStep: history.at(-1)?.step,
			status: info.status,
			name: info.runName
		};
	}, runId);
	expect(stored).toEqual({
		points: 10_000,
		lastStep: 9_999,
		status: 'FINISHED',
		name: 'ten-thousand-points'
	});
	// The live chart follows the run: all 10,000 points are behind its line.
	const chart = page.getByTestId('line-chart');
	await expect(chart).toHaveAttribute('data-metric', 'signal');
	await expect(chart).toHaveAttribute('data-totals', '10000');
	// The links lead to the run's page.
	await run.getByRole('link', { name: 'ten-thousand-points' }).click();
	await expect(page).toHaveURL(new RegExp(`/runs/${runId}/$`));
	// The editor's text survives the visit.
	await openApp(page, 'code/');
	await expect(page.locator('.cm-content')).toContainText("runName: 'ten-thousand-points'");
	expect(
		await page.evaluate(() => (window as unknown as { __codeCellViolations: string[] }).__codeCellViolations)
	).toEqual([]);
});

test("the workshop's loop logs its params and a loss per epoch into its experiment", async ({ page }) => {
	await openCell(page);
	await loadExample(page, 'linear-regression');
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(status(page)).toHaveText('Finished.', { timeout: 30_000 });
	await expect(output(page)).toContainText(/w = \d+\.\d{3}, b = \d+\.\d{3}/);
	const runId = (await runs(page).first().getAttribute('data-run-id'))!;
	const stored = await page.evaluate(async (id) => {
		const rb = window.runboard;
		const run = await rb.getRun(id);
		const loss = await rb.getMetricHistory(id, 'loss');
		const experiment = await rb.getExperiment(run.info.experimentId);
		return {
			experiment: experiment.name,
			name: run.info.runName,
			status: run.info.status,
			params: Object.fromEntries(run.data.params.map((p) => [p.key, p.value])),
			steps: loss.map((m) => m.step),
			falling: loss.at(-1)!.value < loss[0]!.value / 10
		};
	}, runId);
	expect(stored).toEqual({
		experiment: 'workshop-linear-regression',
		name: 'lr-0.05',
		status: 'FINISHED',
		params: { alpha: '0.05', epochs: '60', model: 'linear' },
		steps: Array.from({ length: 60 }, (_, i) => i),
		falling: true
	});
	await expect(page.getByTestId('line-chart')).toHaveAttribute('data-totals', '60');
	await runs(page).first().getByRole('link', { name: 'experiment' }).click();
	await expect(page).toHaveURL(/\/experiments\/\d+\/$/);
});

test('Stop ends an endless loop: the page stays responsive and the run is KILLED', async ({ page }) => {
	await openCell(page);
	await loadExample(page, 'endless');
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(output(page)).toContainText('looping until you press Stop');
	await expect(runs(page).first()).toHaveAttribute('data-status', 'RUNNING');
	// The loop spins in the worker; the page still answers, and the editor still takes keys.
	expect(await page.evaluate(() => 6 * 7)).toBe(42);
	await page.locator('.cm-content').click();
	await page.keyboard.press('End');
	await page.keyboard.type(' // still typing');
	await expect(page.locator('.cm-content')).toContainText('still typing');
	// Escape leaves the editor for the Run button's neighbourhood: keyboard users are not trapped by Tab.
	await page.keyboard.press('Escape');
	await expect(page.locator('.cm-content')).not.toBeFocused();
	await expect(page.getByRole('button', { name: 'Stop' })).toBeFocused();
	await page.getByRole('button', { name: 'Stop' }).click();
	await expect(status(page)).toHaveText('Stopped.');
	const run = runs(page).first();
	await expect(run).toHaveAttribute('data-status', 'KILLED');
	const runId = (await run.getAttribute('data-run-id'))!;
	const stored = await page.evaluate(async (id) => {
		const r = await window.runboard.getRun(id);
		return { status: r.info.status, started: r.data.metrics.find((m) => m.key === 'started')?.value };
	}, runId);
	expect(stored).toEqual({ status: 'KILLED', started: 1 });
	await expect(page.getByRole('button', { name: 'Run' })).toBeEnabled();
});

test('errors name the line of the code, runtime and syntax errors alike, and the editor marks it', async ({
	page
}) => {
	const runtimeError = [
		'const a = 1;',
		"runboard.startRun({ runName: 'fails' });",
		'',
		'const obj = null;',
		'obj.field = 2;'
	].join('\n');
	await openCell(page, runtimeError);
	await page.locator('.cm-content').click();
	await page.keyboard.press('Control+Enter'); // runs from the editor
	await expect(status(page)).toHaveText('Failed: see the output.');
	await expect(page.getByTestId('error-line')).toHaveText('line 5');
	await expect(output(page)).toContainText('TypeError');
	await expect(page.locator('.cm-error-line')).toHaveText('obj.field = 2;');
	await expect(runs(page).first()).toHaveAttribute('data-status', 'FAILED');

	// A wrong argument is refused by the runtime, at the user's call.
	await openCell(page, "runboard.startRun();\n\n\nrunboard.logMetric('m', 'not a number');");
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(page.getByTestId('error-line')).toHaveText('line 4');
	await expect(output(page)).toContainText('must be a number');

	// An error thrown later, in a timer's callback, still names its line.
	await openCell(
		page,
		'runboard.startRun();\nsetTimeout(() => {\n\tundefined.z;\n}, 0);\nawait new Promise((r) => setTimeout(r, 200));'
	);
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(page.getByTestId('error-line')).toHaveText('line 3');
	await expect(output(page)).toContainText('TypeError');
	await expect(runs(page).first()).toHaveAttribute('data-status', 'FAILED');

	// A flood of console lines is stopped at the limit, with the line that crossed it.
	await openCell(page, 'runboard.startRun();\nfor (let i = 0; i < 5000; i++) console.log(i);');
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(page.getByTestId('error-line')).toHaveText('line 2');
	await expect(output(page)).toContainText('Limit reached: at most 2,000 console lines.');
	await expect(output(page).locator('li[data-kind="log"]')).toHaveCount(2_000);

	// A syntax error is found before anything runs: no run is created.
	await openCell(page, 'let x = 1;\nlet y = 2;\nlet z = ;\n');
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(page.getByTestId('error-line')).toHaveText('line 3');
	await expect(output(page)).toContainText('SyntaxError');
	await expect(page.locator('.cm-error-line')).toHaveText('let z = ;');
	await expect(page.getByTestId('code-runs')).toHaveCount(0);
});

test('the sandbox reaches neither the app data nor the network, and the data is intact afterwards', async ({
	page
}) => {
	await openApp(page);
	const before = await page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment('keep-me');
		const run = await rb.createRun({ experimentId, runName: 'precious' });
		await rb.logMetric(run.info.runId, 'loss', 0.25, { step: 3 });
		return { experimentId, runId: run.info.runId };
	});
	const probes = `
const probes = {
	indexedDB: () => indexedDB.open('runboard'),
	storage: () => navigator.storage.getDirectory(),
	fetch: () => fetch('/'),
	postMessage: () => postMessage({ type: 'done' }),
	selfPostMessage: () => self.postMessage({ type: 'calls', calls: [] }),
	prototypePostMessage: () => Object.getPrototypeOf(self).postMessage.call(self, { type: 'done' }),
	caches: () => caches.open('x'),
	xhr: () => new XMLHttpRequest(),
	websocket: () => new WebSocket('ws://127.0.0.1:1/'),
	worker: () => new Worker('x.js'),
	broadcast: () => new BroadcastChannel('runboard'),
	locks: () => navigator.locks.request('runboard', () => {}),
	functionConstructor: () => Function('return 1')(),
	constructorOfArrow: () => (() => {}).constructor('return 1')(),
	asyncConstructor: () => (async () => {}).constructor('return 1')(),
	timerString: () => setTimeout('1'),
	eval: () => eval('1')
};
runboard.startRun({ runName: 'probes' });
for (const [name, probe] of Object.entries(probes)) {
	try {
		await probe();
		console.log(name + ': REACHED');
	} catch (error) {
		console.error(name + ': blocked (' + error.name + ')');
	}
}
console.log('math still works: ' + Math.sqrt(16));
`;
	await openCell(page, probes);
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(status(page)).toHaveText('Finished.');
	const text = await output(page).innerText();
	for (const name of [
		'indexedDB',
		'storage',
		'fetch',
		'postMessage',
		'selfPostMessage',
		'prototypePostMessage',
		'caches',
		'xhr',
		'websocket',
		'worker',
		'broadcast',
		'locks',
		'functionConstructor',
		'constructorOfArrow',
		'asyncConstructor',
		'timerString',
		'eval'
	])
		expect(text).toContain(`${name}: blocked`);
	expect(text).not.toContain('REACHED');
	expect(text).toContain('math still works: 4');

	// Uncaught, each probe is shown as an error at its line.
	await openCell(page, "// line 1\nawait fetch('/runboard/');");
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(page.getByTestId('error-line')).toHaveText('line 2');
	await expect(output(page)).toContainText('ReferenceError: fetch is not defined');
	await openCell(page, "\n\nconst m = await import('/runboard/');");
	await page.getByRole('button', { name: 'Run' }).click();
	await expect(page.getByTestId('error-line')).toHaveText('line 3');
	await expect(output(page)).toContainText('import() is not available');

	const after = await page.evaluate(async (ids) => {
		const rb = window.runboard;
		return {
			experiment: (await rb.getExperiment(ids.experimentId)).name,
			history: (await rb.getMetricHistory(ids.runId, 'loss')).map((m) => [m.step, m.value]),
			integrity: await rb.integrityCheck()
		};
	}, before);
	expect(after).toEqual({ experiment: 'keep-me', history: [[3, 0.25]], integrity: 'ok' });
});

for (const theme of ['light', 'dark'] as const) {
	test(`no serious or critical axe violations on the code cell with output, runs and chart, ${theme} theme`, async ({
		page
	}) => {
		await page.addInitScript((t) => localStorage.setItem('runboard:theme', t), theme);
		await openCell(
			page,
			"runboard.startRun({ runName: 'axe' });\nfor (let i = 0; i < 50; i++) runboard.logMetric('m', i, i);\nconsole.log('ok');\nconst broken = null.x; // 'marked'"
		);
		await page.getByRole('button', { name: 'Run' }).click();
		await expect(page.getByTestId('error-line')).toHaveText('line 4');
		await expect(page.getByTestId('line-chart')).toHaveAttribute('data-totals', '50');
		await idle(page);
		const result = await new AxeBuilder({ page }).analyze();
		const found = result.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id} ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')} — ${v.help}`);
		expect(found).toEqual([]);
	});
}
