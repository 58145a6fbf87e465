// Collects what an import did, for the report shown to the user: counts, and warnings grouped by kind with
// their first examples (nothing silently dropped: every warning is counted).
import type { ImportReport, ImportWarningGroup } from '$lib/api/db-api';
import type { ImportWarning } from '$lib/importers/types';

const EXAMPLES_PER_KIND = 5;

export class ReportBuilder {
	private readonly groups = new Map<string, ImportWarningGroup>();
	private readonly experiments = new Map<string, string>();
	runsWritten = 0;
	metricPoints = 0;
	artifactFiles = 0;
	artifactBytes = 0;
	loggedModels = 0;

	constructor(private readonly startedAt: number) {}

	warn(warning: ImportWarning): void {
		const group = this.groups.get(warning.kind) ?? { kind: warning.kind, count: 0, examples: [] };
		group.count++;
		if (group.examples.length < EXAMPLES_PER_KIND) group.examples.push(warning.message);
		this.groups.set(warning.kind, group);
	}

	experiment(experimentId: string, name: string): void {
		this.experiments.set(experimentId, name);
	}

	build(format: { id: string; label: string }, cancelled: boolean): ImportReport {
		return {
			format: format.id,
			formatLabel: format.label,
			experiments: [...this.experiments].map(([experimentId, name]) => ({ experimentId, name })),
			runsWritten: this.runsWritten,
			metricPoints: this.metricPoints,
			artifactFiles: this.artifactFiles,
			artifactBytes: this.artifactBytes,
			loggedModels: this.loggedModels,
			warnings: [...this.groups.values()],
			cancelled,
			durationMs: Date.now() - this.startedAt
		};
	}
}
