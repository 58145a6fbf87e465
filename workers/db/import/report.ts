// Collects what an import did, for the report shown to the user: counts, and warnings grouped by kind with
// their first examples (nothing silently dropped: every warning is counted).
// Runs are counted per import batch (batch.ts): a batch that SQLite rolled back whole (a full disk, an I/O error)
// takes its runs out of the report, so the report only ever counts what is really stored.
import type { ImportReport, ImportWarningGroup } from '$lib/api/db-api';
import type { ImportWarning } from '$lib/importers/types';

const EXAMPLES_PER_KIND = 5;

/** What one batch holds. */
export interface Tally {
	runs: number;
	/** Of `runs`: new run ids, stored runs replaced because they differed, stored runs found identical. */
	runsAdded: number;
	runsUpdated: number;
	runsUnchanged: number;
	metricPoints: number;
	artifactFiles: number;
	artifactBytes: number;
	loggedModels: number;
}

const empty = (): Tally => ({
	runs: 0,
	runsAdded: 0,
	runsUpdated: 0,
	runsUnchanged: 0,
	metricPoints: 0,
	artifactFiles: 0,
	artifactBytes: 0,
	loggedModels: 0
});

export class ReportBuilder {
	private readonly groups = new Map<string, ImportWarningGroup>();
	private readonly experiments = new Map<string, string>();
	private readonly batches = new Map<number, Tally>();

	constructor(private readonly startedAt: number) {}

	/** Something was written in batch `batch` (not yet committed, perhaps). */
	add(batch: number, written: Partial<Tally>): void {
		const tally = this.batches.get(batch) ?? empty();
		for (const [key, n] of Object.entries(written) as [keyof Tally, number][]) tally[key] += n;
		this.batches.set(batch, tally);
	}

	/** Runs written so far, committed or not: for progress only. */
	get runsWritten(): number {
		let n = 0;
		for (const tally of this.batches.values()) n += tally.runs;
		return n;
	}

	/** What the batches that were not lost hold. */
	stored(lost: (batch: number) => boolean): Tally {
		const total = empty();
		for (const [batch, tally] of this.batches) {
			if (lost(batch)) continue;
			for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
		}
		return total;
	}

	warn(warning: ImportWarning): void {
		const group = this.groups.get(warning.kind) ?? { kind: warning.kind, count: 0, examples: [] };
		group.count++;
		if (group.examples.length < EXAMPLES_PER_KIND) group.examples.push(warning.message);
		this.groups.set(warning.kind, group);
	}

	experiment(experimentId: string, name: string): void {
		this.experiments.set(experimentId, name);
	}

	build(format: { id: string; label: string }, cancelled: boolean, stored: Tally): ImportReport {
		return {
			format: format.id,
			formatLabel: format.label,
			experiments: [...this.experiments].map(([experimentId, name]) => ({ experimentId, name })),
			runsWritten: stored.runs,
			runsAdded: stored.runsAdded,
			runsUpdated: stored.runsUpdated,
			runsUnchanged: stored.runsUnchanged,
			metricPoints: stored.metricPoints,
			artifactFiles: stored.artifactFiles,
			artifactBytes: stored.artifactBytes,
			loggedModels: stored.loggedModels,
			warnings: [...this.groups.values()],
			cancelled,
			durationMs: Date.now() - this.startedAt
		};
	}
}
