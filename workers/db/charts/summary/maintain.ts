// Keeps block summaries in step with the points inserted by insertMetrics (logBatch and imports alike), inside
// the caller's transaction, so a chart never sees points without their summary or the reverse.
import type { PackedMetrics } from '$lib/api/db-api';
import type { Conn } from '../../sql';
import { readColumns } from '../series-read';
import { SUMMARY_MIN_POINTS, appendedBlocks } from './blocks';
import { deletePages, writeAppendedPages } from './pages';
import { SUMMARY_NONE, SUMMARY_STALE, SUMMARY_VALID, deleteBlocks, writeAppended } from './store';

/** What latest_metrics knew of one series before this batch. */
export interface SeriesState {
	step: number;
	timestamp: number;
	value: number;
	points: number;
	summary: number;
}

/** Per batch key: how many points it brought and whether they all sort after the stored ones, in order. */
export interface BatchKeyStats {
	count: Int32Array;
	outOfOrder: Uint8Array;
}

/** The points of batch key `k`, in batch (= logging) order. */
function pointsOf(packed: PackedMetrics, k: number, count: number): [Float64Array, Float64Array] {
	const steps = new Float64Array(count);
	const values = new Float64Array(count);
	let j = 0;
	for (let i = 0; i < packed.keyIndex.length && j < count; i++) {
		if (packed.keyIndex[i] !== k) continue;
		steps[j] = packed.steps[i] as number;
		values[j] = packed.values[i] as number;
		j++;
	}
	return [steps, values];
}

/** Drops a series' blocks and pages. */
export function dropSummary(conn: Conn, runPk: number, keyId: number): void {
	deleteBlocks(conn, runPk, keyId);
	deletePages(conn, runPk, keyId);
}

/**
 * Stores the blocks and pages of points appended after `stored` existing ones (steps sorted, as stored). False,
 * with the summary dropped, when the stored pages were not as expected: the series must then go stale.
 */
export function writeSummary(
	conn: Conn,
	runPk: number,
	keyId: number,
	stored: number,
	steps: Float64Array,
	values: Float64Array
): boolean {
	if (!writeAppendedPages(conn, runPk, keyId, stored, steps, values)) {
		dropSummary(conn, runPk, keyId);
		return false;
	}
	writeAppended(conn, runPk, keyId, stored, appendedBlocks(stored, steps, values));
	return true;
}

/** Updates the summaries of every key of the batch; returns each key's new summary state. */
export function maintainSummaries(
	conn: Conn,
	runPk: number,
	keyIds: number[],
	packed: PackedMetrics,
	prior: (SeriesState | undefined)[],
	stats: BatchKeyStats
): number[] {
	return keyIds.map((keyId, k) => {
		const count = stats.count[k] as number;
		const before = prior[k];
		const stored = before?.points ?? 0;
		const state = before?.summary ?? SUMMARY_NONE;
		if (count === 0) return state;
		const inOrder = stats.outOfOrder[k] === 0;
		if (state === SUMMARY_VALID) {
			if (!inOrder) {
				dropSummary(conn, runPk, keyId);
				return SUMMARY_STALE;
			}
			const [steps, values] = pointsOf(packed, k, count);
			return writeSummary(conn, runPk, keyId, stored, steps, values) ? SUMMARY_VALID : SUMMARY_STALE;
		}
		if (state === SUMMARY_STALE || stored + count < SUMMARY_MIN_POINTS) return state;
		if (!inOrder) return SUMMARY_STALE;
		// Crossing the threshold: the series (this batch's points are inserted already) is read back whole — it is
		// short — and summarised.
		const [steps, values] =
			stored > 0 ? readColumns(conn, runPk, keyId, 'step, value') : pointsOf(packed, k, count);
		return writeSummary(conn, runPk, keyId, 0, steps, values) ? SUMMARY_VALID : SUMMARY_STALE;
	});
}
