// Runs that reach the writer together are written as one group (workers/db/ingest-group.ts): the database must
// end up exactly as when the same runs are written one by one, and a failure inside a group must still leave
// only the whole runs before it. Real sqlite-wasm.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import type { ImportedRun } from '$lib/importers/types';
import { createDbApi } from '../../workers/db/api';
import { prepareItems, type ReadyItem } from '../../workers/import/prepare';
import { writeItems } from '../../workers/db/import/write-items';
import { commitBatch, inBatch } from '../../workers/db/batch';
import { resolveExperiment, writeRun } from '../../workers/db/ingest';
import { RUN_TABLES } from '../../workers/db/ingest-rows';
import { SUMMARY_MIN_POINTS } from '../../workers/db/charts/summary/blocks';
import { importedRun } from './harness';

const sqlite3 = await sqlite3InitModule();
const enc = new TextEncoder();

function setup() {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	createDbApi({ db, sqlite3 }, { mode: 'memory' });
	return { db, sqlite3 };
}

/** Every table's rows in a stable order: two databases with the same dump hold the same data. */
function dump(db: ReturnType<typeof setup>['db']): Record<string, unknown[]> {
	const tables = db.selectValues(
		// The import digests (run_digests) are the writer's, not the rows a run becomes: the reference has none.
		"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'run_digests' ORDER BY name"
	) as string[];
	return Object.fromEntries(
		tables.map((t) => {
			const n = (db.selectArrays(`SELECT * FROM "${t}" LIMIT 1`)[0] ?? []).length;
			const order = Array.from({ length: Math.max(n, 1) }, (_, i) => i + 1).join(', ');
			return [t, db.selectArrays(`SELECT * FROM "${t}" ORDER BY ${order}`)];
		})
	);
}

/** A long series: over the summary threshold, so its block summaries are written with the run. */
function longSeries(i: number): ImportedRun['metrics'] {
	const n = SUMMARY_MIN_POINTS + 100;
	const values = Float64Array.from({ length: n }, (_, s) => Math.sin(s + i));
	values[5] = NaN;
	values[6] = Infinity;
	values[7] = -Infinity;
	values[8] = 1e20;
	return {
		keys: ['loss', 'lr'],
		keyIndex: Uint32Array.from({ length: n }, (_, s) => (s < n - 3 ? 0 : 1)),
		values,
		steps: Float64Array.from({ length: n }, (_, s) => s),
		timestamps: Float64Array.from({ length: n }, (_, s) => 1000 + s)
	};
}

/** Runs with what the group writer must store exactly as the run-by-run writer does. */
function run(i: number, experimentKey = i % 3 ? 'a' : 'b'): ImportedRun {
	const base = importedRun(i, experimentKey);
	return {
		...base,
		startTime: i === 4 ? null : 1_765_000_000_000 + i,
		params: [
			{ key: 'i', value: String(i) },
			{ key: 'i', value: `last ${i}` },
			{ key: 'text', value: i === 5 ? 'a\u0001b\ud800' : 'é ✓ 😀 "quoted" \\ back' },
			{ key: 'number-like', value: '1e3' }
		],
		tags: i % 2 ? [{ key: 'mlflow.runName', value: `tagged-${i}` }] : [{ key: 'note', value: '' }],
		metrics: i === 2 ? longSeries(i) : base.metrics,
		inputs:
			i === 3
				? [
						{
							name: 'd',
							digest: 'x',
							sourceType: 'local',
							source: '{}',
							schema: '',
							profile: '',
							context: 'training'
						}
					]
				: [],
		artifacts: i === 1 ? [{ path: 'notes.txt', file: fromBytes('notes.txt', enc.encode(`run ${i}`)) }] : []
	};
}

const experiment = (key: string): ReadyItem => ({
	kind: 'experiment',
	experiment: {
		key,
		name: `exp ${key}`,
		lifecycleStage: 'active',
		creationTime: 1,
		lastUpdateTime: 1,
		artifactLocation: '',
		tags: []
	}
});

async function readyRuns(runs: ImportedRun[]): Promise<ReadyItem[]> {
	const out: ReadyItem[] = [];
	async function* source() {
		for (const r of runs) yield { kind: 'run' as const, run: r };
	}
	for await (const item of prepareItems(source())) out.push(item);
	return out;
}

async function* inOne(items: ReadyItem[]): AsyncGenerator<ReadyItem[]> {
	yield items;
}

const options = () => ({
	signal: new AbortController().signal,
	now: () => 5000,
	source: { kind: 'test', ref: 'drop' },
	bytesTotal: 0
});

/** Every item in one chunk, as when the reader is well ahead of the writer. */
function write(conn: ReturnType<typeof setup>, items: ReadyItem[]) {
	return writeItems(conn, { id: 't', label: 'T' }, inOne(items), options());
}

/** The reference: each run through writeRun in its own savepoint, as imports wrote them before groups. */
function writeRunByRun(conn: ReturnType<typeof setup>, items: ReadyItem[]): void {
	const experiments = new Map<string, number>();
	for (const item of items) {
		if (item.kind === 'experiment') {
			const pk = inBatch(conn.db, () => resolveExperiment(conn.db, item.experiment, 5000));
			experiments.set(item.experiment.key, pk);
		} else if (item.kind === 'run') {
			const pk = experiments.get(item.run.experimentKey) as number;
			inBatch(conn.db, () => writeRun(conn, pk, item.run, options().source));
		}
	}
	commitBatch(conn.db);
}

describe('grouped run writes', () => {
	it('store exactly what run-by-run writes store, for new runs and for runs imported again', async () => {
		const runs = Array.from({ length: 7 }, (_, i) => run(i + 1));
		const items = [experiment('a'), experiment('b'), ...(await readyRuns(runs))];
		// The second import updates runs 2 and 6 (newer data) and repeats run 3 within its own group. Each differs
		// from what is stored: a run stored exactly so would be left as it is (import-changes.test.ts).
		const again = [
			{ ...run(2), endTime: 9 },
			{ ...run(6), status: 'FAILED' as const },
			{ ...run(3), status: 'KILLED' as const },
			{ ...run(3), runName: 'renamed' }
		];
		const itemsAgain = [experiment('a'), experiment('b'), ...(await readyRuns(again))];
		const grouped = setup();
		expect((await write(grouped, items)).runsWritten).toBe(7);
		expect((await write(grouped, itemsAgain)).runsWritten).toBe(4);
		const reference = setup();
		writeRunByRun(reference, items);
		writeRunByRun(reference, itemsAgain);
		expect(dump(grouped.db)).toEqual(dump(reference.db));
		const blocks = Number(grouped.db.selectValue('SELECT count(*) FROM metric_blocks'));
		expect(blocks).toBeGreaterThan(0);
		expect(Number(grouped.db.selectValue('SELECT count(*) FROM metric_pages'))).toBeGreaterThan(0);
		expect(grouped.db.selectValue('SELECT name FROM runs WHERE run_uuid = ?', [run(3).runId])).toBe(
			'renamed'
		);
		expect(grouped.db.selectValue('PRAGMA integrity_check')).toBe('ok');
	});

	it('store every row the runs hold, counted from the runs themselves', async () => {
		// The comparison above holds the grouped writer against itself over groups of one: this holds it against
		// the input, so a table whose rows the writer dropped would fail here.
		const runs = Array.from({ length: 7 }, (_, i) => run(i + 1));
		const conn = setup();
		await write(conn, [experiment('a'), experiment('b'), ...(await readyRuns(runs))]);
		const distinct = (pairs: { key: string }[]) => new Set(pairs.map((p) => p.key)).size;
		const named = (r: ImportedRun) =>
			r.tags.some((t) => t.key === 'mlflow.runName') ? r.tags : [...r.tags, { key: 'mlflow.runName' }];
		const sum = (f: (r: ImportedRun) => number) => runs.reduce((s, r) => s + f(r), 0);
		const count = (table: string) => Number(conn.db.selectValue(`SELECT count(*) FROM ${table}`));
		expect({
			runs: count('runs'),
			params: count('params'),
			tags: count('tags'),
			metrics: count('metrics'),
			latest_metrics: count('latest_metrics'),
			run_inputs: count('run_inputs'),
			artifact_files: count('artifact_files')
		}).toEqual({
			runs: runs.length,
			params: sum((r) => distinct(r.params)),
			tags: sum((r) => distinct(named(r))),
			metrics: sum((r) => r.metrics?.values.length ?? 0),
			latest_metrics: sum((r) => new Set(r.metrics?.keyIndex ?? []).size),
			run_inputs: sum((r) => r.inputs?.length ?? 0),
			artifact_files: sum((r) => r.artifacts.length)
		});
		for (const table of RUN_TABLES) expect(count(table), table).toBeGreaterThan(0);
		const param = (i: number, key: string) =>
			conn.db.selectValue(
				'SELECT p.value FROM params p JOIN runs r USING (run_pk) WHERE r.run_uuid = ? AND p.key = ?',
				[run(i).runId, key]
			);
		expect(param(2, 'i')).toBe('last 2');
		// Bound row by row (JSON would escape it): a lone surrogate is stored as U+FFFD, as SQLite's UTF-8 has it.
		expect(param(5, 'text')).toBe('a\u0001b\ufffd');
	});

	it("clear every table that holds a run's rows when the run is imported again", () => {
		// A table left out would keep rows of the old run: stale metric pages would be read as its points.
		const { db } = setup();
		const withRuns = db.selectValues(
			`SELECT DISTINCT m.name FROM sqlite_schema m, pragma_table_info(m.name) c
				WHERE m.type = 'table' AND c.name = 'run_pk' AND m.name NOT IN ('runs', 'artifact_files')`
		) as string[];
		expect([...RUN_TABLES].sort()).toEqual(withRuns.sort());
	});

	it('leave only the whole runs before a run that fails inside a group, and say how many', async () => {
		const broken = run(4);
		// A key index past the keys: no importer makes one, so only the writer refuses it, midway through the run.
		broken.metrics = { ...broken.metrics!, keyIndex: new Uint32Array([0, 7]) };
		const runs = [run(1), run(2), run(3), broken, run(5), run(6)];
		const conn = setup();
		const error = await write(conn, [experiment('a'), experiment('b'), ...(await readyRuns(runs))]).then(
			() => undefined,
			(e: Error) => e
		);
		expect(error?.message).toContain('point 1: key index out of range');
		expect(error?.message).toContain('3 runs were imported completely');
		const ids = conn.db.selectValues('SELECT run_uuid FROM runs ORDER BY run_pk');
		expect(ids).toEqual([run(1).runId, run(2).runId, run(3).runId]);
		const orphans = conn.db.selectValue(
			`SELECT (SELECT count(*) FROM params WHERE run_pk NOT IN (SELECT run_pk FROM runs))
				+ (SELECT count(*) FROM metrics WHERE run_pk NOT IN (SELECT run_pk FROM runs))
				+ (SELECT count(*) FROM latest_metrics WHERE run_pk NOT IN (SELECT run_pk FROM runs))`
		);
		expect(orphans).toBe(0);
		expect(conn.db.selectValue('PRAGMA integrity_check')).toBe('ok');
	});
});
