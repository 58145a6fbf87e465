import { describe, it, expect, beforeAll } from 'vitest';
import sqlite3InitModule, { type Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import type { Filter } from '$lib/search/ast';
import { parseFilter, parseOrderBy } from '$lib/search/parse';
import { migrate } from '../../workers/db/migrations';
import { buildRunSearchSql, likeToGlob, type RunSearchScope } from '../../workers/db/search-sql';

let db: Database;

const uuid = (c: string) => c.repeat(32).slice(0, 32);

// name, uuid, experiment, status, start, end, user, lifecycle
const RUNS: [string, string, number, string, number | null, number | null, string, string][] = [
	['alpha', uuid('a'), 1, 'FINISHED', 1000, 2000, 'alice', 'active'],
	['Beta', uuid('b'), 1, 'RUNNING', 3000, null, 'bob', 'active'],
	['gamma_1', uuid('c'), 1, 'FAILED', 2000, 2500, 'alice', 'active'],
	['delta', uuid('d'), 1, 'FINISHED', 2000, 2100, 'bob', 'active'],
	['nostart', uuid('0a'), 1, 'KILLED', null, null, '', 'active'],
	['eps', uuid('e'), 1, 'FINISHED', 4000, 5000, 'alice', 'deleted'],
	['phi', uuid('f'), 2, 'FINISHED', 5000, 6000, 'carol', 'active']
];
const PARAMS: [string, string, string][] = [
	['alpha', 'model', 'LR'],
	['alpha', 'glob', 'a*b?[c]'],
	['alpha', 'x', "a' OR 1=1 --"],
	['alpha', 'note', "it's"],
	['Beta', 'model', 'lr'],
	['Beta', 'glob', 'aXb?[c]'],
	['gamma_1', 'model', 'RF'],
	['gamma_1', 'word', 'é'],
	['gamma_1', 'path', 'C:\\data'],
	['eps', 'model', 'LR'],
	['phi', 'model', 'LR']
];
const TAGS: [string, string, string][] = [
	['alpha', 'mlflow.runName', 'alpha'],
	['alpha', 'team', 'Vision'],
	['Beta', 'team', 'vision'],
	['gamma_1', 'team', '100%']
];
// null = NaN (how the schema stores it)
const METRICS: [string, string, number | null][] = [
	['alpha', 'acc', 0.9],
	['alpha', 'loss', 0.5],
	['Beta', 'acc', null],
	['Beta', 'loss', Infinity],
	['gamma_1', 'acc', -Infinity],
	['gamma_1', 'loss', 0.1],
	['nostart', 'acc', 0.5],
	['nostart', 'loss', null],
	['gamma_1', 'big', 1e20],
	['eps', 'acc', 0.95],
	['phi', 'acc', 0.99]
];

beforeAll(async () => {
	const sqlite3 = await sqlite3InitModule();
	db = new sqlite3.oo1.DB(':memory:', 'c');
	migrate(db);
	db.exec(
		"INSERT INTO experiments(experiment_id, name, creation_time, last_update_time) VALUES (1, 'one', 0, 0)"
	);
	db.exec(
		"INSERT INTO experiments(experiment_id, name, creation_time, last_update_time) VALUES (2, 'two', 0, 0)"
	);
	for (const [name, id, exp, status, start, end, user, stage] of RUNS) {
		db.exec({
			sql: `INSERT INTO runs(run_uuid, experiment_id, name, status, start_time, end_time, user_id, lifecycle_stage)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			bind: [id, exp, name, status, start, end, user, stage]
		});
	}
	const pk = (name: string) => db.selectValue('SELECT run_pk FROM runs WHERE name = ?', [name]) as number;
	for (const [run, key, value] of PARAMS) {
		db.exec({ sql: 'INSERT INTO params VALUES (?, ?, ?)', bind: [pk(run), key, value] });
	}
	for (const [run, key, value] of TAGS)
		db.exec({ sql: 'INSERT INTO tags VALUES (?, ?, ?)', bind: [pk(run), key, value] });
	for (const [run, key, value] of METRICS) {
		db.exec({ sql: 'INSERT OR IGNORE INTO metric_keys(key) VALUES (?)', bind: [key] });
		// Through text like the compiler does: sqlite-wasm would bind 1e20 as a wrapped int64.
		db.exec({
			sql: `INSERT INTO latest_metrics(run_pk, key_id, step, timestamp, value)
				VALUES (?, (SELECT key_id FROM metric_keys WHERE key = ?), 0, 0, CASE WHEN ?4 THEN CAST(?3 AS REAL) ELSE ?3 END)`,
			bind: [pk(run), key, big(value) ? String(value) : value, big(value) ? 1 : 0]
		});
	}
	db.exec("INSERT INTO metric_keys(key) VALUES ('unused')");
});

function big(value: number | null): boolean {
	return value !== null && Number.isInteger(value) && !Number.isSafeInteger(value);
}

function runFilter(filter: Filter, orderBy: string[] = [], scope: Partial<RunSearchScope> = {}): string[] {
	const { sql, bind } = buildRunSearchSql(filter, parseOrderBy(orderBy), {
		experimentIds: [1],
		lifecycle: 'active',
		limit: 1000,
		offset: 0,
		...scope
	});
	const rows = db.exec({ sql, bind, rowMode: 'array', returnValue: 'resultRows' }) as number[][];
	const pks = rows.map((r) => r[0] as number);
	expect(new Set(pks).size).toBe(pks.length);
	return pks.map((pk) => db.selectValue('SELECT name FROM runs WHERE run_pk = ?', [pk]) as string);
}

const search = (filter: string, orderBy: string[] = [], scope: Partial<RunSearchScope> = {}) =>
	runFilter(parseFilter(filter), orderBy, scope);

// MLflow's default order: start_time DESC (missing last), then run_uuid.
const ALL = ['Beta', 'gamma_1', 'delta', 'alpha', 'nostart'];

it('stores ±Infinity as REAL and NaN as NULL (fixture sanity)', () => {
	expect(db.selectValues('SELECT value FROM latest_metrics ORDER BY value')).toContain(Infinity);
	expect(db.selectValues('SELECT value FROM latest_metrics ORDER BY value')).toContain(-Infinity);
	expect(
		db.selectValue("SELECT value FROM latest_metrics JOIN metric_keys USING (key_id) WHERE key = 'big'")
	).toBe(1e20);
});

describe('filters', () => {
	const cases: [string, string[]][] = [
		['', ALL],
		['metrics.acc > 0.5', ['alpha']],
		['metrics.acc >= 0.5', ['alpha', 'nostart']],
		['metrics.acc = 0.9', ['alpha']],
		// NaN never matches, `!=` included; a missing metric never matches either.
		['metrics.acc != 0.9', ['gamma_1', 'nostart']],
		['metrics.acc < 0', ['gamma_1']],
		['metrics.acc <= -1e308', ['gamma_1']],
		['metrics.loss > 1e308', ['Beta']],
		['metrics.loss = 1e999', ['Beta']],
		// Integer-valued numbers beyond int64 (sqlite-wasm would bind them wrapped or as 0).
		['metrics.loss < 1e20', ['gamma_1', 'alpha']],
		['metrics.loss > -1e19', ['Beta', 'gamma_1', 'alpha']],
		['metrics.acc > -1e308', ['alpha', 'nostart']],
		['metrics.big = 1e20', ['gamma_1']],
		['metrics.big = 100000000000000000001', ['gamma_1']],
		['metrics.big > 9.9e19', ['gamma_1']],
		['metrics.big < 1e20', []],
		['attributes.start_time < 1e19', ['Beta', 'gamma_1', 'delta', 'alpha']],
		['metrics.loss != 0.5', ['Beta', 'gamma_1']],
		['metrics.acc IS NULL', ['delta']],
		['metrics.acc IS NOT NULL', ['Beta', 'gamma_1', 'alpha', 'nostart']],
		['metrics.nothere > 0', []],
		['metrics.unused != 0', []],
		['metrics.nothere IS NULL', ALL],
		["params.model = 'LR'", ['alpha']],
		["params.model != 'LR'", ['Beta', 'gamma_1']],
		['params.model IS NULL', ['delta', 'nostart']],
		['params.model IS NOT NULL', ['Beta', 'gamma_1', 'alpha']],
		["params.model IN ('LR', 'RF')", ['gamma_1', 'alpha']],
		["params.model NOT IN ('LR')", ['Beta', 'gamma_1']],
		["params.nothere != 'x'", []],
		["params.nothere NOT IN ('x')", []],
		[`params.note = "it's"`, ['alpha']],
		["params.note = 'it\\'s'", ['alpha']],
		["params.path = 'C:\\data'", ['gamma_1']],
		["tags.team = 'vision'", ['Beta']],
		["tags.mlflow.runName = 'alpha'", ['alpha']],
		["tags.`mlflow.runName` != 'x'", ['alpha']],
		["attributes.status = 'FINISHED'", ['delta', 'alpha']],
		["attributes.status != 'FINISHED'", ['Beta', 'gamma_1', 'nostart']],
		["run.status IN ('FAILED', 'KILLED')", ['gamma_1', 'nostart']],
		[`attributes.run_id IN ('${uuid('a')}', '${uuid('c')}')`, ['gamma_1', 'alpha']],
		[`attributes.run_id NOT IN ('${uuid('a')}')`, ['Beta', 'gamma_1', 'delta', 'nostart']],
		[`attributes.run_id = '${uuid('d')}'`, ['delta']],
		["attributes.user_id = 'alice'", ['gamma_1', 'alpha']],
		["attributes.user_id = ''", ['nostart']],
		["attributes.`Run name` = 'Beta'", ['Beta']],
		["run_name = 'beta'", []],
		['attributes.start_time >= 2000', ['Beta', 'gamma_1', 'delta']],
		['attributes.start_time != 2000', ['Beta', 'alpha']],
		['created < 2000', ['alpha']],
		['attributes.end_time IS NULL', ['Beta', 'nostart']],
		['attributes.end_time > 2000', ['gamma_1', 'delta']],
		['attributes.start_time IS NOT NULL AND end_time IS NULL', ['Beta']],
		["metrics.acc > 0 AND params.model = 'LR' AND tags.team = 'Vision'", ['alpha']],
		["metrics.acc > 0.8 OR params.model = 'RF'", ['gamma_1', 'alpha']],
		["params.model = 'RF' OR params.model = 'LR' AND metrics.acc > 0.95", ['gamma_1']],
		["(params.model = 'RF' OR params.model = 'LR') AND metrics.acc > 0.5", ['alpha']],
		["(status = 'RUNNING' OR status = 'KILLED') AND (metrics.acc IS NULL OR metrics.acc < 0.6)", ['nostart']]
	];
	it.each(cases)('%s', (filter, expected) => {
		expect(search(filter)).toEqual(expected);
	});
});

describe('LIKE is case-sensitive, ILIKE is not', () => {
	const cases: [string, string[]][] = [
		["params.model LIKE 'L%'", ['alpha']],
		["params.model LIKE 'l%'", ['Beta']],
		["params.model ILIKE 'l%'", ['Beta', 'alpha']],
		["params.model ILIKE 'LR'", ['Beta', 'alpha']],
		["params.model LIKE '_F'", ['gamma_1']],
		["params.model LIKE '_'", []],
		["tags.team LIKE 'V%'", ['alpha']],
		["tags.team ILIKE 'VISION'", ['Beta', 'alpha']],
		["tags.team LIKE '100%'", ['gamma_1']],
		["tags.team LIKE '%0\\%'", []],
		// GLOB metacharacters in a LIKE pattern are literals.
		["params.glob LIKE 'a*b?[c]'", ['alpha']],
		["params.glob LIKE 'a_b?[c]'", ['Beta', 'alpha']],
		["params.glob LIKE '%[c]'", ['Beta', 'alpha']],
		["params.glob LIKE '%]'", ['Beta', 'alpha']],
		["params.glob ILIKE 'A*B%'", ['alpha']],
		// `_` is one character, not one byte.
		["params.word LIKE '_'", ['gamma_1']],
		// No escape character: a backslash is literal.
		["params.path LIKE 'C:\\d%'", ['gamma_1']],
		["params.path ILIKE 'c:\\DATA'", ['gamma_1']],
		["attributes.run_name LIKE 'gamma_1'", ['gamma_1']],
		["attributes.run_name LIKE '%a'", ['Beta', 'delta', 'alpha']],
		["attributes.run_name LIKE 'b%'", []],
		["attributes.run_name ILIKE 'b%'", ['Beta']],
		["attributes.artifact_uri LIKE '%'", ALL]
	];
	it.each(cases)('%s', (filter, expected) => {
		expect(search(filter)).toEqual(expected);
	});

	it('translates wildcards and escapes GLOB metacharacters', () => {
		expect(likeToGlob('a%b_c*d?e[f]')).toBe('a*b?c[*]d[?]e[[]f]');
	});
});

describe('injection attempts stay data', () => {
	it('binds values and keys instead of splicing them', () => {
		const filter = parseFilter("params.x = 'a'' OR 1=1 --'");
		const { sql, bind } = buildRunSearchSql(filter, [], {
			experimentIds: [1],
			lifecycle: 'active',
			limit: 9,
			offset: 0
		});
		expect(sql).not.toContain('1=1');
		expect(bind).toContain("a' OR 1=1 --");
		expect(search("params.x = 'a'' OR 1=1 --'")).toEqual(['alpha']);
		expect(search("params.x = 'b'' OR 1=1 --'")).toEqual([]);
		expect(search("params.`x' OR 1=1 --` = 'a'")).toEqual([]);
		expect(search("params.x = 'a\\' OR 1=1 --'")).toEqual(['alpha']);
		expect(search('metrics.`acc) OR (1=1` > 0')).toEqual([]);
		expect(search("params.model IN ('LR'') OR 1=1 --')")).toEqual([]);
		expect(search('', ['metrics.`acc"; DROP TABLE runs; --` DESC'])).toEqual(ALL);
	});

	it('keeps a hand-built AST from smuggling SQL through keys', () => {
		const evil = { entity: 'attribute', key: 'name; DROP TABLE runs', comparator: '=', value: 'x' } as const;
		expect(() => runFilter({ conditions: [evil] })).toThrow(/unknown attribute/);
		expect(() =>
			buildRunSearchSql({ conditions: [] }, [{ entity: 'attribute', key: 'r.name; --', ascending: true }], {
				experimentIds: [1],
				lifecycle: 'active',
				limit: 1,
				offset: 0
			})
		).toThrow(/Cannot order by/);
		expect(db.selectValue('SELECT count(*) FROM runs')).toBe(RUNS.length);
	});
});

describe('order_by', () => {
	const cases: [string[], string[]][] = [
		[[], ALL],
		// ASC: -inf < numbers < inf < NaN < missing; DESC: inf > numbers > -inf, then NaN, then missing.
		[['metrics.acc ASC'], ['gamma_1', 'nostart', 'alpha', 'Beta', 'delta']],
		[['metrics.acc DESC'], ['alpha', 'nostart', 'gamma_1', 'Beta', 'delta']],
		[['metrics.loss'], ['gamma_1', 'alpha', 'Beta', 'nostart', 'delta']],
		[['metrics.loss desc'], ['Beta', 'alpha', 'gamma_1', 'nostart', 'delta']],
		[['metrics.nothere DESC'], ALL],
		// Binary string order; missing params last in both directions, ties by the default order.
		[['params.model ASC'], ['alpha', 'gamma_1', 'Beta', 'delta', 'nostart']],
		[['params.model DESC'], ['Beta', 'gamma_1', 'alpha', 'delta', 'nostart']],
		[['tags.team DESC'], ['Beta', 'alpha', 'gamma_1', 'delta', 'nostart']],
		[['attributes.start_time ASC'], ['alpha', 'gamma_1', 'delta', 'Beta', 'nostart']],
		[['created DESC'], ALL],
		[['attributes.run_name DESC'], ['nostart', 'gamma_1', 'delta', 'alpha', 'Beta']],
		[['attributes.end_time DESC'], ['gamma_1', 'delta', 'alpha', 'Beta', 'nostart']],
		[['attributes.run_id ASC'], ['nostart', 'alpha', 'Beta', 'gamma_1', 'delta']],
		[
			['attributes.user_id', 'metrics.acc DESC'],
			['nostart', 'alpha', 'gamma_1', 'Beta', 'delta']
		],
		[
			['attributes.status', 'params.model DESC', 'metrics.loss'],
			['gamma_1', 'alpha', 'delta', 'nostart', 'Beta']
		]
	];
	it.each(cases)('%j', (orderBy, expected) => {
		expect(search('', orderBy)).toEqual(expected);
	});

	it('combines with filters', () => {
		expect(search('metrics.acc IS NOT NULL', ['metrics.acc DESC'])).toEqual([
			'alpha',
			'nostart',
			'gamma_1',
			'Beta'
		]);
		expect(search("params.model ILIKE 'lr'", ['params.model'])).toEqual(['alpha', 'Beta']);
	});
});

describe('scope and paging', () => {
	it('pages through the full order without gaps or repeats', () => {
		for (const orderBy of [[], ['metrics.acc DESC'], ['params.model ASC', 'metrics.loss DESC']]) {
			const full = search('', orderBy);
			const pages = [0, 2, 4].flatMap((offset) => search('', orderBy, { limit: 2, offset }));
			expect(pages).toEqual(full);
		}
		expect(search('', [], { limit: 2, offset: 10 })).toEqual([]);
		expect(search('', [], { limit: 0 })).toEqual([]);
	});

	it('selects experiments and lifecycle stages', () => {
		expect(search('', [], { lifecycle: 'deleted' })).toEqual(['eps']);
		expect(search('', [], { lifecycle: 'all' })).toEqual(['eps', ...ALL]);
		expect(search("params.model = 'LR'", [], { experimentIds: [1, 2], lifecycle: 'all' })).toEqual([
			'phi',
			'eps',
			'alpha'
		]);
		expect(search('', [], { experimentIds: [2] })).toEqual(['phi']);
		expect(search('', [], { experimentIds: [] })).toEqual([]);
		expect(search('', [], { experimentIds: [99] })).toEqual([]);
	});

	it('rejects a malformed scope as INVALID_ARGUMENT', () => {
		const bad: Partial<RunSearchScope>[] = [
			{ limit: -1 },
			{ offset: 1.5 },
			{ experimentIds: ['1' as unknown as number] },
			{ lifecycle: 'gone' as 'all' }
		];
		for (const scope of bad) {
			expect(() => search('', [], scope)).toThrow(RunboardError);
			try {
				search('', [], scope);
			} catch (error) {
				expect((error as RunboardError).code).toBe('INVALID_ARGUMENT');
			}
		}
	});
});

describe('what the compiler refuses', () => {
	const code = (fn: () => unknown) => {
		try {
			fn();
		} catch (error) {
			return `${(error as RunboardError).code}: ${(error as Error).message}`;
		}
		return 'no error';
	};

	it('compiles dataset filters (no run here has inputs, so none matches; tests/unit/runs-datasets.test.ts)', () => {
		expect(search("datasets.name = 'wine'")).toEqual([]);
		expect(search("datasets.context != 'x'")).toEqual([]);
	});

	it('re-validates hand-built ASTs', () => {
		const like = { entity: 'metric', key: 'acc', comparator: 'LIKE', value: '1' } as const;
		expect(code(() => runFilter({ conditions: [like] }))).toMatch(/^INVALID_FILTER/);
		expect(code(() => runFilter({ conditions: [], anyOf: [[]] }))).toMatch(/^INVALID_FILTER: An OR group/);
		expect(code(() => runFilter(null as unknown as Filter))).toMatch(/^INVALID_FILTER/);
		expect(
			code(() =>
				buildRunSearchSql({ conditions: [] }, [{ entity: 'dataset', key: 'name', ascending: true }], {
					experimentIds: [1],
					lifecycle: 'active',
					limit: 1,
					offset: 0
				})
			)
		).toMatch(/^INVALID_FILTER: Cannot order by dataset.name/);
	});
});
