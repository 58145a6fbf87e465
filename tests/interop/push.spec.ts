// "Push to MLflow server" against the real MLflow 3.18: runs logged in Runboard and the real quickstart fixture are
// pushed through the experiment page, read back with the real MlflowClient and compared value for value; a second
// push adds nothing; a server that answers 500 or garbage gets a clear message and the tab stays usable.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { expect, openApp, test } from '../e2e/fixtures';
import { importQuickstart, logSampleRuns, type SampleRuns } from './sample-runs';
import { type Dump, dumpRunboard, expectedOnServer, normaliseDump } from './push-compare';

const E2E_PORT = Number(process.env.E2E_PORT ?? 4174);
const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
const PYTHON = 'tests/interop/.venv/bin/python';
const PUSHED = ['runboard-pushed', 'diabetes-quickstart', 'interop/edge-cases'];

async function startServer(): Promise<{ url: string; process: ChildProcess }> {
	const args = ['tests/interop/live_server.py', '--proxied-artifacts', '--cors-allowed-origins', E2E_ORIGIN];
	const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	const line = await new Promise<string>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`live_server.py exited with ${code}`)));
		createInterface({ input: child.stdout! }).once('line', resolve);
	});
	return { url: (JSON.parse(line) as { url: string }).url, process: child };
}

function python<T>(script: string, ...args: string[]): Promise<T> {
	return new Promise((resolve, reject) => {
		const py = spawn(PYTHON, [`tests/interop/${script}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		py.stdout.on('data', (d: Buffer) => (out += d.toString()));
		py.once('exit', (code) =>
			code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${script} exited ${code}`))
		);
	});
}

/** tests/interop/lineage.py's shape: each run's dataset inputs and logged models, compared whole. */
type Lineage = Record<
	string,
	{ inputs: unknown[]; models: Record<string, { metrics: unknown[]; files: Record<string, string> }> }
>;

/** The server's runs (without their inputs and models) and, apart, the inputs and models of runs that have any. */
async function dumpServer(url: string): Promise<{ dump: Dump; lineage: Lineage }> {
	const dump = await python<Dump>('dump_pushed.py', url, ...PUSHED);
	const lineage: Lineage = {};
	for (const e of Object.values(dump))
		for (const [id, run] of Object.entries(e.runs)) {
			const { inputs, models, ...rest } = run as typeof run & Lineage[string];
			e.runs[id] = rest;
			if (inputs.length || Object.keys(models).length) lineage[id] = { inputs, models };
		}
	return { dump, lineage };
}

/** What Runboard holds of inputs and models, read from its run bundle export by the Python bundle reader. */
async function heldLineage(page: Page): Promise<Lineage> {
	const bundle = await page.evaluate(async () => {
		let text = '';
		for (const b of new Uint8Array(await (await window.runboard.exportBundle()).arrayBuffer()))
			text += String.fromCharCode(b);
		return btoa(text);
	});
	const file = join(mkdtempSync(join(tmpdir(), 'runboard-push-bundle-')), 'all.runboard.zip');
	writeFileSync(file, Buffer.from(bundle, 'base64'));
	const held = await python<Lineage>('lineage.py', file);
	for (const [id, l] of Object.entries(held))
		if (!l.inputs.length && !Object.keys(l.models).length) delete held[id];
	return held;
}

/** Runs logged through the page API, see sample-runs.ts. */
const SAMPLE: SampleRuns = {
	experiment: 'runboard-pushed',
	heading: '# Pushed',
	lossKey: 'loss',
	lossSteps: 3000,
	odd: [NaN, Infinity, -Infinity, 0.1],
	firstOddStep: 0,
	unicodeValue: 'välue',
	deletedRunName: 'gone'
};

/** Pushes one experiment through its page; returns the report's text. */
async function pushExperiment(page: Page, name: string, url: string): Promise<string> {
	const id = await page.evaluate(
		async (n) => (await window.runboard.getExperimentByName(n))?.experimentId,
		name
	);
	await openApp(page, `experiments/${id}/`);
	await page.getByText('Push to MLflow server').click();
	await page.getByTestId('push-url').fill(url);
	await page.getByTestId('push-start').click();
	const outcome = page.getByTestId('push-report').or(page.getByTestId('push-error'));
	await expect(outcome).toBeVisible({ timeout: 120_000 });
	return ((await outcome.textContent()) ?? '').replace(/\s+/g, ' ');
}

test('pushed runs read back through MlflowClient equal what Runboard holds; pushing again adds nothing', async ({
	page
}) => {
	test.setTimeout(600_000);
	const server = await startServer();
	try {
		await openApp(page);
		await logSampleRuns(page, SAMPLE);
		await importQuickstart(page);
		const reports: string[] = [];
		for (const name of PUSHED) reports.push(await pushExperiment(page, name, server.url));
		for (const r of reports) expect(r).toContain('Push finished');
		expect(reports[0]).toContain('3 runs created');
		// The 9,000-character description is over MLflow's 8,000 for tags: named, not sent, not cut.
		expect(reports[0]).toContain(
			'tag "mlflow.note.content" has a value of 9000 characters; MLflow allows 8000'
		);
		expect(reports[0]).toContain('infinity-stored-as-max');

		const held = await dumpRunboard(page, PUSHED);
		const { dump: first, lineage } = await dumpServer(server.url);
		expect(normaliseDump(first)).toEqual(expectedOnServer(held));
		// Dataset inputs (name, digest, source, schema, profile, context) and logged models (name, status, source
		// run, params, tags, every metric point, files) read back through MlflowClient equal Runboard's.
		expect(lineage).toEqual(await heldLineage(page));
		const models = Object.values(lineage).flatMap((l) => Object.values(l.models));
		expect([Object.values(lineage).flatMap((l) => l.inputs).length, models.length]).toEqual([27, 13]);
		expect(models.every((m) => m.metrics.length > 0 && Object.keys(m.files).includes('MLmodel'))).toBe(true);
		expect(reports[1]).toContain('With them 27 dataset inputs and 13 new logged models.');
		// Not a comparison of two empty dumps: every run, the deleted one, the files and the points are there.
		const counts = PUSHED.map((name) => Object.keys(first[name]?.runs ?? {}).length);
		expect(counts).toEqual([3, 15, 14]);
		const pushed = Object.values(first['runboard-pushed']?.runs ?? {});
		expect(pushed.map((r) => r.lifecycleStage).sort()).toEqual(['active', 'active', 'deleted']);
		const trained = pushed.find((r) => r.runName === 'trained');
		expect(trained?.history.loss).toHaveLength(3000);
		expect(trained?.history.odd?.map((p) => p[2])).toEqual(['NaN', 'Infinity', '-Infinity', 0.1]);
		expect(Object.keys(trained?.files ?? {}).sort()).toEqual(['data/bytes.bin', 'notes/hello.txt']);

		const again: string[] = [];
		for (const name of PUSHED) again.push(await pushExperiment(page, name, server.url));
		for (const r of again)
			expect(r).toMatch(
				/0 runs created, 0 completed, \d+ already complete; sent 0 metric points, 0 params, 0 tags, 0 artifact files/
			);
		const second = await dumpServer(server.url);
		expect(normaliseDump(second.dump)).toEqual(first);
		expect(second.lineage).toEqual(lineage);
	} finally {
		await new Promise<void>((resolve) => {
			server.process.once('exit', () => resolve());
			server.process.kill('SIGTERM');
		});
	}
});

test('a server that answers 500 or garbage, or is not there, gets a clear message and the tab stays usable', async ({
	page
}) => {
	let answer: [number, string] = [500, '{"error_code":"INTERNAL_ERROR","message":"database is locked"}'];
	const broken = createServer((req, res) => {
		const cors = {
			'access-control-allow-origin': E2E_ORIGIN,
			'access-control-allow-headers': '*',
			'access-control-allow-methods': '*'
		};
		if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
		res.writeHead(answer[0], cors).end(answer[1]);
	});
	await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
	try {
		await openApp(page);
		await logSampleRuns(page, SAMPLE);
		expect(await pushExperiment(page, 'runboard-pushed', url)).toContain(
			'HTTP 500: database is locked (tried 4 times). No run was pushed.'
		);
		answer = [200, '<!doctype html><title>Welcome to nginx</title>'];
		expect(await pushExperiment(page, 'runboard-pushed', url)).toContain(
			'did not answer JSON: is this an MLflow server?'
		);
		await new Promise<void>((resolve) => broken.close(() => resolve()));
		const gone = await pushExperiment(page, 'runboard-pushed', url);
		expect(gone).toContain(`mlflow server --cors-allowed-origins "${E2E_ORIGIN}"`);
		// The tab still works: the runs are all there.
		const runs = await page.evaluate(async () => {
			const e = await window.runboard.getExperimentByName('runboard-pushed');
			return (await window.runboard.searchRuns({ experimentIds: [e!.experimentId] })).runs.length;
		});
		expect(runs).toBe(2);
	} finally {
		broken.close();
	}
});
