// The three operations the sweeps interrupt, and what a complete one leaves: the reference every interrupted
// one is checked against (whole runs per source), and how long a complete one takes (kills land in that span).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { launch, openApp } from '../../e2e/fixtures';
import { Acks, startSeries, type Series } from './batches';
import { databaseMode, newProbeRun } from './app-page';
import { importFinished, startImport, type ImportSource, type SourceFiles } from './sources';
import { readStoredImport, type StoredImport } from './stored-runs';

export type Operation = ImportSource | 'logBatch';
export const OPERATIONS: Operation[] = ['import zip', 'mlflow.db', 'logBatch'];

/** The series of logBatch calls that operation "logBatch" is. */
export const SERIES: Series = { name: 'series', count: 24, points: 250, pauseMs: 0 };
/**
 * Small batches logged during an import: each commits the import's open batch (batch.ts), so kills also find
 * imports that committed part of their runs, and acknowledged batches must survive the kill.
 */
export const TRICKLE: Series = { name: 'trickle', count: 100_000, points: 5, pauseMs: 30 };

export interface Reference {
	/** Every run and logged model of both sources as a complete import stores it. */
	stored: StoredImport;
	runIds: Record<ImportSource, string[]>;
	durationMs: Record<Operation, number>;
}

/** Imports each source completely and runs one series, in a fresh profile of its own. */
export async function completeOperations(sources: SourceFiles): Promise<Reference> {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-kills-reference-'));
	const context = await launch(dir);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		const stored: StoredImport = { runs: {}, models: {} };
		const runIds = {} as Record<ImportSource, string[]>;
		const durationMs = {} as Record<Operation, number>;
		for (const source of ['import zip', 'mlflow.db'] as const) {
			await openApp(page, 'import/');
			expect(await databaseMode(page)).toBe('opfs');
			const started = Date.now();
			await startImport(page, source, sources);
			await importFinished(page);
			durationMs[source] = Date.now() - started;
			const before = new Set(Object.keys(stored.runs));
			const now = await readStoredImport(page);
			Object.assign(stored.runs, now.runs);
			Object.assign(stored.models, now.models);
			runIds[source] = Object.keys(stored.runs).filter((id) => !before.has(id));
			// The sources share no run id (else the second import would replace runs of the first).
			const written = Number(await page.getByTestId('runs-written').textContent());
			expect(written, `runs of ${source}`).toBeGreaterThan(0);
			expect(runIds[source].length, `new runs of ${source}`).toBe(written);
		}
		const acks = new Acks();
		await acks.listen(context);
		const runId = await newProbeRun(page);
		const started = Date.now();
		await startSeries(page, runId, SERIES);
		durationMs.logBatch = Date.now() - started;
		expect(acks.all.size, 'every batch of a complete series is acknowledged').toBe(SERIES.count);
		return { stored, runIds, durationMs };
	} finally {
		await context.close().catch(() => undefined);
		rmSync(dir, { recursive: true, force: true });
	}
}
