// A digest of everything an imported run becomes, computed from what the reader yields before it is written: the
// run row, params, tags, inputs, every metric point (the raw float bytes, so NaN, ±Infinity and −0 count) and every
// artifact byte. Stored next to the run (run_digests, migration 6), it tells an import whether a run it meets again
// is unchanged (same digest: nothing is rewritten), updated (replaced) or new. The described fields go through
// SHA-256; the bulk (metric columns, artifact bytes) through the fast fingerprint (computed by the reader: prepare.ts), whose value SHA-256 then takes in.
import { Sha256, toHex } from '$lib/importers/sha256';
import { runBulk, type ReadyRun } from '../../import/prepare';

const encoder = new TextEncoder();

/** Bytes of a typed array exactly as they are in memory. */
const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The digest of `run` as it would be written into the experiment `experimentPk`. */
export function runDigest(experimentPk: number, run: ReadyRun): string {
	const hash = new Sha256();
	const m = run.metrics;
	const described = [
		experimentPk,
		run.runId,
		run.runName,
		run.status,
		// JSON turns NaN and ±Infinity into null: times are hashed as their float bytes below.
		run.lifecycleStage ?? 'active',
		run.userId ?? '',
		run.artifactUri ?? '',
		run.params,
		run.tags,
		run.inputs ?? [],
		m.keys,
		m.values.length,
		run.artifacts.map((a) => [a.path, a.size])
	];
	hash.update(encoder.encode(JSON.stringify(described)));
	const { startTime: start, endTime: end } = run;
	hash.update(bytesOf(Float64Array.of(start ?? 0, end ?? 0, start == null ? 1 : 0, end == null ? 1 : 0)));
	// The reader computed it (prepare.ts); a run made elsewhere (tests) has it computed here.
	const bulk = run.bulk ?? runBulk(run);
	hash.update(encoder.encode(bulk));
	return toHex(hash.digest());
}
