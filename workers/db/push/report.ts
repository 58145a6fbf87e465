// What a push did, as the report shows it: counts of what was sent, and warnings grouped by kind with their first
// examples (every warning is counted, none dropped).
import type { ImportWarningGroup, PushOutcome, PushReport } from '$lib/api/db-api';
import type { PushWarning } from '$lib/exporters/mlflow-server';

const EXAMPLES_PER_KIND = 5;

export class PushTally {
	readonly experiments: PushReport['experiments'] = [];
	readonly runs: PushReport['runs'] = [];
	metricPoints = 0;
	params = 0;
	tags = 0;
	artifactFiles = 0;
	artifactBytes = 0;
	datasetInputs = 0;
	loggedModels = 0;
	private readonly groups = new Map<string, ImportWarningGroup>();

	warn(warning: PushWarning): void {
		const group = this.groups.get(warning.kind) ?? { kind: warning.kind, count: 0, examples: [] };
		group.count++;
		if (group.examples.length < EXAMPLES_PER_KIND) group.examples.push(warning.message);
		this.groups.set(warning.kind, group);
	}

	report(url: string, startedAt: number, now: number, cancelled: boolean): PushReport {
		const count = (outcome: PushOutcome) => this.runs.filter((r) => r.outcome === outcome).length;
		return {
			url,
			experiments: this.experiments,
			runs: this.runs,
			runsCreated: count('created'),
			runsUpdated: count('updated'),
			runsUnchanged: count('unchanged'),
			metricPoints: this.metricPoints,
			params: this.params,
			tags: this.tags,
			artifactFiles: this.artifactFiles,
			artifactBytes: this.artifactBytes,
			datasetInputs: this.datasetInputs,
			loggedModels: this.loggedModels,
			warnings: [...this.groups.values()],
			cancelled,
			durationMs: now - startedAt
		};
	}
}
