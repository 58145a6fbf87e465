// Runs a sweep of mutated inputs through one importer and prints its figures. FUZZ_SEED changes the sweep;
// FUZZ_INDEX runs one input of it alone (to reproduce a printed failure).
import sqlite3InitModule, { type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { SourceFile } from '$lib/importers/types';
import { inputPrng, type Prng } from '../prng';
import { runInput } from './run-input';

export const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
/** No input may take longer (the bound for a hang). */
export const HANG_MS = 5000;
const ONLY = process.env.FUZZ_INDEX === undefined ? undefined : Number(process.env.FUZZ_INDEX);
/** FUZZ_COUNT overrides the sweep's size (a quick local look); CI and nightly use sized(). */
const COUNT = process.env.FUZZ_COUNT === undefined ? undefined : Number(process.env.FUZZ_COUNT);

export interface SweepResult {
	inputs: number;
	uncaught: string[];
	partial: string[];
	hangs: string[];
	maxMs: number;
	codes: Map<string, number>;
}

let sqlite3: Promise<Sqlite3Static> | undefined;
export function sqlite(): Promise<Sqlite3Static> {
	return (sqlite3 ??= sqlite3InitModule());
}

export async function sweep(
	name: string,
	count: number,
	input: (prng: Prng, index: number) => SourceFile[]
): Promise<SweepResult> {
	const s3 = await sqlite();
	const result: SweepResult = { inputs: 0, uncaught: [], partial: [], hangs: [], maxMs: 0, codes: new Map() };
	for (let index = 0; index < (COUNT ?? count); index++) {
		if (ONLY !== undefined && index !== ONLY) continue;
		const where = `seed ${SEED} index ${index}`;
		const outcome = await runInput(s3, input(inputPrng(SEED, index), index));
		result.inputs++;
		result.maxMs = Math.max(result.maxMs, outcome.ms);
		result.codes.set(outcome.code, (result.codes.get(outcome.code) ?? 0) + 1);
		if (outcome.uncaught) result.uncaught.push(`${where}: ${outcome.uncaught}`);
		if (outcome.partial) result.partial.push(`${where}: ${outcome.partial}`);
		if (outcome.ms > HANG_MS) result.hangs.push(`${where}: ${Math.round(outcome.ms)} ms`);
	}
	const codes = [...result.codes].map(([c, n]) => `${c} ${n}`).join(', ');
	console.log(
		`fuzz ${name}: ${result.inputs} inputs, ${result.uncaught.length} uncaught, ${result.partial.length} partial, ` +
			`max ${Math.round(result.maxMs)} ms (seed ${SEED}; outcomes: ${codes})`
	);
	for (const line of [...result.uncaught, ...result.partial, ...result.hangs].slice(0, 20))
		console.log(`  ${line}`);
	return result;
}
