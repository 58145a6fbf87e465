// The artifact budget (src/lib/importers/artifact-budget.ts): what is taken, what is skipped and the exact
// warning each importer and the storing stage give for it. The texts are the report's: they must not drift.
import { describe, expect, it } from 'vitest';
import { ArtifactBudget } from '$lib/importers/artifact-budget';
import { IMPORT_LIMITS } from '$lib/importers/limits';

const MB = 1024 * 1024;

describe('ArtifactBudget', () => {
	it('defaults to the import limits', () => {
		const budget = new ArtifactBudget();
		expect(budget.importCap).toBe(IMPORT_LIMITS.maxArtifactBytes);
		expect(budget.fileCap).toBe(IMPORT_LIMITS.maxArtifactFileBytes);
		expect(budget.bytesLeft).toBe(IMPORT_LIMITS.maxArtifactBytes);
		expect(budget.bytesTaken).toBe(0);
	});

	it('takes listed files while they fit, skipping the ones that do not (a later smaller one still fits)', () => {
		const budget = new ArtifactBudget(100);
		const first = budget.takeListed([40, 70, 30, 0], (n) => n);
		expect(first).toEqual({ taken: [40, 30, 0], skipped: { files: 1, bytes: 70 } });
		expect(budget.bytesLeft).toBe(30);
		expect(budget.bytesTaken).toBe(70);
		// The budget is the import's: the next owner gets what is left.
		expect(budget.takeListed([31, 30], (n) => n)).toEqual({ taken: [30], skipped: { files: 1, bytes: 31 } });
		expect(budget.bytesLeft).toBe(0);
	});

	it('leaves the cap for one file to the storing stage when taking listed files', () => {
		const budget = new ArtifactBudget(1000, 10);
		expect(budget.takeListed([500], (n) => n).taken).toEqual([500]);
	});

	it('refuses by the cap for one file first, then by what is left of the import', () => {
		const budget = new ArtifactBudget(100, 60);
		expect(budget.refusal(60)).toBeNull();
		expect(budget.refusal(61)).toBe('over-file-cap');
		budget.spend(50);
		expect(budget.refusal(50)).toBeNull();
		expect(budget.refusal(51)).toBe('over-import-cap');
		expect(budget.refusal(61)).toBe('over-file-cap');
	});

	it('limits a transfer to the declared size and both caps', () => {
		const budget = new ArtifactBudget(100, 60);
		expect(budget.transferLimit(null)).toBe(60);
		expect(budget.transferLimit(10)).toBe(10);
		budget.spend(70);
		expect(budget.transferLimit(null)).toBe(30);
		expect(budget.transferLimit(40)).toBe(30);
	});
});

describe('ArtifactBudget warnings', () => {
	it('a folder of listed files over the cap (mlruns)', () => {
		const budget = new ArtifactBudget(1000);
		expect(budget.listedOverCap('run 6673b056…', { files: 2, bytes: 1_234_567 }, 'r1')).toEqual({
			kind: 'artifacts-over-cap',
			message: 'run 6673b056…: 2 artifact file(s) (1.2 MB) not imported: over the 0 MB cap for one import.',
			runId: 'r1'
		});
		expect(new ArtifactBudget().listedOverCap('model m-1', { files: 1, bytes: 6e8 }).message).toBe(
			'model m-1: 1 artifact file(s) (600.0 MB) not imported: over the 537 MB cap for one import.'
		);
	});

	it('files beside a database over the cap, for the whole import (mlflow.db)', () => {
		expect(new ArtifactBudget(5).importOverCap({ files: 3, bytes: 12_000 }, 2)).toEqual({
			kind: 'artifacts-over-cap',
			message:
				'3 artifact files (0.0 MB) of 2 runs or models were not imported: over the artifact size cap of 0.0 MB per import.'
		});
	});

	it('a file the storing stage refused', () => {
		const budget = new ArtifactBudget();
		expect(budget.storeRefused('run abc', 'big.bin', 101 * MB, 'over-file-cap')).toEqual({
			kind: 'artifacts-over-cap',
			message: 'run abc: big.bin (101 MB) was not stored: the cap for one file is 100 MB.'
		});
		expect(budget.storeRefused('logged model m-1', 'w.bin', 90 * MB, 'over-import-cap').message).toBe(
			'logged model m-1: w.bin (90 MB) was not stored: the cap of 512 MB per import is reached.'
		);
	});

	it("a server's file over a cap, declared or found while streaming", () => {
		const budget = new ArtifactBudget(100 * MB, 10 * MB);
		expect(budget.transferRefused('run abc…', 'abc', 'a.bin', { declared: 11 * MB })).toEqual({
			kind: 'artifacts-over-cap',
			message: 'run abc…: a.bin was not stored: 11 MB is over the cap of 10 MB for one file.',
			runId: 'abc',
			file: 'a.bin'
		});
		budget.spend(95 * MB);
		expect(budget.transferRefused('run abc…', 'abc', 'b.bin', { declared: 6 * MB }).message).toBe(
			'run abc…: b.bin was not stored: 6.0 MB is over what is left of the artifact cap for one import.'
		);
		expect(
			budget.transferRefused('run abc…', 'abc', 'c.bin', { sent: 2048, declared: 1024, limit: 1024 }).message
		).toBe(
			'run abc…: c.bin was not stored: the server sent more than the 1.0 KB it declared (stopped at 2.0 KB).'
		);
		expect(
			budget.transferRefused('run abc…', 'abc', 'd.bin', { sent: 11 * MB, declared: null, limit: 10 * MB })
				.message
		).toBe('run abc…: d.bin was not stored: it is larger than 10 MB, over the cap of 10 MB for one file.');
	});
});
