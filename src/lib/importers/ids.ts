// Ids for sources that have none (TensorBoard event files, CSV logs, JSONL, W&B offline runs): derived from stable
// facts of the source, never random, so that importing the same files again yields the same run ids and the
// database replaces each run instead of adding a copy (an import is idempotent per run id). MLflow's own formats
// keep MLflow's ids; this module is for the others.
//
// The id is SHA-256 over an unambiguous encoding of the facts, truncated to 128 bits and written as 32 lowercase
// hex characters: the shape of an MLflow run id (uuid4 hex), so such runs can be pushed to MLflow unchanged and
// pass every check a run id meets here (src/lib/api/validate.ts, storable.ts). 128 bits of a cryptographic hash
// do not collide for different facts in practice (that takes ~2^64 runs). Synchronous (sha256.ts), so an
// importer can name a run wherever it is, and the same on a page that is not a secure context.
import { sha256 } from './sha256';

/** What tells one run of a source apart from every other run, in any drop of the same files. */
export interface RunFacts {
	/** The importer's id ('tensorboard', 'csv', …): the same path read as two formats gives two runs. */
	format: string;
	/**
	 * The run's path relative to the folder the importer recognised as the source's root, '/'-separated, without
	 * that folder's own name (`run-a/events.out.tfevents.1`, '' for the root itself). The name of the folder a
	 * user dropped is not a fact of the source: the same logs dropped as `logs/` or `logs (1)/` are the same runs.
	 */
	path: string;
	/**
	 * Anything else that keeps two runs at one path apart, in a fixed order: a CSV's value in its run column, a
	 * JSONL record's run name, a W&B run's own id. Leave it out when one path holds one run.
	 */
	parts?: readonly string[];
}

const VERSION = 'runboard-derived-id/1';

/** 32 lowercase hex characters, like an MLflow run id, derived from the run's facts. */
export function derivedRunId(facts: RunFacts): string {
	return hashId(['run', facts.format, facts.path, ...(facts.parts ?? [])]);
}

/**
 * A stable experiment key (ImportedExperiment.key, which runs refer to) for a source with no experiment ids:
 * the writer finds or creates the experiment by its name, so the key only has to be the same for every run
 * of one experiment within an import.
 */
export function derivedExperimentKey(format: string, name: string): string {
	return hashId(['experiment', format, name]);
}

/**
 * The id of a list of strings. JSON of the list is the encoding: it cannot make ['a/b', 'c'] and ['a', 'b/c']
 * (or any two different lists) the same text, which joining with a separator could.
 */
function hashId(parts: readonly string[]): string {
	const text = JSON.stringify([VERSION, ...parts]);
	return hex(sha256(new TextEncoder().encode(text)).subarray(0, 16));
}

function hex(bytes: Uint8Array): string {
	let out = '';
	for (const b of bytes) out += b.toString(16).padStart(2, '0');
	return out;
}
