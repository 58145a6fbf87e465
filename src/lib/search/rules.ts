// What each entity accepts (docs/formats.md §4.2): entity aliases, attribute names, comparators and value types.
// Shared by the parser and by the SQL compiler, which checks every condition again before it becomes SQL.
import { RunboardError } from '../api/errors';
import type { Comparator, Condition, Entity } from './ast';

// Maps, not object literals: a key like "constructor" must not find Object.prototype's members.
export const ENTITIES: ReadonlyMap<string, Entity> = new Map([
	['metric', 'metric'],
	['metrics', 'metric'],
	['param', 'param'],
	['params', 'param'],
	['parameter', 'param'],
	['parameters', 'param'],
	['tag', 'tag'],
	['tags', 'tag'],
	['attribute', 'attribute'],
	['attributes', 'attribute'],
	['attr', 'attribute'],
	['run', 'attribute'],
	['dataset', 'dataset'],
	['datasets', 'dataset']
]);
const PREFIX: Readonly<Record<Entity, string>> = {
	metric: 'metrics',
	param: 'params',
	tag: 'tags',
	attribute: 'attributes',
	dataset: 'datasets'
};

const ATTRIBUTES: ReadonlyMap<string, string> = new Map([
	['run_id', 'run_id'],
	['run_name', 'run_name'],
	['run name', 'run_name'],
	['Run name', 'run_name'],
	['Run Name', 'run_name'],
	['user_id', 'user_id'],
	['status', 'status'],
	['artifact_uri', 'artifact_uri'],
	['start_time', 'start_time'],
	['created', 'start_time'],
	['Created', 'start_time'],
	['end_time', 'end_time']
]);
const NUMERIC_ATTRIBUTES = new Set(['start_time', 'end_time']);
const NOT_SEARCHABLE: ReadonlyMap<string, string> = new Map([
	[
		'lifecycle_stage',
		'choose Active, Deleted or All with the "Runs shown" control beside the filter (runViewType in searchRuns)'
	],
	['experiment_id', 'choose the experiments to search instead']
]);
const DATASET_KEYS = new Set(['name', 'digest', 'context']);

const NUMERIC_OPS: readonly Comparator[] = ['=', '!=', '<', '<=', '>', '>='];
const STRING_OPS: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
export const NULL_OPS: readonly Comparator[] = ['IS NULL', 'IS NOT NULL'];

export interface Rule {
	type: 'number' | 'string';
	comparators: readonly Comparator[];
}

/** Which comparators and value type a key accepts. String attributes are NOT NULL columns, so no null test. */
export function ruleFor(entity: Entity, key: string): Rule {
	if (entity === 'metric' || (entity === 'attribute' && NUMERIC_ATTRIBUTES.has(key))) {
		return { type: 'number', comparators: [...NUMERIC_OPS, ...NULL_OPS] };
	}
	if (entity === 'param' || entity === 'tag')
		return { type: 'string', comparators: [...STRING_OPS, ...NULL_OPS] };
	return { type: 'string', comparators: STRING_OPS };
}

export function label(entity: Entity, key: string): string {
	return /^[A-Za-z0-9_][A-Za-z0-9_./]*$/.test(key)
		? `${PREFIX[entity]}.${key}`
		: `${PREFIX[entity]}.\`${key}\``;
}

/** Canonical key for an entity, or a message saying why the key is not accepted. */
export function resolveKey(entity: Entity, key: string): string | { error: string } {
	if (key === '') return { error: `the ${PREFIX[entity]} key is empty` };
	if (entity === 'dataset') {
		return DATASET_KEYS.has(key)
			? key
			: { error: `unknown dataset key "${key}"; expected name, digest or context` };
	}
	if (entity !== 'attribute') return key;
	const canonical = ATTRIBUTES.get(key);
	if (canonical !== undefined) return canonical;
	const instead = NOT_SEARCHABLE.get(key);
	if (instead !== undefined) return { error: `${key} is not searchable: ${instead}` };
	const near = [...ATTRIBUTES.keys()].find((k) => k.toLowerCase() === key.toLowerCase());
	const dotted = /^(\w+)\.(.+)$/.exec(key);
	const hint = near
		? `; did you mean ${near}?`
		: dotted
			? `; to name a key of an entity, quote only the key: ${dotted[1]}.\`${dotted[2]}\``
			: '; a name without an entity is an attribute: did you mean metrics.' + key + ' or params.' + key + '?';
	return {
		error: `unknown attribute "${key}" (searchable: run_id, run_name, user_id, status, artifact_uri, start_time, end_time)${hint}`
	};
}

/**
 * Re-checks a condition built elsewhere (the AST crosses the worker boundary as plain data) against the same
 * rules as the parser, so the SQL compiler never sees a shape it would translate wrongly.
 */
export function validateCondition(c: Condition): void {
	const bad = (why: string): never => {
		throw new RunboardError('INVALID_FILTER', `Invalid filter condition ${JSON.stringify(c)}: ${why}.`);
	};
	if (typeof c !== 'object' || c === null) bad('a condition must be an object');
	if (!Object.hasOwn(PREFIX, c.entity)) bad('unknown entity');
	if (typeof c.key !== 'string') bad('the key must be a string');
	const key = resolveKey(c.entity, c.key);
	if (typeof key !== 'string') return bad(key.error);
	if (key !== c.key) bad(`use the canonical key ${key}`);
	const rule = ruleFor(c.entity, key);
	if (!rule.comparators.includes(c.comparator)) bad(`comparator ${c.comparator} is not supported here`);
	const v = c.value;
	const ok = NULL_OPS.includes(c.comparator)
		? v === null
		: c.comparator === 'IN' || c.comparator === 'NOT IN'
			? Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')
			: rule.type === 'number'
				? typeof v === 'number' && !Number.isNaN(v)
				: typeof v === 'string';
	if (!ok) bad(`the value does not fit ${c.comparator} on a ${rule.type} key`);
}
