// The kill sweeps' randomness: one seeded generator per sweep, so a failure found at random is replayed exactly
// with KILLS_SEED=<the seed the sweep printed>.
import { randomInt } from 'node:crypto';

export interface Random {
	seed: number;
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform integer in [0, n). */
	below(n: number): number;
}

/** mulberry32: small, fast and good enough to place kills; the same seed gives the same sequence. */
export function seeded(seed: number): Random {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return { seed, next, below: (n) => Math.floor(next() * n) };
}

/** KILLS_SEED when given (to replay a sweep), else a fresh seed. */
export function sweepSeed(): number {
	const given = process.env.KILLS_SEED;
	if (given === undefined) return randomInt(2 ** 31);
	const seed = Number(given);
	if (!Number.isSafeInteger(seed)) throw new Error(`KILLS_SEED must be an integer, got "${given}"`);
	return seed;
}
