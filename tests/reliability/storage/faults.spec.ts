// Storage faults: the test build wraps the OPFS access handles of the database worker so that the k-th write, flush
// or truncate fails (it throws, writes half, or throws QuotaExceededError). For an import of a small mlruns zip and
// for a logBatch, the baseline's calls are counted, then for each k: reload, arm the fault at k, run the unit, and
// check — a clear coded message (never INTERNAL, never a rollback text), integrity_check ok after reopening, the
// failed unit wholly absent (or, if the fault was absorbed, wholly present), the earlier data intact, and once the
// fault is gone the same write succeeds. Every k of every (unit, call, mode), at CI size too.
import type { Page } from '@playwright/test';
import type { FaultMode, FaultOp, FaultPlan, StorageFaultCounts } from '../../../src/lib/api/storage-faults';
import { expect, openApp, test } from '../../e2e/fixtures';
import { NIGHTLY } from '../size';
import {
	batchPresence,
	earlierDigest,
	importZip,
	integrity,
	logPoints,
	mlrunsZip,
	storedRuns,
	writeEarlierData,
	type Outcome
} from './pages';

/** k values per (unit, call, mode): every k, at CI size too (about 0.8 s a sweep on 2 cores). */
const K_PER_SERIES = Number.POSITIVE_INFINITY;
const COMBINATIONS: [FaultOp, FaultMode][] = [
	['write', 'throw'],
	['write', 'short'],
	['write', 'quota'],
	['flush', 'throw'],
	['flush', 'quota'],
	['truncate', 'throw'],
	['truncate', 'quota']
];
const EDGE_CASES = '520578367500676837';
const POINTS = 5000;

interface Unit {
	name: string;
	/** Before arming: what the unit writes into. */
	prepare(page: Page): Promise<string>;
	run(page: Page, target: string): Promise<Outcome>;
	/** 'absent', 'whole' (as after `successes` runs of the unit), or what is partially there. */
	presence(page: Page, target: string, outcome: Outcome, successes: number): Promise<string>;
}

const zip = mlrunsZip([EDGE_CASES]);

const UNITS: Unit[] = [
	{
		name: 'import',
		prepare: async () => '',
		run: (page) => importZip(page, zip.base64),
		async presence(page, _target, outcome) {
			const stored = await storedRuns(page, zip.runIds);
			if (stored === zip.runIds.length) return 'whole';
			if (stored === 0) return 'absent';
			// Runs of batches that committed before the failure are whole runs; the report must count exactly them.
			return !outcome.ok && outcome.details?.runsWritten === stored ? 'absent' : `${stored} runs stored`;
		}
	},
	{
		name: 'logBatch',
		prepare: (page) =>
			page.evaluate(async () => {
				const experimentId = await window.runboard.createExperiment(`target-${Math.random()}`);
				return (await window.runboard.createRun({ experimentId, runName: 'target' })).info.runId;
			}),
		run: (page, target) => logPoints(page, target, 'swept', POINTS),
		async presence(page, target, _outcome, successes) {
			const seen = await batchPresence(page, target, 'swept');
			if (seen.points === 0 && !seen.param) return 'absent';
			// Each successful logBatch adds its points again (duplicates are kept, as in MLflow).
			if (seen.points === POINTS * successes && seen.param) return 'whole';
			return `${seen.points} points, param ${seen.param}`;
		}
	}
];

async function freshStart(page: Page): Promise<{ earlier: string; digest: string }> {
	await page.evaluate(() => window.__runboardFaults!.deleteAllData());
	const earlier = await writeEarlierData(page);
	return { earlier, digest: await earlierDigest(page, earlier) };
}

async function arm(page: Page, plan: FaultPlan | null): Promise<void> {
	await page.evaluate((p) => window.__runboardFaults!.armStorageFault(p), plan);
}

async function baseline(page: Page, unit: Unit): Promise<StorageFaultCounts> {
	await freshStart(page);
	const target = await unit.prepare(page);
	await arm(page, null);
	const outcome = await unit.run(page, target);
	expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
	return (await page.evaluate(() => window.__runboardFaults!.storageFaultState())).counts;
}

/** Evenly spread k in 1..count, first and last included; every k when `most` is at least count. */
function spread(count: number, most: number): number[] {
	if (count <= most) return Array.from({ length: count }, (_, i) => i + 1);
	return [...new Set(Array.from({ length: most }, (_, i) => 1 + Math.round((i * (count - 1)) / (most - 1))))];
}

/** One sweep: the problems it found (none = it passed) and whether the fault fired and failed the unit. */
async function sweep(
	page: Page,
	unit: Unit,
	plan: FaultPlan
): Promise<{ problems: string[]; effect: string }> {
	const { earlier, digest } = await freshStart(page);
	const target = await unit.prepare(page);
	await arm(page, plan);
	const outcome = await unit.run(page, target);
	const state = await page.evaluate(() => window.__runboardFaults!.storageFaultState());
	await arm(page, null);
	await openApp(page); // reopen: what a reload finds is what counts
	const problems: string[] = [];
	const check = (ok: boolean, what: string) => ok || problems.push(what);
	const effect = !state.fired ? 'not reached' : outcome.ok ? 'absorbed' : 'failed the unit';
	if (!outcome.ok) {
		// A quota error is a full disk; a throw or a short write is another failure, however much space is left.
		const expected = plan.mode === 'quota' ? ['STORAGE_FULL'] : ['STORAGE_IO'];
		check(expected.includes(outcome.code ?? ''), `code ${outcome.code}: ${outcome.message}`);
		check(!/rollback|no transaction|savepoint/i.test(outcome.message ?? ''), `message: ${outcome.message}`);
		check(state.fired, `failed without the fault: ${outcome.code} ${outcome.message}`);
	}
	check((await integrity(page)) === 'ok', 'integrity_check not ok');
	check((await earlierDigest(page, earlier)) === digest, 'earlier data changed');
	const presence = await unit.presence(page, target, outcome, 1);
	check(
		presence === (outcome.ok ? 'whole' : 'absent'),
		`after ${outcome.ok ? 'success' : 'failure'}: ${presence}`
	);
	const again = await unit.run(page, target);
	check(again.ok, `the write after the fault failed: ${again.code} ${again.message}`);
	const successes = outcome.ok ? 2 : 1;
	check(
		(await unit.presence(page, target, again, successes)) === 'whole',
		'the write after the fault is not whole'
	);
	return { problems, effect };
}

test('storage faults at every k of an import and a logBatch end clearly and leave the database whole', async ({
	page
}) => {
	test.setTimeout(0);
	await openApp(page);
	const started = Date.now();
	let sweeps = 0;
	const failures: string[] = [];
	const effects = new Map<string, number>();
	for (const unit of UNITS) {
		const counts = await baseline(page, unit);
		console.log(`storage faults: ${unit.name} baseline ${JSON.stringify(counts)}`);
		for (const [op, mode] of COMBINATIONS) {
			expect(counts[op], `${unit.name} makes no ${op} call`).toBeGreaterThan(0);
			for (const at of spread(counts[op], K_PER_SERIES)) {
				const { problems, effect } = await sweep(page, unit, { op, mode, at });
				sweeps++;
				effects.set(effect, (effects.get(effect) ?? 0) + 1);
				if (problems.length) failures.push(`${unit.name} ${op}#${at} ${mode}: ${problems.join('; ')}`);
			}
		}
	}
	const seconds = ((Date.now() - started) / 1000).toFixed(0);
	console.log(
		`storage faults: ${sweeps} sweeps (write/flush/truncate × modes), ${failures.length} failures ` +
			`[${[...effects].map(([e, n]) => `${n} ${e}`).join(', ')}; ${NIGHTLY ? 'nightly' : 'CI'} size, ${seconds} s]`
	);
	for (const f of failures.slice(0, 20)) console.log(`  ${f}`);
	expect(failures).toEqual([]);
});
