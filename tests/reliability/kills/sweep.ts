// One kill sweep: a persistent profile, an operation started, a kill at a random moment of it, the same profile
// reopened, then the checks: integrity_check ok, every stored run of the imports whole, every batch whole or
// absent (and every acknowledged one there), a new write succeeds. Failures are collected with the cycle, the
// operation and the kill's moment, so the sweep reports them all with its seed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { launch, openApp } from '../../e2e/fixtures';
import { deleteAllData, databaseMode, newProbeRun, writeSucceeds } from './app-page';
import { Acks, checkBatches, startSeries } from './batches';
import { killBrowser } from './browser-process';
import { OPERATIONS, SERIES, TRICKLE, type Operation, type Reference } from './operations';
import type { Prng } from '../prng';
import { startImport, type SourceFiles } from './sources';
import { partsNotWhole, readStoredImport } from './stored-runs';

export type KillKind = 'worker' | 'page' | 'browser';

/** Share of import cycles that start from an empty database, so kills also meet a first import. */
const EMPTY_SHARE = 0.2;

export interface SweepFigures {
	kills: Record<Operation, number>;
	/** Kills that came before the operation ended (the others found it done). */
	midOperation: number;
	corrupt: number;
	partialRuns: number;
	partialModels: number;
	partialBatches: number;
	lostBatches: number;
	failedWrites: number;
	/** After import kills: how many left none, some or all of the source's runs. */
	importOutcome: { none: number; some: number; all: number };
	stragglers: number;
	failures: string[];
}

export class KillSweep {
	private context!: BrowserContext;
	private page!: Page;
	private readonly acks = new Acks();
	readonly figures: SweepFigures = {
		kills: { 'import zip': 0, 'mlflow.db': 0, logBatch: 0 },
		midOperation: 0,
		corrupt: 0,
		partialRuns: 0,
		partialModels: 0,
		partialBatches: 0,
		lostBatches: 0,
		failedWrites: 0,
		importOutcome: { none: 0, some: 0, all: 0 },
		stragglers: 0,
		failures: []
	};
	private readonly profileDir = mkdtempSync(join(tmpdir(), 'runboard-kills-'));
	private readonly span: Record<Operation, number>;

	constructor(
		readonly kind: KillKind,
		private readonly reference: Reference,
		private readonly sources: SourceFiles,
		private readonly random: Prng
	) {
		this.span = { ...reference.durationMs };
	}

	async open(): Promise<void> {
		await this.launchBrowser();
		await openApp(this.page, 'import/');
		if ((await databaseMode(this.page)) !== 'opfs') throw new Error('the fresh profile did not open on OPFS');
	}

	async close(): Promise<void> {
		await this.context.close().catch(() => undefined);
		rmSync(this.profileDir, { recursive: true, force: true });
	}

	/** Kills n times, the operations in turn. */
	async run(n: number): Promise<void> {
		for (let i = 0; i < n; i++) await this.cycle(i, OPERATIONS[i % OPERATIONS.length]!);
	}

	private async cycle(i: number, op: Operation): Promise<void> {
		if (op !== 'logBatch' && this.random.next() < EMPTY_SHARE) await deleteAllData(this.page);
		const runId = await newProbeRun(this.page);
		this.acks.reset();
		const series = op === 'logBatch' ? SERIES : TRICKLE;
		const started = Date.now();
		if (op !== 'logBatch') await startImport(this.page, op, this.sources);
		void startSeries(this.page, runId, series);
		const at = this.random.next() * this.span[op];
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + at - Date.now())));
		const finished = await this.finished(op);
		await this.kill();
		this.figures.kills[op]++;
		if (!finished) this.figures.midOperation++;
		// Kills land in [0, span): the span follows the operation's real length on this machine (the reference
		// was timed once, and load changes), settling where about one kill in five comes after the end.
		this.span[op] *= finished ? 0.85 : 1.04;
		const where = `kill ${i} (${this.kind}, ${op}, at ${Math.round(at)} ms)`;
		// A profile that does not reopen on its stored database ends the sweep: nothing after it would mean much.
		const mode = await this.reopen().catch((error: unknown) => {
			throw new Error(`${where}: the app did not open its database again: ${String(error)}`);
		});
		if (mode !== 'opfs')
			throw new Error(`${where}: the profile reopened on ${mode}, not on its stored database`);
		await this.check(where, op, runId);
	}

	private async check(where: string, op: Operation, runId: string): Promise<void> {
		const f = this.figures;
		const source = op === 'logBatch' ? undefined : op;
		const series = source ? TRICKLE : SERIES;
		const acked = new Set(this.acks.all);
		// Asked together: the worker answers in turn, without a round trip to the test between them.
		const [integrity, stored, batches] = await Promise.all([
			this.page.evaluate(() => window.runboard.integrityCheck()),
			source && readStoredImport(this.page, this.reference.runIds[source]),
			checkBatches(this.page, runId, [series], acked)
		]);
		if (integrity !== 'ok') {
			f.corrupt++;
			f.failures.push(`${where}: integrity_check says ${integrity}`);
		}
		if (stored && source) {
			// The runs the interrupted import wrote or replaced, and their logged models.
			const partial = partsNotWhole(this.reference.stored, stored);
			f.partialRuns += partial.runs.length;
			f.partialModels += partial.models.length;
			f.failures.push(...[...partial.runs, ...partial.models].map((p) => `${where}: partial ${p}`));
			const kept = Object.keys(stored.runs).length;
			const all = this.reference.runIds[source].length;
			f.importOutcome[kept === 0 ? 'none' : kept === all ? 'all' : 'some']++;
		}
		f.partialBatches += batches.partial.length;
		f.lostBatches += batches.lost.length;
		f.failures.push(...batches.partial.map((b) => `${where}: partial batch ${b}`));
		f.failures.push(...batches.lost.map((b) => `${where}: acknowledged batch ${b} is gone`));
		if (!(await writeSucceeds(this.page, runId))) {
			f.failedWrites++;
			f.failures.push(`${where}: a new write did not read back`);
		}
	}

	/** Whether the operation had ended when the kill came: the import's report is shown, every batch resolved. */
	private async finished(op: Operation): Promise<boolean> {
		if (op === 'logBatch') return this.acks.all.size === SERIES.count;
		return (await this.page.getByTestId('import-report').count()) > 0;
	}

	private async kill(): Promise<void> {
		if (this.kind === 'worker') {
			const hooked = await this.page.evaluate(() => {
				if (!window.__runboardKill) return false;
				window.__runboardKill.terminateDbWorker();
				return true;
			});
			if (!hooked) throw new Error('this build has no kill hook: build it with node scripts/build-e2e.mjs');
		} else if (this.kind === 'page') {
			await this.page.close();
		} else {
			this.figures.stragglers += (await killBrowser(this.context, this.profileDir)).stragglers;
		}
	}

	/** Opens the same profile again: the same tab loads the app anew, or a new tab, or a new browser. */
	private async reopen(): Promise<string> {
		if (this.kind === 'page') this.attach(await this.context.newPage());
		else if (this.kind === 'browser') await this.launchBrowser();
		await openApp(this.page, 'import/');
		return databaseMode(this.page);
	}

	private async launchBrowser(): Promise<void> {
		this.context = await launch(this.profileDir);
		await this.acks.listen(this.context);
		this.attach(this.context.pages()[0] ?? (await this.context.newPage()));
	}

	private attach(page: Page): void {
		this.page = page;
		page.on('pageerror', (error) => console.error(`[page error, ${this.kind} sweep]`, error.message));
	}
}
