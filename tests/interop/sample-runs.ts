// The runs the MLflow write-back tests (push.spec.ts, mlruns-export.spec.ts) start from: runs logged through the page
// API — many steps, NaN/±Infinity, unicode, a description, files, a child and a deleted run — and the real
// quickstart fixture imported as an mlruns folder. Each test names its own experiment and edge values.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, idle, openApp } from '../e2e/fixtures';

export interface SampleRuns {
	experiment: string;
	/** The first line of the experiment's description (markdown). */
	heading: string;
	lossKey: string;
	lossSteps: number;
	/** Values of the `odd` metric, logged at steps `firstOddStep`, `firstOddStep + 1`, … */
	odd: number[];
	firstOddStep: number;
	unicodeValue: string;
	deletedRunName: string;
}

export async function logSampleRuns(page: Page, sample: SampleRuns): Promise<void> {
	await page.evaluate(async (s) => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment(s.experiment, {
			'mlflow.note.content': `${s.heading}\nfrom Runboard`
		});
		const run = await rb.createRun({
			experimentId,
			runName: 'trained',
			startTime: 1_700_000_000_000,
			tags: { team: 'vision', 'mlflow.note.content': 'A *run* description' }
		});
		const id = run.info.runId;
		const loss = Array.from({ length: s.lossSteps }, (_, i) => ({
			key: s.lossKey,
			value: 1 / (i + 1),
			step: i,
			timestamp: 1_700_000_000_000 + i
		}));
		const odd = s.odd.map((value, i) => ({
			key: 'odd',
			value,
			step: s.firstOddStep + i,
			timestamp: 1_700_000_000_500
		}));
		await rb.logBatch(id, {
			params: { lr: 0.001, optimizer: 'adam', 'ünïcode key': s.unicodeValue },
			metrics: [...loss, ...odd]
		});
		await rb.logArtifact(id, 'notes/hello.txt', 'hello from Runboard\n');
		await rb.logArtifact(id, 'data/bytes.bin', new Blob([new Uint8Array([0, 1, 2, 255, 254])]));
		await rb.setTerminated(id, 'FINISHED', 1_700_000_009_000);
		const child = await rb.createRun({
			experimentId,
			runName: 'child',
			tags: { 'mlflow.parentRunId': id, 'mlflow.note.content': 'n'.repeat(9000) }
		});
		await rb.logMetric(child.info.runId, 'acc', 0.5, { step: 1, timestamp: 1_700_000_000_001 });
		await rb.setTerminated(child.info.runId, 'FAILED', 1_700_000_000_002);
		const gone = await rb.createRun({
			experimentId,
			runName: s.deletedRunName,
			startTime: 1_700_000_000_003
		});
		await rb.logParam(gone.info.runId, 'kept', 'yes');
		await rb.deleteRun(gone.info.runId);
	}, sample);
}

/** Imports the real quickstart fixture (tests/fixtures/mlflow/mlruns) through the Import page's folder input. */
export async function importQuickstart(page: Page): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-quickstart-'));
	cpSync('tests/fixtures/mlflow/mlruns', join(dir, 'mlruns'), { recursive: true });
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'mlruns'));
	await expect(page.getByTestId('import-report')).toContainText('Import finished', { timeout: 60_000 });
	await idle(page);
}
