// The import report says what an import did to the runs already stored: added (a new run id), updated (stored
// with other content: replaced, never duplicated) or unchanged (stored exactly so: not rewritten at all). Through
// the real DbApi on sqlite-wasm, with the mlruns fixture tree.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportEntry } from '$lib/api/db-api';
import { RunboardClient } from '$lib/client/runboard';
import { createDbApi } from '../../workers/db/api';
import { fromNodeDir } from './node-files';

const sqlite3 = await sqlite3InitModule();

/** The real DbApi (as tests/unit/harness.ts builds it), with a count of the run rows written or deleted. */
function setup() {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	const client = new RunboardClient({
		api: async () => api,
		transfer: (value) => value,
		proxy: (fn) => fn,
		changed: () => {}
	});
	db.exec('CREATE TEMP TABLE writes(n INTEGER); INSERT INTO writes VALUES (0);');
	for (const [table, event] of [
		['runs', 'INSERT'],
		['runs', 'DELETE'],
		['params', 'INSERT'],
		['tags', 'INSERT'],
		['metrics', 'INSERT'],
		['latest_metrics', 'INSERT']
	])
		db.exec(`CREATE TEMP TRIGGER count_${table}_${event} AFTER ${event} ON main.${table}
			BEGIN UPDATE writes SET n = n + 1; END;`);
	const writes = () => Number(db.selectValue('SELECT n FROM writes'));
	return { client, writes };
}

const FIXTURE = fileURLToPath(new URL('../fixtures/mlflow/mlruns', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'runboard-changes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function entries(dir: string): Promise<ImportEntry[]> {
	return Promise.all(
		fromNodeDir(dir).map(async (f) => ({
			path: f.path,
			file: new Blob([(await f.bytes()) as Uint8Array<ArrayBuffer>])
		}))
	);
}

/** A metric file of one run of the tree (experiment folder / run folder / metrics / key). */
function firstMetricFile(dir: string): string {
	for (const experiment of readdirSync(dir)) {
		const runs = join(dir, experiment);
		if (!statSync(runs).isDirectory()) continue;
		for (const run of readdirSync(runs)) {
			const metrics = join(runs, run, 'metrics');
			try {
				const keys = readdirSync(metrics).filter((k) => statSync(join(metrics, k)).isFile());
				if (keys.length) return join(metrics, keys[0] as string);
			} catch {
				// not a run folder
			}
		}
	}
	throw new Error('no metric file in the fixture');
}

describe('the import report counts runs added, updated and unchanged', () => {
	it('all added, then all unchanged (nothing rewritten), then one updated', async () => {
		const dir = join(scratch, 'mlruns');
		cpSync(FIXTURE, dir, { recursive: true });
		const { client, writes } = setup();
		const first = await client.importFiles(await entries(dir));
		const total = first.runsWritten;
		expect(total).toBeGreaterThan(2);
		expect(first).toMatchObject({ runsAdded: total, runsUpdated: 0, runsUnchanged: 0 });
		const runIds = async () => {
			const experiments = await client.searchExperiments({ viewType: 'ALL' });
			const { runs } = await client.searchRuns({
				experimentIds: experiments.map((e) => e.experimentId),
				runViewType: 'ALL',
				maxResults: 1000
			});
			return runs.map((r) => r.info.runId).sort();
		};
		const before = await runIds();
		expect(before).toHaveLength(total);

		const written = writes();
		const again = await client.importFiles(await entries(dir));
		expect(writes()).toBe(written);
		expect(again).toMatchObject({ runsWritten: total, runsAdded: 0, runsUpdated: 0, runsUnchanged: total });
		expect(await runIds()).toEqual(before);

		// One metric value of one run changes in the source.
		const file = firstMetricFile(dir);
		const lines = readFileSync(file, 'utf8').split('\n');
		const [time, , step] = (lines[0] as string).split(' ');
		lines[0] = `${time} 123456.5 ${step ?? 0}`;
		writeFileSync(file, lines.join('\n'));
		const changed = await client.importFiles(await entries(dir));
		expect(writes()).toBeGreaterThan(written);
		expect(changed).toMatchObject({ runsAdded: 0, runsUpdated: 1, runsUnchanged: total - 1 });
		expect(await runIds()).toEqual(before);

		// A run edited after its import no longer holds what the source holds: importing restores it.
		await client.setTag(before[0] as string, 'edited', 'yes');
		const restored = await client.importFiles(await entries(dir));
		expect(restored).toMatchObject({ runsAdded: 0, runsUpdated: 1, runsUnchanged: total - 1 });
		const run = await client.getRun(before[0] as string);
		expect(run.data.tags.some((t) => t.key === 'edited')).toBe(false);
	});
});
