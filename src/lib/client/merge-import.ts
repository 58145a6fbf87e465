// Many files dropped at once, each a source of its own (30 participants' bundles, mlruns zips, mlflow.db files):
// each is imported on its own, in turn, its runs tagged runboard.source = its file name, and the reports become
// one. Experiments still merge by name, so everyone's runs land in one experiment, ready to compare.
import type { ImportEntry, ImportReport, ImportSourceLine, ImportWarningGroup } from '../api/db-api';
import { RunboardError } from '../api/errors';

/**
 * The files to import one by one, or undefined for one import as before: only two or more files dropped by
 * themselves (no folder) count as separate sources. A folder, or files beside one (an mlflow.db with its
 * mlartifacts/), is one source, and so is a single file.
 */
export function separateSources(entries: ImportEntry[]): ImportEntry[] | undefined {
	if (entries.length < 2 || entries.some((e) => e.path.includes('/'))) return undefined;
	if (new Set(entries.map((e) => e.path)).size !== entries.length) return undefined;
	return entries;
}

/** What became of one file: its report, or why it was refused (the other files are imported all the same). */
export type SourceOutcome = { file: string; report: ImportReport } | { file: string; error: RunboardError };

/** One report for all the files: totals, experiments once each, warnings by kind, and a line per file. */
export function combineReports(outcomes: SourceOutcome[]): ImportReport {
	const reports = outcomes.flatMap((o) => ('report' in o ? [o.report] : []));
	const failed = outcomes.flatMap((o) => ('error' in o ? [o] : []));
	if (reports.length === 0) {
		const why = failed.map((o) => `${o.file}: ${o.error.message}`).join('\n');
		throw new RunboardError(failed[0]?.error.code ?? 'IMPORT_UNRECOGNIZED', `No file was imported.\n${why}`);
	}
	const sum = (pick: (r: ImportReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
	const experiments = new Map<string, string>();
	const warnings = new Map<string, ImportWarningGroup>();
	for (const r of reports) {
		for (const e of r.experiments) experiments.set(e.experimentId, e.name);
		for (const w of r.warnings) {
			const group = warnings.get(w.kind) ?? { kind: w.kind, count: 0, examples: [] };
			group.count += w.count;
			group.examples.push(...w.examples.slice(0, Math.max(0, 5 - group.examples.length)));
			warnings.set(w.kind, group);
		}
	}
	const sources: ImportSourceLine[] = outcomes.map((o) =>
		'report' in o
			? {
					file: o.file,
					formatLabel: o.report.formatLabel,
					runsWritten: o.report.runsWritten,
					runsAdded: o.report.runsAdded,
					runsUpdated: o.report.runsUpdated,
					runsUnchanged: o.report.runsUnchanged
				}
			: { file: o.file, error: o.error.message }
	);
	return {
		format: 'merge',
		formatLabel: `${outcomes.length} files`,
		experiments: [...experiments].map(([experimentId, name]) => ({ experimentId, name })),
		runsWritten: sum((r) => r.runsWritten),
		runsAdded: sum((r) => r.runsAdded),
		runsUpdated: sum((r) => r.runsUpdated),
		runsUnchanged: sum((r) => r.runsUnchanged),
		metricPoints: sum((r) => r.metricPoints),
		artifactFiles: sum((r) => r.artifactFiles),
		artifactBytes: sum((r) => r.artifactBytes),
		loggedModels: sum((r) => r.loggedModels),
		warnings: [...warnings.values()],
		cancelled: reports.some((r) => r.cancelled),
		durationMs: sum((r) => r.durationMs),
		sources
	};
}
