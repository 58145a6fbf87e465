import { describe, it, expect } from 'vitest';
import { RunboardError } from '$lib/api/errors';
import type { Condition, Filter } from '$lib/search/ast';
import { parseFilter, parseOrderBy, validateCondition } from '$lib/search/parse';

const c = (
	entity: Condition['entity'],
	key: string,
	comparator: Condition['comparator'],
	value: Condition['value']
) => ({ entity, key, comparator, value }) satisfies Condition;

/** Runs fn, expects an INVALID_FILTER RunboardError, and returns its message. */
function invalid(fn: () => unknown): string {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(RunboardError);
		expect((error as RunboardError).code).toBe('INVALID_FILTER');
		return (error as RunboardError).message;
	}
	throw new Error('expected INVALID_FILTER, but parsing succeeded');
}

describe('parseFilter: docs/formats.md §4.7 reference cases that parse', () => {
	const A = c('metric', 'A', '>', 0.1);
	const B = c('param', 'B', '=', 'LR');
	const cases: [number, string, Filter][] = [
		[1, 'metrics.acc >= 0.94', { conditions: [c('metric', 'acc', '>=', 0.94)] }],
		[2, 'metric.acc>=100', { conditions: [c('metric', 'acc', '>=', 100)] }],
		[3, "params.m!='tf'", { conditions: [c('param', 'm', '!=', 'tf')] }],
		[4, 'params."m"!="tf"', { conditions: [c('param', 'm', '!=', 'tf')] }],
		[5, 'metric."legit name" >= 0.243', { conditions: [c('metric', 'legit name', '>=', 0.243)] }],
		[6, 'metrics.XYZ = 3', { conditions: [c('metric', 'XYZ', '=', 3)] }],
		[7, 'params."cat dog" = "pets"', { conditions: [c('param', 'cat dog', '=', 'pets')] }],
		[8, 'metrics."X//Y#$$@&Z" = 3', { conditions: [c('metric', 'X//Y#$$@&Z', '=', 3)] }],
		[
			9,
			"metrics.rmse < 1 and params.model_class = 'LR'",
			{ conditions: [c('metric', 'rmse', '<', 1), c('param', 'model_class', '=', 'LR')] }
		],
		[10, '', { conditions: [] }],
		[11, '`metric`.a >= 0.1', { conditions: [c('metric', 'a', '>=', 0.1)] }],
		[13, "`tags`.source_name = 'a notebook'", { conditions: [c('tag', 'source_name', '=', 'a notebook')] }],
		[14, 'metrics."accuracy.2.0" > 5', { conditions: [c('metric', 'accuracy.2.0', '>', 5)] }],
		[15, 'metrics.`spacey name` > 5', { conditions: [c('metric', 'spacey name', '>', 5)] }],
		[16, 'tags."t.a.g" = "a"', { conditions: [c('tag', 't.a.g', '=', 'a')] }],
		[
			17,
			"attribute.artifact_uri = '1/23/4'",
			{ conditions: [c('attribute', 'artifact_uri', '=', '1/23/4')] }
		],
		[18, 'attribute.start_time >= 1234', { conditions: [c('attribute', 'start_time', '>=', 1234)] }],
		[19, "run.status = 'RUNNING'", { conditions: [c('attribute', 'status', '=', 'RUNNING')] }],
		[20, "dataset.name = 'my_dataset'", { conditions: [c('dataset', 'name', '=', 'my_dataset')] }],
		[21, `params.m = "L'Hosp"`, { conditions: [c('param', 'm', '=', "L'Hosp")] }],
		[
			25,
			"metrics.A > 0.1 OR params.B = 'LR'",
			{ conditions: [], anyOf: [[{ conditions: [A] }, { conditions: [B] }]] }
		],
		[26, "metrics.A > 0.1 AND (params.B = 'LR')", { conditions: [A, B] }],
		[38, 'params.foo IS NULL', { conditions: [c('param', 'foo', 'IS NULL', null)] }],
		[
			43,
			"datasets.name IN ('name1', 'name2')",
			{ conditions: [c('dataset', 'name', 'IN', ['name1', 'name2'])] }
		],
		[44, "datasets.context = 'train'", { conditions: [c('dataset', 'context', '=', 'train')] }],
		[
			45,
			"attributes.`Run name` = 'run_name1'",
			{ conditions: [c('attribute', 'run_name', '=', 'run_name1')] }
		],
		[45, "attributes.`run name` = 'x'", { conditions: [c('attribute', 'run_name', '=', 'x')] }],
		[
			46,
			"tags.`mlflow.runName` = 'run_name2'",
			{ conditions: [c('tag', 'mlflow.runName', '=', 'run_name2')] }
		],
		[47, "attributes.run_id IN ('id1')", { conditions: [c('attribute', 'run_id', 'IN', ['id1'])] }],
		[
			47,
			"attributes.run_id NOT IN ('id1', 'id2')",
			{ conditions: [c('attribute', 'run_id', 'NOT IN', ['id1', 'id2'])] }
		],
		[48, "params.generic_2 ILIKE '%Other%'", { conditions: [c('param', 'generic_2', 'ILIKE', '%Other%')] }]
	];
	it.each(cases)('case %i: %s', (_n, filter, expected) => {
		expect(parseFilter(filter)).toEqual(expected);
	});
});

describe('parseFilter: docs/formats.md §4.7 reference cases that fail', () => {
	const cases: [number, string, string][] = [
		[12, "`params`.model >= 'LR'", 'params.model does not support >='],
		[22, 'metric.acc >= 0.94; metrics.rmse < 1', '";" is not allowed'],
		[23, 'm.acc >= 0.94', 'unknown entity "m"'],
		[24, 'acc >= 0.94', 'unknown attribute "acc"'],
		[27, "attribute.lifecycle_stage = 'ACTIVE'", 'lifecycle_stage is not searchable'],
		[28, 'attribute.experiment_id != 1', 'experiment_id is not searchable'],
		[29, 'attribute.status = true', "the value true is not quoted; write 'true'"],
		[30, "dataset.profile = 'num_rows: 10'", 'unknown dataset key "profile"'],
		[31, "metric.model = '5'", 'metrics.model compares numbers'],
		[32, 'params.acc = 5', "params.acc compares strings: quote the value, e.g. params.acc = '5'"],
		[33, 'tags.acc = 5', 'tags.acc compares strings'],
		[34, '1.0 > metrics.acc', 'the key comes first'],
		[35, 'params.acc = LR', "the value LR is not quoted; write 'LR'"],
		[36, 'params.acc = `LR`', 'backticks quote keys, not values'],
		[37, "attribute.status IS 'RUNNING'", 'expected NULL or NOT NULL after IS'],
		[39, 'metrics.abc ~ 1.0', 'expected a comparator'],
		[40, "params.abc > 'v'", 'params.abc does not support >'],
		[40, "tags.abc <= 'v'", 'tags.abc does not support <='],
		[40, "attributes.status > 'v'", 'attributes.status does not support >'],
		[41, 'attributes.start_time LIKE 1234', 'attributes.start_time does not support LIKE'],
		[42, "datasets.name > 'n'", 'datasets.name does not support >']
	];
	it.each(cases)('case %i: %s', (_n, filter, fragment) => {
		expect(invalid(() => parseFilter(filter))).toContain(fragment);
	});
});

describe('parseFilter: lexing', () => {
	const one = (filter: string) => parseFilter(filter).conditions[0];

	it('treats a whitespace-only filter as no filter', () => {
		expect(parseFilter('  \t\n ')).toEqual({ conditions: [] });
	});

	it('reads numbers: negative, decimals, exponents', () => {
		expect(one('metrics.a > -1')?.value).toBe(-1);
		expect(one('metrics.a > .5')?.value).toBe(0.5);
		expect(one('metrics.a > 1e-3')?.value).toBe(0.001);
		expect(one('metrics.a>-2.5E+3')?.value).toBe(-2500);
		expect(one('metrics.a = 1e999')?.value).toBe(Infinity);
	});

	it('unescapes quotes inside values', () => {
		expect(one("params.x = 'it''s'")?.value).toBe("it's");
		expect(one("params.x = 'it\\'s'")?.value).toBe("it's");
		expect(one('params.x = "say ""hi"""')?.value).toBe('say "hi"');
		expect(one("params.x = 'a\\\\b'")?.value).toBe('a\\b');
		expect(one("params.x = 'C:\\data'")?.value).toBe('C:\\data');
		expect(one("params.x = ''")?.value).toBe('');
		expect(one("params.x = 'a'' OR 1=1 --'")?.value).toBe("a' OR 1=1 --");
	});

	it('reads bare keys with dots and slashes, and doubled quotes in quoted keys', () => {
		expect(one("tags.mlflow.runName = 'x'")?.key).toBe('mlflow.runName');
		expect(one('metrics.train/loss < 1')?.key).toBe('train/loss');
		expect(one('metrics.`a``b` < 1')?.key).toBe('a`b');
		expect(one('"metrics"."a b" < 1')).toEqual(c('metric', 'a b', '<', 1));
	});

	it('accepts every entity alias and attribute alias', () => {
		for (const e of ['param', 'params', 'parameter', 'parameters'])
			expect(one(`${e}.k = 'v'`)?.entity).toBe('param');
		for (const e of ['tag', 'tags']) expect(one(`${e}.k = 'v'`)?.entity).toBe('tag');
		for (const e of ['attribute', 'attributes', 'attr', 'run']) {
			expect(one(`${e}.user_id = 'v'`)).toEqual(c('attribute', 'user_id', '=', 'v'));
		}
		expect(one('created > 5')).toEqual(c('attribute', 'start_time', '>', 5));
		expect(one('attributes.Created > 5')?.key).toBe('start_time');
		expect(one("attributes.`Run Name` = 'x'")?.key).toBe('run_name');
		expect(one("run_name = 'x'")?.key).toBe('run_name');
		expect(one("status = 'FAILED'")?.key).toBe('status');
		expect(one('end_time IS NULL')).toEqual(c('attribute', 'end_time', 'IS NULL', null));
	});

	it('reads keywords in any case and without spaces where unambiguous', () => {
		expect(parseFilter("params.a='x'AND params.b like 'y' aNd metrics.c is not null").conditions).toEqual([
			c('param', 'a', '=', 'x'),
			c('param', 'b', 'LIKE', 'y'),
			c('metric', 'c', 'IS NOT NULL', null)
		]);
		expect(one('params.a not  in(\'x\',"y")')).toEqual(c('param', 'a', 'NOT IN', ['x', 'y']));
		expect(one("attributes.status in ('FAILED')")).toEqual(c('attribute', 'status', 'IN', ['FAILED']));
	});
});

describe('parseFilter: OR and parentheses (Runboard extension)', () => {
	const a = c('metric', 'a', '>', 1);
	const b = c('metric', 'b', '>', 1);
	const d = c('metric', 'd', '>', 1);
	const e = c('metric', 'e', '>', 1);

	it('binds AND tighter than OR', () => {
		expect(parseFilter('metrics.a > 1 OR metrics.b > 1 AND metrics.d > 1')).toEqual({
			conditions: [],
			anyOf: [[{ conditions: [a] }, { conditions: [b, d] }]]
		});
	});

	it('keeps parenthesised groups, flattening same-operator nesting', () => {
		expect(parseFilter('(metrics.a > 1 or metrics.b > 1) and (metrics.d > 1 OR metrics.e > 1)')).toEqual({
			conditions: [],
			anyOf: [
				[{ conditions: [a] }, { conditions: [b] }],
				[{ conditions: [d] }, { conditions: [e] }]
			]
		});
		expect(parseFilter('((metrics.a > 1 OR metrics.b > 1) OR metrics.d > 1)')).toEqual({
			conditions: [],
			anyOf: [[{ conditions: [a] }, { conditions: [b] }, { conditions: [d] }]]
		});
		expect(parseFilter('((metrics.a > 1))')).toEqual({ conditions: [a] });
	});

	it('rejects unbalanced or empty structure, with positions', () => {
		expect(invalid(() => parseFilter('(metrics.a > 1'))).toContain('to close the "(" at character 1');
		expect(invalid(() => parseFilter('metrics.a > 1)'))).toContain(
			'character 14: this ")" has no matching "("'
		);
		expect(invalid(() => parseFilter('()'))).toContain('expected a key');
		expect(invalid(() => parseFilter('metrics.a > 1 AND'))).toContain('found the end of the input');
		expect(invalid(() => parseFilter('OR metrics.a > 1'))).toContain('found the keyword OR');
		expect(invalid(() => parseFilter("metrics.a > 1 params.b = 'x'"))).toContain(
			'expected AND, OR or the end of the filter'
		);
		expect(invalid(() => parseFilter('('.repeat(40) + 'metrics.a > 1' + ')'.repeat(40)))).toContain('nested');
		const many = Array.from({ length: 201 }, (_, i) => `metrics.m${i} > 1`).join(' AND ');
		expect(invalid(() => parseFilter(many))).toContain('too many conditions');
	});
});

describe('parseFilter: other errors name the problem and the position', () => {
	const cases: [string, string][] = [
		['metrics.a == 1', 'character 11: use = instead of =='],
		['metrics.a <> 1', 'use != instead of <>'],
		["params.a NOT LIKE 'x'", 'expected IN after NOT'],
		["params.a = 'abc", "character 12: the ' opened here is never closed"],
		['metrics.`abc > 1', 'the ` opened here is never closed'],
		['params.a IN ()', 'the IN list is empty'],
		['params.a IN (1, 2)', 'IN lists hold quoted strings'],
		["params.a IN ('x' 'y')", 'expected "," or ")" in the IN list'],
		["params.a IN 'x'", 'expected "(" after IN'],
		["metrics.a IN ('1')", 'metrics.a does not support IN'],
		["attributes.start_time IN ('1')", 'attributes.start_time does not support IN'],
		['attributes.user_id IS NULL', 'user_id is never null'],
		['datasets.name IS NULL', 'datasets.name does not support IS NULL'],
		['params.a = NULL', 'use params.a IS NULL instead of = NULL'],
		['metrics.a > 1abc', 'is not a number'],
		['metrics.a > 1.2.3', 'is not a number'],
		['metrics.a >', 'expected a value'],
		['metrics.a > -', 'expected a value'],
		['metrics. > 1', 'expected a key after "metrics."'],
		['metrics.val-loss > 1', 'must be quoted'],
		['METRICS.a > 1', 'did you mean metrics?'],
		['constructor.a > 1', 'unknown entity "constructor"'],
		["attributes.RUN_ID = 'x'", 'did you mean run_id?'],
		["attributes.toString = 'x'", 'unknown attribute "toString"'],
		["'acc' > 1", 'single quotes are for values'],
		['metrics.`` > 1', 'the metrics key is empty']
	];
	it.each(cases)('%s', (filter, fragment) => {
		expect(invalid(() => parseFilter(filter))).toContain(fragment);
	});

	it('rejects a non-string filter', () => {
		expect(invalid(() => parseFilter(42 as unknown as string))).toContain('must be a string');
	});
});

describe('parseOrderBy: docs/formats.md §4.7 cases', () => {
	it('parses keys and directions in any case, ascending by default', () => {
		expect(
			parseOrderBy([
				'metrics.key1 asc',
				'metrics."key1"  desc',
				'params.my_param aSc',
				'params.`my_param` DESC',
				'metrics.`Mean Square Error` DESC',
				'tags.team',
				'attributes.created',
				'run_name DESC'
			])
		).toEqual([
			{ entity: 'metric', key: 'key1', ascending: true },
			{ entity: 'metric', key: 'key1', ascending: false },
			{ entity: 'param', key: 'my_param', ascending: true },
			{ entity: 'param', key: 'my_param', ascending: false },
			{ entity: 'metric', key: 'Mean Square Error', ascending: false },
			{ entity: 'tag', key: 'team', ascending: true },
			{ entity: 'attribute', key: 'start_time', ascending: true },
			{ entity: 'attribute', key: 'run_name', ascending: false }
		]);
		expect(parseOrderBy([])).toEqual([]);
	});

	const errors: [string, string][] = [
		['attribute.run_id ACS', 'expected ASC or DESC after attributes.run_id, found "ACS"'],
		['attribute.run_id decs', 'expected ASC or DESC'],
		['params.my_param ', 'remove the leading or trailing whitespace'],
		['metrics.A != 1', 'expected ASC or DESC after metrics.A, found "!= 1"'],
		['`metrics.A`', 'unknown attribute "metrics.A"'],
		['', 'it is empty'],
		['metrics.a DESC x', 'expected ASC or DESC'],
		['metrics.a,', 'expected a space and then ASC or DESC'],
		['datasets.name', 'cannot be ordered by datasets'],
		['attributes.lifecycle_stage', 'not searchable']
	];
	it.each(errors)('rejects %j', (clause, fragment) => {
		const message = invalid(() => parseOrderBy([clause]));
		expect(message).toContain(fragment);
		expect(message).toContain('order_by clause 1');
	});

	it('rejects non-string input', () => {
		expect(invalid(() => parseOrderBy('metrics.a' as unknown as string[]))).toContain('list of strings');
		expect(invalid(() => parseOrderBy([5 as unknown as string]))).toContain('expected a string');
	});
});

describe('validateCondition (ASTs built outside the parser)', () => {
	it('accepts what the parser produces', () => {
		for (const cond of parseFilter("metrics.a > 1 AND params.b IN ('x') AND tags.t IS NULL").conditions) {
			expect(() => validateCondition(cond)).not.toThrow();
		}
	});

	it('rejects shapes the SQL compiler would get wrong', () => {
		expect(invalid(() => validateCondition(c('metric', 'a', 'LIKE', 'x')))).toContain('not supported');
		expect(invalid(() => validateCondition(c('metric', 'a', '>', '1')))).toContain('does not fit');
		expect(invalid(() => validateCondition(c('metric', 'a', '>', NaN)))).toContain('does not fit');
		expect(invalid(() => validateCondition(c('param', 'a', 'IN', [])))).toContain('does not fit');
		expect(invalid(() => validateCondition(c('attribute', 'created', '>', 1)))).toContain(
			'canonical key start_time'
		);
		expect(invalid(() => validateCondition(c('attribute', 'name', '=', 'x')))).toContain('unknown attribute');
		const bogus = { entity: 'run', key: 'a', comparator: '=', value: 'x' } as unknown as Condition;
		expect(invalid(() => validateCondition(bogus))).toContain('unknown entity');
	});
});
