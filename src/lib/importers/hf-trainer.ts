// Hugging Face Trainer's `trainer_state.json` (written in each `checkpoint-<step>/` and in the output folder): its
// `log_history` rows are metric points at their `step` (training rows, `eval_*` rows, the final summary row), the
// run's settings and `trial_params` are params. Python's json writes bare NaN/Infinity. Several files of one run
// (checkpoints) hold the same history up to their step: the one with the largest global_step is read.
// docs/formats.md §6.4.
import { RunboardError } from '../api/errors';
import { loggedRun, namedExperiment } from './drop';
import { derivedExperimentKey, derivedRunId } from './ids';
import { jsonNumber, parsePythonJson } from './json-lines';
import { clipPath } from './limits';
import { MetricPacker } from './metric-packer';
import type { Importer, ImportContext, ImportItem, ImportWarning, SourceFile } from './types';

const FORMAT = 'hf-trainer';
const NAME = 'trainer_state.json';
/** A trainer state is a few MB at most (one row per logging step); past this it is not one. */
const MAX_BYTES = 512 * 1024 * 1024;
/** The top-level fields kept as params (settings of the run, not results). */
const SETTINGS = [
	'logging_steps',
	'eval_steps',
	'save_steps',
	'max_steps',
	'num_train_epochs',
	'train_batch_size',
	'is_hyper_param_search',
	'trial_name'
];

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

async function readState(file: SourceFile): Promise<Record<string, unknown> | string> {
	if (file.size > MAX_BYTES) return `${Math.round(file.size / 1e6)} MB is too large for a trainer state`;
	try {
		const json = parsePythonJson(new TextDecoder().decode(await file.bytes()));
		if (
			typeof json !== 'object' ||
			json === null ||
			!Array.isArray((json as { log_history?: unknown }).log_history)
		)
			return 'no log_history list';
		return json as Record<string, unknown>;
	} catch (e) {
		return `not JSON (${(e as Error).message.slice(0, 80)})`;
	}
}

/** Recognised by its content: a JSON object with `log_history` and `global_step` near the start. */
async function looksLikeState(file: SourceFile): Promise<boolean> {
	const reader = file.stream().getReader();
	try {
		const { value } = await reader.read();
		const head = value ? new TextDecoder().decode(value.subarray(0, 4096)) : '';
		return head.trimStart().startsWith('{') && /"(log_history|best_metric|global_step)"/.test(head);
	} catch {
		return false;
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

async function stateFiles(files: SourceFile[]): Promise<SourceFile[]> {
	const out: SourceFile[] = [];
	for (const f of files) {
		const candidate = baseName(f.path) === NAME || (files.length <= 200 && /\.json$/i.test(f.path));
		if (candidate && (await looksLikeState(f))) out.push(f);
	}
	return out;
}

/** The run a state file belongs to: the output folder, above any `checkpoint-N/` folder. */
const runFolder = (path: string) => dirOf(path).replace(/(^|\/)checkpoint-\d+$/, '');

async function* read(files: SourceFile[], context: ImportContext): AsyncGenerator<ImportItem> {
	const found = await stateFiles(files);
	const byRun = new Map<string, SourceFile[]>();
	for (const f of found) byRun.set(runFolder(f.path), [...(byRun.get(runFolder(f.path)) ?? []), f]);
	const root = files[0]?.path.includes('/') ? (files[0].path.split('/')[0] as string) : '';
	const experimentName = root || 'Hugging Face Trainer';
	const experimentKey = derivedExperimentKey(FORMAT, experimentName);
	let runs = 0;
	const problems: string[] = [];
	for (const [folder, candidates] of [...byRun].sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (context.signal.aborted) return;
		const warnings: ImportWarning[] = [];
		let best: { file: SourceFile; state: Record<string, unknown> } | undefined;
		for (const file of candidates) {
			const state = await readState(file);
			if (typeof state === 'string') {
				warnings.push({
					kind: 'file-unreadable',
					message: `${clipPath(file.path)}: ${state}; not imported.`,
					file: file.path
				});
				continue;
			}
			const step = (s: Record<string, unknown>) => (typeof s.global_step === 'number' ? s.global_step : -1);
			if (!best || step(state) > step(best.state)) best = { file, state };
		}
		if (best && candidates.length > 1)
			warnings.push({
				kind: 'unsupported',
				message: `${clipPath(folder || '.')}: ${candidates.length} trainer states (checkpoints); the latest, ${clipPath(best.file.path)}, was read.`
			});
		for (const warning of warnings) yield { kind: 'warning', warning };
		if (!best) {
			problems.push(warnings[0]?.message ?? `${folder}: unreadable`);
			continue;
		}
		const packer = new MetricPacker();
		let skipped = 0;
		const history = best.state.log_history as unknown[];
		for (const row of history) {
			if (typeof row !== 'object' || row === null) {
				skipped++;
				continue;
			}
			const r = row as Record<string, unknown>;
			const step = typeof r.step === 'number' && Number.isFinite(r.step) ? Math.floor(r.step) : undefined;
			if (step === undefined) {
				skipped++;
				continue;
			}
			for (const [key, raw] of Object.entries(r)) {
				// `step` is the x axis; `epoch` is kept as a metric (a second x axis, as for Lightning).
				if (key === 'step') continue;
				const value = jsonNumber(raw);
				if (value !== undefined) packer.push(packer.keyId(key), value, step, 0);
			}
		}
		if (skipped > 0)
			yield {
				kind: 'warning',
				warning: {
					kind: 'metric-line-unparsed',
					message: `${clipPath(best.file.path)}: ${skipped} log_history row(s) without a step skipped.`
				}
			};
		const params = SETTINGS.flatMap((key) => {
			const v = best.state[key];
			return v === undefined || v === null
				? []
				: [{ key, value: typeof v === 'string' ? v : JSON.stringify(v) }];
		});
		const trial = best.state.trial_params;
		if (trial && typeof trial === 'object')
			for (const [key, v] of Object.entries(trial))
				params.push({ key, value: typeof v === 'string' ? v : JSON.stringify(v) });
		if (runs === 0)
			yield {
				kind: 'experiment',
				experiment: namedExperiment(experimentKey, experimentName)
			};
		const relative = root && folder.startsWith(root) ? folder.slice(root.length + 1) : folder;
		yield loggedRun({
			experimentKey,
			runId: derivedRunId({ format: FORMAT, path: relative }),
			runName: relative || experimentName,
			params,
			tags:
				typeof best.state.best_model_checkpoint === 'string'
					? [{ key: 'hf.best_model_checkpoint', value: best.state.best_model_checkpoint }]
					: [],
			metrics: packer.build()
		});
		runs++;
	}
	if (runs === 0 && !context.signal.aborted)
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`No trainer state could be read: ${problems[0] ?? 'none found'}`
		);
}

export const hfTrainerImporter: Importer = {
	id: FORMAT,
	label: 'Hugging Face trainer_state.json',
	async detect(files) {
		const found = await stateFiles(files);
		if (found.length === 0) return 0;
		return found.some((f) => baseName(f.path) === NAME) ? 0.9 : 0.6;
	},
	read
};
