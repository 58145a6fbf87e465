// The kill sweeps' seed: KILLS_SEED replays a sweep exactly (the sweep prints the seed it used).
import { randomInt } from 'node:crypto';

/** KILLS_SEED when given (to replay a sweep), else a fresh seed. */
export function sweepSeed(): number {
	const given = process.env.KILLS_SEED;
	if (given === undefined) return randomInt(2 ** 31);
	const seed = Number(given);
	if (!Number.isSafeInteger(seed)) throw new Error(`KILLS_SEED must be an integer, got "${given}"`);
	return seed;
}
