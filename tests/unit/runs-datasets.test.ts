// MLflow's `datasets.` filters and the runs table's dataset columns on the real sqlite-wasm: each field and
// comparator, a run with two inputs, a run with none, hostile values, and what a cell and the column list hold.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbApi } from '$lib/api/db-api';
import { createTestDb, rejection } from './harness';

let api: DbApi;
let db: Database;
let exp: string;

// name, digest, context ('' = logged without one), per run; `none` has no inputs.
const RUNS: Record<string, [string, string, string][]> = {
	both: [
		['wine', 'aaa111', 'train'],
		['iris', 'bbb222', 'eval']
	],
	wineOnly: [['wine', 'ccc333', 'train']],
	bare: [['Wine-raw', 'ddd444', '']],
	quoted: [["it's \\ 100%", 'e"5', "o'k"]],
	none: []
};

beforeAll(async () => {
	({ api, db } = await createTestDb());
	exp = await api.createExperiment('datasets');
	let start = 1;
	for (const [name, inputs] of Object.entries(RUNS)) {
		const run = await api.createRun({ experimentId: exp, runName: name, startTime: start++ });
		const pk = db.selectValue('SELECT run_pk FROM runs WHERE run_uuid = ?', [run.info.runId]);
		inputs.forEach(([dataset, digest, context], position) =>
			db.exec({
				sql: `INSERT INTO run_inputs(run_pk, position, name, digest, source_type, source, schema, profile, context)
					VALUES (?, ?, ?, ?, 'code', '', '', '', ?)`,
				bind: [pk as number, position, dataset, digest, context]
			})
		);
	}
});

const names = async (filter: string) =>
	(await api.queryRunsTable({ experimentIds: [exp], filter, offset: 0, limit: 100 })).rows
		.map((r) => r.runName)
		.sort();

describe('datasets. filters', () => {
	const cases: [string, string[]][] = [
		["datasets.name = 'wine'", ['both', 'wineOnly']],
		// Any input matching is enough: `both` also has iris, which is not wine.
		["datasets.name != 'wine'", ['bare', 'both', 'quoted']],
		["datasets.name LIKE 'wine%'", ['both', 'wineOnly']],
		["datasets.name LIKE 'W%'", ['bare']],
		["datasets.name ILIKE 'w%'", ['bare', 'both', 'wineOnly']],
		["datasets.name IN ('iris', 'nope')", ['both']],
		["datasets.name NOT IN ('wine')", ['bare', 'both', 'quoted']],
		["datasets.digest = 'ccc333'", ['wineOnly']],
		["datasets.digest LIKE '%2'", ['both']],
		["datasets.digest IN ('aaa111', 'ddd444')", ['bare', 'both']],
		["datasets.context = 'train'", ['both', 'wineOnly']],
		["datasets.context = 'eval'", ['both']],
		// An input without a context has none to compare: `bare` never matches a context clause.
		["datasets.context != 'train'", ['both', 'quoted']],
		["datasets.context ILIKE 'TR%'", ['both', 'wineOnly']],
		["datasets.context NOT IN ('train', 'eval')", ['quoted']],
		["datasets.name = 'wine' AND datasets.context = 'eval'", ['both']],
		["datasets.name = 'iris' OR datasets.digest = 'ddd444'", ['bare', 'both']],
		["datasets.name = 'missing'", []]
	];
	it.each(cases)('%s', async (filter, expected) => {
		expect(await names(filter)).toEqual(expected);
	});

	it('keeps quotes, backslashes and SQL-looking values as data', async () => {
		expect(await names(`datasets.name = 'it''s \\\\ 100%'`)).toEqual(['quoted']);
		expect(await names(`datasets.digest = 'e"5'`)).toEqual(['quoted']);
		expect(await names(`datasets.context = "o'k"`)).toEqual(['quoted']);
		expect(await names(`datasets.name LIKE '%100\\%'`)).toEqual([]);
		expect(await names(`datasets.name = ''' OR 1=1 --'`)).toEqual([]);
	});

	it('rejects unknown keys and comparators with a clear error', async () => {
		const unknown = await rejection(names("datasets.source = 'x'"));
		expect(unknown.code).toBe('INVALID_FILTER');
		expect(unknown.message).toMatch(/unknown dataset key "source"; expected name, digest or context/);
		const op = await rejection(names("datasets.name > 'a'"));
		expect(op.message).toMatch(/datasets.name does not support >/);
		const number = await rejection(names('datasets.digest = 5'));
		expect(number.message).toMatch(/compares strings/);
	});
});

describe('dataset columns', () => {
	it('lists the input contexts of the runs in scope, with run counts when asked', async () => {
		expect((await api.listRunColumns([exp])).datasets.map((k) => k.key)).toEqual([
			'',
			'eval',
			"o'k",
			'train'
		]);
		const counted = await api.listRunColumns([exp], 'active', { counts: true });
		expect(counted.datasets).toEqual([
			{ key: '', count: 1 },
			{ key: 'eval', count: 1 },
			{ key: "o'k", count: 1 },
			{ key: 'train', count: 2 }
		]);
	});

	it('fills a cell with the run\'s inputs of that context as "name (digest)", and sorts by it', async () => {
		const { rows } = await api.queryRunsTable({
			experimentIds: [exp],
			offset: 0,
			limit: 100,
			columns: ['dataset:train', 'dataset:', 'dataset:eval'],
			orderBy: [{ column: 'dataset:train', descending: false }]
		});
		expect(rows.map((r) => [r.runName, r.values])).toEqual([
			['both', { 'dataset:train': 'wine (aaa111)', 'dataset:eval': 'iris (bbb222)' }],
			['wineOnly', { 'dataset:train': 'wine (ccc333)' }],
			// Runs without the column's value come last, newest first.
			['none', {}],
			['quoted', {}],
			['bare', { 'dataset:': 'Wine-raw (ddd444)' }]
		]);
	});

	it('joins two inputs of one context in logging order', async () => {
		const run = await api.createRun({ experimentId: exp, runName: 'two', startTime: 0 });
		const pk = db.selectValue('SELECT run_pk FROM runs WHERE run_uuid = ?', [run.info.runId]) as number;
		for (const [position, name] of [
			[0, 'b-set'],
			[1, 'a-set']
		] as const) {
			db.exec({
				sql: `INSERT INTO run_inputs(run_pk, position, name, digest, source_type, source, schema, profile, context)
					VALUES (?, ?, ?, 'd', 'code', '', '', '', 'test')`,
				bind: [pk, position, name]
			});
		}
		const { rows } = await api.queryRunsTable({
			experimentIds: [exp],
			filter: "attributes.run_name = 'two'",
			offset: 0,
			limit: 10,
			columns: ['dataset:test']
		});
		expect(rows[0]?.values).toEqual({ 'dataset:test': 'b-set (d), a-set (d)' });
		db.exec({ sql: 'DELETE FROM run_inputs WHERE run_pk = ?', bind: [pk] });
		await api.deleteRuns([run.info.runId]);
	});
});
