// MLflow run-search filter and order_by → AST (docs/formats.md §4), plus Runboard's extensions (§4.6): OR,
// parentheses, IS [NOT] NULL, and IN / NOT IN beyond run_id. Every rejection is an INVALID_FILTER that names
// the position and what was expected: a filter is typed by a person, who must be able to fix it.
import { RunboardError } from '../api/errors';
import type { Comparator, Condition, Entity, Filter, OrderTerm } from './ast';
import { Scanner } from './lexer';
import { ENTITIES, NULL_OPS, label, resolveKey, ruleFor, type Rule } from './rules';

export { validateCondition } from './rules';

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'ILIKE', 'IS', 'NULL']);
// SQLite caps expression depth (1000) and bind slots; real filters are far below these.
const MAX_CONDITIONS = 200;
const MAX_DEPTH = 32;

interface Ident {
	entity: Entity;
	key: string;
	start: number;
}

/** ident := [entity "."] key, where entity and key may be `backticked` or "double quoted". */
function parseIdent(s: Scanner): Ident {
	s.skipSpace();
	const start = s.pos;
	const first = s.readQuoted(['`', '"'])?.text ?? s.readWord();
	if (first === null) {
		if (s.peek() === "'")
			s.fail('single quotes are for values; quote keys with `backticks` or "double quotes"');
		return s.fail(
			`expected a key such as metrics.acc or params.model, found ${s.found()} (the key comes first)`
		);
	}
	let entity: Entity = 'attribute';
	let key = first;
	if (s.eat('.')) {
		const known = ENTITIES.get(first);
		if (known === undefined) {
			const near = ENTITIES.has(first.toLowerCase()) ? `; did you mean ${first.toLowerCase()}?` : '';
			s.fail(
				`unknown entity "${first}"; expected metrics, params, tags, attributes or datasets${near}`,
				start
			);
		}
		entity = known;
		const keyAt = s.pos;
		const quoted = s.readQuoted(['`', '"']);
		key =
			quoted?.text ??
			s.readBareKey() ??
			s.fail(
				`expected a key after "${first}.", found ${s.found()} (quote keys with special characters: \`...\`)`,
				keyAt
			);
	} else if (KEYWORDS.has(first.toUpperCase()) && !/["`]/.test(s.text.charAt(start))) {
		s.fail(`expected a clause, found the keyword ${first.toUpperCase()}`, start);
	}
	const resolved = resolveKey(entity, key);
	if (typeof resolved !== 'string') return s.fail(resolved.error, start);
	return { entity, key: resolved, start };
}

const SYMBOLS: readonly Comparator[] = ['<=', '>=', '!=', '<', '>', '='];

/** Reads the comparator and returns where it starts, so a rejection can point at it. */
function parseComparator(s: Scanner, what: string): { comparator: Comparator; at: number } {
	const before = s.pos;
	s.skipSpace();
	const start = s.pos;
	const found = (comparator: Comparator) => ({ comparator, at: start });
	if (s.peek() === '=' && s.peek(1) === '=') s.fail('use = instead of ==');
	if (s.peek() === '<' && s.peek(1) === '>') s.fail('use != instead of <>');
	const symbol = SYMBOLS.find((op) => s.eat(op));
	if (symbol !== undefined) return found(symbol);
	const word = s.readWord()?.toUpperCase();
	if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return found(word);
	if (word === 'NOT') {
		s.skipSpace();
		if (s.readWord()?.toUpperCase() === 'IN') return found('NOT IN');
		s.fail(
			'expected IN after NOT (NOT IN is the only negated comparator; use != instead of NOT =/LIKE)',
			start
		);
	}
	if (word === 'IS') {
		s.skipSpace();
		const next = s.readWord()?.toUpperCase();
		if (next === 'NULL') return found('IS NULL');
		s.skipSpace();
		if (next === 'NOT' && s.readWord()?.toUpperCase() === 'NULL') return found('IS NOT NULL');
		s.fail('expected NULL or NOT NULL after IS; compare values with = instead', start);
	}
	s.pos = start;
	// A key running straight into an unexpected character (metrics.val-loss) is a key that needed quotes.
	const hint =
		start === before && !s.done
			? '; keys with spaces, "-" or other special characters must be quoted, e.g. metrics.`val-loss`'
			: '';
	return s.fail(
		`expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL) after ${what}, found ${s.found()}${hint}`
	);
}

function parseList(s: Scanner, op: Comparator, what: string): string[] {
	s.skipSpace();
	if (!s.eat('(')) s.fail(`expected "(" after ${op}, e.g. ${what} ${op} ('a', 'b')`);
	const items: string[] = [];
	for (;;) {
		s.skipSpace();
		if (items.length === 0 && s.peek() === ')') s.fail(`the ${op} list is empty; give at least one value`);
		const item = s.readQuoted(["'", '"']);
		if (item === null) s.fail(`${op} lists hold quoted strings, e.g. ('a', 'b'); found ${s.found()}`);
		items.push(item.text);
		s.skipSpace();
		if (s.eat(')')) return items;
		if (!s.eat(',')) s.fail(`expected "," or ")" in the ${op} list, found ${s.found()}`);
	}
}

/** A single value: a quoted string or a number, checked against the type the key compares with. */
function parseScalar(s: Scanner, rule: Rule, what: string, op: Comparator): string | number {
	s.skipSpace();
	const start = s.pos;
	const quoted = s.readQuoted(["'", '"', '`']);
	if (quoted?.quote === '`') s.fail(`backticks quote keys, not values; write '${quoted.text}'`, start);
	const value = quoted?.text ?? s.readNumber();
	if (value === null) {
		const word = s.peekWord();
		if (word?.toUpperCase() === 'NULL') s.fail(`use ${what} IS NULL instead of ${op} NULL`);
		if (word !== null) s.fail(`the value ${word} is not quoted; write '${word}'`);
		return s.fail(`expected a value (a number or a 'quoted string') after ${op}, found ${s.found()}`);
	}
	if (rule.type === 'number' && typeof value === 'string') {
		s.fail(
			`${what} compares numbers: write a number such as ${what} ${op} 0.5, not the string '${value}'`,
			start
		);
	}
	if (rule.type === 'string' && typeof value === 'number') {
		const raw = s.text.slice(start, s.pos);
		s.fail(`${what} compares strings: quote the value, e.g. ${what} ${op} '${raw}'`, start);
	}
	return value;
}

function parseClause(s: Scanner): Condition {
	const { entity, key } = parseIdent(s);
	const what = label(entity, key);
	const rule = ruleFor(entity, key);
	const { comparator, at: opAt } = parseComparator(s, what);
	if (!rule.comparators.includes(comparator)) {
		const nullHint = NULL_OPS.includes(comparator) && entity === 'attribute' ? ` (${key} is never null)` : '';
		s.fail(
			`${what} does not support ${comparator}${nullHint}; use one of ${rule.comparators.join(', ')}`,
			opAt
		);
	}
	if (NULL_OPS.includes(comparator)) return { entity, key, comparator, value: null };
	const value =
		comparator === 'IN' || comparator === 'NOT IN'
			? parseList(s, comparator, what)
			: parseScalar(s, rule, what, comparator);
	return { entity, key, comparator, value };
}

// Boolean structure before it is folded into Filter: AND binds tighter than OR (§4.6).
type Node = { kind: 'leaf'; condition: Condition } | { kind: 'and' | 'or'; items: Node[] };

interface State {
	count: number;
}

function eatKeyword(s: Scanner, keyword: 'AND' | 'OR'): boolean {
	s.skipSpace();
	if (s.peekWord()?.toUpperCase() !== keyword) return false;
	s.readWord();
	return true;
}

function parseOr(s: Scanner, st: State, depth: number): Node {
	const items = [parseAnd(s, st, depth)];
	while (eatKeyword(s, 'OR')) items.push(parseAnd(s, st, depth));
	return items.length === 1 ? (items[0] as Node) : { kind: 'or', items: items.flatMap(flatten('or')) };
}

function parseAnd(s: Scanner, st: State, depth: number): Node {
	const items = [parseTerm(s, st, depth)];
	while (eatKeyword(s, 'AND')) items.push(parseTerm(s, st, depth));
	return items.length === 1 ? (items[0] as Node) : { kind: 'and', items: items.flatMap(flatten('and')) };
}

const flatten = (kind: 'and' | 'or') => (n: Node) => (n.kind === kind ? n.items : [n]);

function parseTerm(s: Scanner, st: State, depth: number): Node {
	s.skipSpace();
	const open = s.pos;
	if (!s.eat('(')) {
		if (++st.count > MAX_CONDITIONS) s.fail(`too many conditions (the limit is ${MAX_CONDITIONS})`);
		return { kind: 'leaf', condition: parseClause(s) };
	}
	if (depth >= MAX_DEPTH) s.fail(`parentheses are nested more than ${MAX_DEPTH} deep`, open);
	const inner = parseOr(s, st, depth + 1);
	s.skipSpace();
	if (!s.eat(')'))
		s.fail(`expected AND, OR or ")" to close the "(" at character ${open + 1}, found ${s.found()}`);
	return inner;
}

function toFilter(node: Node): Filter {
	if (node.kind === 'leaf') return { conditions: [node.condition] };
	if (node.kind === 'or') return { conditions: [], anyOf: [node.items.map(toFilter)] };
	const parts = node.items.map(toFilter);
	const anyOf = parts.flatMap((p) => p.anyOf ?? []);
	const conditions = parts.flatMap((p) => p.conditions);
	return anyOf.length > 0 ? { conditions, anyOf } : { conditions };
}

/** Parses a filter string; the empty (or all-whitespace) filter matches every run. */
export function parseFilter(filter: string): Filter {
	if (typeof filter !== 'string') {
		throw new RunboardError('INVALID_FILTER', 'The filter must be a string, e.g. "metrics.rmse < 1".');
	}
	const s = new Scanner(filter, 'filter');
	s.skipSpace();
	if (s.done) return { conditions: [] };
	const root = parseOr(s, { count: 0 }, 0);
	s.skipSpace();
	if (s.peek() === ';') s.fail('";" is not allowed: a filter is a single expression; join clauses with AND');
	if (s.peek() === ')') s.fail('this ")" has no matching "("');
	if (!s.done) s.fail(`expected AND, OR or the end of the filter, found ${s.found()}`);
	return toFilter(root);
}

function parseOrderClause(clause: unknown, index: number): OrderTerm {
	const where = `order_by clause ${index + 1}`;
	if (typeof clause !== 'string') {
		throw new RunboardError(
			'INVALID_FILTER',
			`Invalid ${where}: expected a string such as "metrics.acc DESC".`
		);
	}
	const s = new Scanner(clause, where);
	if (clause.trim() === '')
		s.fail('it is empty; expected a key such as metrics.acc, optionally followed by ASC or DESC');
	// MLflow rejects surrounding whitespace (e.g. "params.p "); matching it keeps orders portable.
	if (/^\s|\s$/.test(clause))
		s.fail('remove the leading or trailing whitespace', /^\s/.test(clause) ? 0 : clause.length - 1);
	const { entity, key } = parseIdent(s);
	if (entity === 'dataset')
		s.fail('runs cannot be ordered by datasets; order by metrics, params, tags or attributes', 0);
	if (s.done) return { entity, key, ascending: true };
	const what = label(entity, key);
	if (!/\s/.test(s.peek())) s.fail(`expected a space and then ASC or DESC after ${what}, found ${s.found()}`);
	s.skipSpace();
	const at = s.pos;
	const direction = s.readWord()?.toUpperCase();
	if ((direction === 'ASC' || direction === 'DESC') && s.done)
		return { entity, key, ascending: direction === 'ASC' };
	s.pos = at;
	return s.fail(`expected ASC or DESC after ${what}, found ${s.found()}`);
}

/** Parses MLflow order_by clauses: `<key> [ASC|DESC]`, ascending by default. */
export function parseOrderBy(clauses: string[]): OrderTerm[] {
	if (!Array.isArray(clauses)) {
		throw new RunboardError(
			'INVALID_FILTER',
			'order_by must be a list of strings such as ["metrics.acc DESC"].'
		);
	}
	return clauses.map(parseOrderClause);
}
