// Places shown by the artifact browser and the charts/Compare view.
import type { Page } from '@playwright/test';
import { expect, idle, openApp } from '../fixtures';
import { exposedUrls, openTopLevel } from './open-urls';
import { clientNavigate } from './page-tools';
import { asFileName, asKey, type Payload } from './payloads';
import { newExperiment, type Place } from './places';

const PREVIEW = '[data-testid="artifact-preview"]';

/** One file per previewable kind, each holding every payload in the places that format has. */
function artifactContents(payloads: Payload[]): Record<string, string> {
	const texts = payloads.map((p) => p.text);
	const csvCell = (t: string) => `"${t.replaceAll('"', '""')}"`;
	const yaml = (t: string) => JSON.stringify(t);
	return {
		'page.html': `<!doctype html><title>x</title>${texts.join('\n')}`,
		'image.svg': `<svg xmlns="http://www.w3.org/2000/svg"><text>${texts.map((t) => t.replaceAll('<', '&lt;')).join('</text><text>')}</text>${texts.join('')}</svg>`,
		'notes.md': texts.join('\n\n'),
		'table.csv': `name,value\n${texts.map((t) => `${csvCell(t)},${csvCell(t)}`).join('\n')}\n`,
		'data.json': JSON.stringify(Object.fromEntries(texts.map((t) => [t, { [t]: t }]))),
		'config.yaml': texts.map((t, i) => `k${i}: ${yaml(t)}\n${yaml(t)}: v`).join('\n'),
		'model/MLmodel': [
			`artifact_path: ${yaml(texts[0] ?? '')}`,
			'flavors:',
			...texts.map((t, i) => `  f${i}:\n    loader_module: ${yaml(t)}\n    ${yaml(t)}: ${yaml(t)}`),
			`run_id: ${yaml(texts[1] ?? '')}`,
			`signature:\n  inputs: ${yaml(JSON.stringify(texts.map((t) => ({ name: t, type: 'double' }))))}`
		].join('\n')
	};
}

async function hoverAcross(page: Page, selector: string, limit: number): Promise<number> {
	const targets = page.locator(selector);
	const n = Math.min(await targets.count(), limit);
	for (let i = 0; i < n; i++) {
		const box = await targets.nth(i).boundingBox();
		if (!box) continue;
		for (let x = 0.1; x < 1; x += 0.2) await page.mouse.move(box.x + box.width * x, box.y + box.height / 2);
	}
	return n;
}

export const featurePlaces: Place[] = [
	{
		name: 'artifact names and contents (HTML, SVG, markdown, CSV, JSON, YAML, MLmodel previews)',
		async run({ page, payloads, checkpoint }) {
			await openApp(page);
			const exp = await newExperiment(page, 'artifacts');
			const runId = await page.evaluate(
				async (e) => (await window.runboard.createRun({ experimentId: e, runName: 'files' })).info.runId,
				exp
			);
			const files = artifactContents(payloads);
			// Artifact paths refuse control characters (a coded error): those payloads keep their visible text.
			// eslint-disable-next-line no-control-regex
			const named = payloads.map((p) => `names/${asFileName(p).replace(/[\u0000-\u001f\u007f]/g, ' ')}.txt`);
			await page.evaluate(
				async ({ runId, files, named }) => {
					const log = (window.runboard as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)
						.logArtifact!;
					for (const [path, text] of Object.entries(files))
						await log.call(window.runboard, runId, path, text);
					for (const path of named) await log.call(window.runboard, runId, path, path);
				},
				{ runId, files, named }
			);
			await clientNavigate(page, `runs/${runId}/`);
			const browser = page.getByTestId('artifact-browser');
			await checkpoint('artifact browser');
			let opened = 0;
			const urls = new Set<string>();
			for (const label of [...Object.keys(files).flatMap((f) => f.split('/')), 'names']) {
				const entry = browser.getByText(label, { exact: true }).first();
				if (!(await entry.isVisible())) continue;
				await entry.click();
				await idle(page);
				opened++;
				await checkpoint(`artifact preview of ${label}`);
				for (const url of await exposedUrls(page, PREVIEW)) urls.add(url);
				const asDocument = page.getByRole('button', { name: 'As a document (sandboxed)' });
				if (await asDocument.count()) {
					await asDocument.click();
					await idle(page);
					await checkpoint(`artifact preview of ${label} as a document`);
					for (const url of await exposedUrls(page, PREVIEW)) urls.add(url);
				}
			}
			// Then every image, link and frame of those previews opened in a new tab, as a person can.
			const topLevel = await openTopLevel(page, [...urls]);
			console.log(
				`[xss] artifact previews opened: ${opened} (files and folders); ${urls.size} URLs they expose ` +
					`opened top-level: ${topLevel.length} executions`
			);
			expect(topLevel, 'executions in artifact URLs opened in a new tab').toEqual([]);
			return payloads.length;
		}
	},
	{
		name: 'chart legends and tooltips (Compare view and run page charts)',
		async run({ page, payloads, checkpoint }) {
			await openApp(page);
			const exp = await newExperiment(page, 'charts');
			const runIds: string[] = [];
			for (const p of payloads) {
				runIds.push(
					await page.evaluate(
						async ({ e, name, key }) => {
							const run = await window.runboard.createRun({ experimentId: e, runName: name });
							const metrics = [0, 1, 2].map((step) => ({ key, value: step * 1.5, step }));
							await window.runboard.logBatch(run.info.runId, { metrics });
							return run.info.runId;
						},
						{ e: exp, name: p.text, key: asKey(p) }
					)
				);
			}
			await clientNavigate(page, `runs/${runIds[0]}/`);
			// Every place must exist: a chart or route that went missing fails here instead of passing unseen.
			expect(await hoverAcross(page, '[data-testid="line-chart"]', 20)).toBeGreaterThan(0);
			await checkpoint('run page charts');
			for (let i = 0; i < runIds.length; i += 50) {
				await clientNavigate(page, `compare/?runs=${runIds.slice(i, i + 50).join(',')}`);
				await hoverAcross(page, 'main svg, main canvas', 30);
				await checkpoint(`compare view of runs ${i + 1}–${i + 50}`);
			}
			return payloads.length;
		}
	}
];
