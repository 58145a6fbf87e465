// Wrong-shaped JSON at random: the well-behaved server's answers with values swapped for others of the wrong
// type, fields dropped or lists turned into objects, reproducibly from a seed (the case name "mutate-<seed>").
import { Prng } from '../prng';
import { baseline, type Exchange } from './baseline';

/** A seeded generator, so a failing seed can be replayed. */
export function random(seed: number): () => number {
	const prng = new Prng(seed);
	return () => prng.next();
}

const HOSTILE: unknown[] = [
	null,
	0,
	-1,
	1.7976931348623157e308,
	'',
	'x',
	'NaN',
	'__proto__',
	'a'.repeat(300),
	true,
	[],
	[1, 'x', null],
	{},
	{ key: null, value: {} },
	{ path: '../../etc/passwd', is_dir: false, file_size: 'big' }
];

type Container = Record<string, unknown> | unknown[];

/** Every object or list inside `value` (itself included), with their keys. */
function containers(value: unknown, out: Container[] = []): Container[] {
	if (typeof value !== 'object' || value === null) return out;
	out.push(value as Container);
	for (const child of Object.values(value)) containers(child, out);
	return out;
}

/** `value` with 1–3 random changes; the input is not modified. */
export function mutate(value: unknown, next: () => number): unknown {
	const copy = JSON.parse(JSON.stringify(value)) as unknown;
	const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
	for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
		const parent = pick(containers(copy));
		const keys = Object.keys(parent);
		if (!keys.length) continue;
		const key = pick(keys);
		const record = parent as Record<string, unknown>;
		const roll = next();
		if (roll < 0.15 && !Array.isArray(parent)) delete record[key];
		else if (roll < 0.25 && Array.isArray(record[key])) record[key] = { ...(record[key] as unknown[]) };
		else record[key] = pick(HOSTILE);
	}
	return copy;
}

/** FNV-1a of a request's identity: each request is mutated the same way whatever order requests arrive in. */
function hash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	return h >>> 0;
}

/** The baseline answer, mutated in about a third of the JSON answers. */
export function mutating(seed: number): (x: Exchange) => boolean {
	return (x) => {
		if (x.endpoint === 'version' || x.endpoint === 'artifact' || x.endpoint === 'model-file') return false;
		const next = random(seed ^ hash(`${x.endpoint}?${x.query}${JSON.stringify(x.body)}`));
		baseline({ ...x, json: (value) => x.json(next() < 0.35 ? mutate(value, next) : value) });
		return true;
	};
}
