// The places imported text is shown. Each place writes every payload there (through window.runboard or an
// import, batched so a page shows hundreds at once), visits every page that displays it, interacts where the
// page does more with it (sorting, filtering), and calls `ctx.checkpoint` on each rendered state. A place
// returns how many payloads it placed.
import type { Page } from '@playwright/test';
import { expect, idle, openApp } from '../fixtures';
import { mlrunsZip } from './mlruns-zip';
import { callEachAndRender, clientNavigate, type Call } from './page-tools';
import { asKey, type Payload } from './payloads';

export interface PlaceContext {
	page: Page;
	payloads: Payload[];
	/** Scans the page as rendered now for active markup; `label` says which view it was. */
	checkpoint(label: string): Promise<void>;
}

export interface Place {
	name: string;
	run(ctx: PlaceContext): Promise<number>;
}

const NOTE = 'mlflow.note.content';

export async function newExperiment(page: Page, name: string): Promise<string> {
	return page.evaluate((n) => window.runboard.createExperiment(n), name);
}

async function newRun(page: Page, experimentId: string, runName: string): Promise<string> {
	return page.evaluate(async (r) => (await window.runboard.createRun(r)).info.runId, {
		experimentId,
		runName
	});
}

/** logBatch in slices (MLflow's batch limits), as a client logging many values would. */
async function logInSlices(page: Page, runId: string, kind: 'params' | 'tags' | 'metrics', items: unknown[]) {
	for (let i = 0; i < items.length; i += 100) {
		await page.evaluate(({ runId, kind, slice }) => window.runboard.logBatch(runId, { [kind]: slice }), {
			runId,
			kind,
			slice: items.slice(i, i + 100)
		});
	}
}

async function sortBy(page: Page, count: number): Promise<void> {
	const headers = page.getByTestId('runs-table').locator('thead button.sort');
	const total = await headers.count();
	for (let i = 1; i < Math.min(total, count + 1); i++) {
		await headers.nth(i).hover();
		await headers.nth(i).click();
		await idle(page);
	}
}

/**
 * Scrolls the virtualised runs table from top to bottom a screen at a time, scanning the DOM at each stop, so every
 * row has been rendered and scanned once; fails if the rows seen do not cover the table's count.
 */
async function scanEveryRow(
	page: Page,
	label: string,
	checkpoint: (label: string) => Promise<void>
): Promise<void> {
	const box = page.getByTestId('runs-table-box');
	const total = Number(await page.getByTestId('run-total').textContent());
	const seen = new Set<string>();
	await box.evaluate((el) => el.scrollTo(0, 0));
	for (let stop = 0; ; stop++) {
		// The rows of this screen, not the window before the scroll: a stale window read once made a screen's rows go
		// unseen. Wait until loaded rows cover the top and the bottom of the viewport.
		await page.waitForFunction(() => {
			const table = document.querySelector('[data-testid="runs-table"]');
			const view = document.querySelector('[data-testid="runs-table-box"]')?.getBoundingClientRect();
			if (!table || !view || table.querySelectorAll('tr.loading').length > 0) return false;
			const rows = Array.from(table.querySelectorAll('tr[data-run-id]'), (r) => r.getBoundingClientRect());
			const covers = (y: number) => rows.some((r) => r.top <= y && r.bottom >= y);
			return covers(view.bottom - 2) && covers(Math.min(view.bottom - 2, view.top + 80));
		});
		for (const id of await page
			.getByTestId('runs-table')
			.locator('tr[data-run-id]')
			.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id') ?? '')))
			seen.add(id);
		await checkpoint(`${label}, screen ${stop + 1}`);
		const atEnd = await box.evaluate((el) => {
			const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
			el.scrollTop += Math.max(1, el.clientHeight - 40);
			return end;
		});
		if (atEnd) break;
	}
	expect(seen.size, `${label}: rows rendered while scrolling`).toBe(total);
}

export const places: Place[] = [
	{
		name: 'experiment names (experiments list, experiment page heading and title)',
		async run({ page, payloads, checkpoint }) {
			await openApp(page);
			const id = await newExperiment(page, 'rename target');
			await clientNavigate(page, `experiments/${id}/`);
			const renames: Call[] = payloads.map((p) => ['renameExperiment', id, p.text]);
			await callEachAndRender(page, renames);
			await checkpoint('experiment page after every rename');
			await page.evaluate((id) => window.runboard.renameExperiment(id, 'rename target'), id);
			for (const p of payloads) await newExperiment(page, p.text);
			await clientNavigate(page, '');
			await expect(page.locator('table.experiments tbody tr')).toHaveCount(payloads.length + 1);
			await checkpoint('experiments list');
			await page.getByRole('button', { name: 'Rename' }).nth(3).click();
			await checkpoint('experiments list, renaming');
			return payloads.length;
		}
	},
	{
		name: 'run names and param values (runs table rows, run page heading and title)',
		async run({ page, payloads, checkpoint }) {
			await openApp(page);
			const exp = await newExperiment(page, 'run names');
			let first = '';
			for (const p of payloads) {
				const runId = await newRun(page, exp, p.text);
				first ||= runId;
				await page.evaluate(
					({ runId, v }) => window.runboard.logBatch(runId, { params: { value: v }, tags: { t: v } }),
					{ runId, v: p.text }
				);
			}
			await clientNavigate(page, `experiments/${exp}/`);
			await expect(page.getByTestId('run-total')).toHaveText(String(payloads.length));
			// The table draws only the rows in view: every row is scanned by scrolling through it, a screen at a time.
			await scanEveryRow(page, 'runs table', checkpoint);
			await sortBy(page, 3);
			await scanEveryRow(page, 'runs table sorted', checkpoint);
			await page.getByTestId('runs-table').locator('tbody tr input[type=checkbox]').nth(0).check();
			await clientNavigate(page, `runs/${first}/`);
			await callEachAndRender(
				page,
				payloads.map((p) => ['setTag', first, 'mlflow.runName', p.text])
			);
			await checkpoint('run page after every rename');
			return payloads.length;
		}
	},
	{
		name: 'param, metric and tag keys and values (run page tables, runs-table columns, sparklines)',
		async run({ page, payloads, checkpoint }) {
			await openApp(page);
			const exp = await newExperiment(page, 'keys');
			const runs = [await newRun(page, exp, 'a'), await newRun(page, exp, 'b')];
			for (const [n, runId] of runs.entries()) {
				await logInSlices(
					page,
					runId,
					'params',
					payloads.map((p) => ({ key: asKey(p), value: p.text }))
				);
				await logInSlices(
					page,
					runId,
					'tags',
					payloads.map((p) => ({ key: asKey(p), value: p.text }))
				);
				const metrics = payloads.flatMap((p) => [
					{ key: asKey(p), value: p.id + n, step: 0 },
					{ key: asKey(p), value: p.id * 2, step: 1 }
				]);
				await logInSlices(page, runId, 'metrics', metrics);
			}
			await clientNavigate(page, `runs/${runs[0]}/`);
			await expect(page.getByTestId('params').locator('tr')).toHaveCount(payloads.length);
			await page.getByTestId('metrics').locator('tbody tr').nth(5).hover();
			await checkpoint('run page with every key');
			await clientNavigate(page, `experiments/${exp}/`);
			await expect(page.getByTestId('runs-table')).toBeVisible();
			await sortBy(page, 4);
			await checkpoint('runs table with a column per key');
			return payloads.length;
		}
	},
	{
		name: 'run notes (markdown description on the run page)',
		async run({ page, payloads, checkpoint }) {
			await openApp(page);
			const exp = await newExperiment(page, 'run notes');
			const runId = await newRun(page, exp, 'noted');
			await clientNavigate(page, `runs/${runId}/`);
			await callEachAndRender(
				page,
				payloads.map((p) => ['setTag', runId, NOTE, p.text])
			);
			await checkpoint('run note, one payload at a time');
			const all = payloads.map((p) => p.text).join('\n\n');
			await callEachAndRender(page, [['setTag', runId, NOTE, all]]);
			await expect(page.getByTestId('markdown')).toBeVisible();
			await checkpoint('run note with every payload');
			return payloads.length;
		}
	},
	{
		name: 'experiment notes (markdown description on the experiment page)',
		async run({ page, payloads, checkpoint }) {
			await openApp(page);
			const exp = await newExperiment(page, 'experiment notes');
			await clientNavigate(page, `experiments/${exp}/`);
			await callEachAndRender(
				page,
				payloads.map((p) => ['setExperimentTag', exp, NOTE, p.text])
			);
			await checkpoint('experiment note, one payload at a time');
			const all = payloads.map((p) => p.text).join('\n');
			await callEachAndRender(page, [['setExperimentTag', exp, NOTE, all]]);
			await checkpoint('experiment note with every payload');
			return payloads.length;
		}
	},
	{
		name: 'run filter box (search input and its error messages)',
		async run({ page, payloads, checkpoint }) {
			await openApp(page);
			const exp = await newExperiment(page, 'filters');
			await newRun(page, exp, 'one');
			await clientNavigate(page, `experiments/${exp}/`);
			const box = page.locator('#filter');
			for (const p of payloads) {
				await box.fill(p.text);
				await box.press('Enter');
				await idle(page);
			}
			await checkpoint('experiment page after every filter');
			return payloads.length;
		}
	},
	{
		name: 'URL paths, query parameters and fragments of every route',
		async run({ page, payloads, checkpoint }) {
			await openApp(page);
			const exp = await newExperiment(page, 'urls');
			const e = encodeURIComponent;
			for (const p of payloads) {
				const q = `?filter=${e(p.text)}&url=${e(p.text)}&runs=${e(p.text)}#${e(p.text)}`;
				for (const path of [
					`experiments/${e(p.text)}/`,
					`runs/${e(p.text)}/`,
					`experiments/${exp}/`,
					'',
					'import/'
				]) {
					await clientNavigate(page, path + q);
				}
			}
			await checkpoint('after client-side navigations');
			// Full loads through the static host's 404.html fallback (deep links opened from outside).
			for (const p of payloads.slice(0, 20)) {
				await openApp(page, `runs/${e(p.text)}/?filter=${e(p.text)}#${p.text}`);
				await checkpoint(`full load of a run URL with payload ${p.id}`);
			}
			return payloads.length;
		}
	},
	{
		name: 'imported mlruns zips (import report and warnings, then every page showing the imported data)',
		async run({ page, payloads, checkpoint }) {
			await openApp(page, 'import/');
			// The report quotes 5 examples per warning kind: 5 payloads per zip puts every payload in a report.
			for (let i = 0; i < payloads.length; i += 5) {
				const slice = payloads.slice(i, i + 5);
				await page.getByTestId('file-input').setInputFiles({
					name: `mlruns-${i}.zip`,
					mimeType: 'application/zip',
					buffer: Buffer.from(mlrunsZip(slice))
				});
				await expect(page.getByTestId('runs-written')).toHaveText(String(slice.length));
				await expect(page.getByTestId('import-warnings')).toContainText('metric-line-unparsed');
				await idle(page);
			}
			await checkpoint('import report');
			await clientNavigate(page, '');
			await expect(page.locator('table.experiments tbody tr')).toHaveCount(payloads.length);
			await checkpoint('experiments list after import');
			const first = await page.evaluate(async () => {
				const [e] = await window.runboard.searchExperiments({ maxResults: 1 });
				const { runs } = await window.runboard.searchRuns({ experimentIds: [e!.experimentId] });
				return { exp: e!.experimentId, run: runs[0]!.info.runId };
			});
			await clientNavigate(page, `experiments/${first.exp}/`);
			await checkpoint('imported experiment page');
			await clientNavigate(page, `runs/${first.run}/`);
			await checkpoint('imported run page');
			await clientNavigate(page, 'storage/');
			await checkpoint('storage page');
			return payloads.length;
		}
	}
];
