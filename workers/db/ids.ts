// Identifiers shaped like MLflow's: 32-hex run ids, and friendly generated run names.

export function newRunId(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const ADJECTIVES = [
	'amber',
	'brave',
	'calm',
	'clever',
	'dapper',
	'eager',
	'gentle',
	'glowing',
	'honest',
	'jolly',
	'kind',
	'lively',
	'lucky',
	'merry',
	'nimble',
	'quiet',
	'rapid',
	'silent',
	'sunny',
	'witty'
];
const NOUNS = [
	'badger',
	'crane',
	'dolphin',
	'falcon',
	'fox',
	'gecko',
	'heron',
	'ibis',
	'koala',
	'lynx',
	'moth',
	'newt',
	'otter',
	'owl',
	'panda',
	'quail',
	'robin',
	'seal',
	'toad',
	'wren'
];

function pick<T>(list: readonly T[], random: number): T {
	return list[Math.floor(random * list.length) % list.length] as T;
}

/** A readable default name like MLflow's ("calm-otter-417"), used when a run is created without one. */
export function newRunName(): string {
	const r = new Uint32Array(3);
	crypto.getRandomValues(r);
	const [a, n, d] = Array.from(r, (x) => x / 2 ** 32);
	return `${pick(ADJECTIVES, a ?? 0)}-${pick(NOUNS, n ?? 0)}-${Math.floor((d ?? 0) * 1000)}`;
}
