// One run: the event files of one folder, read in name order (creation order) into scalar series, images,
// hparams and counts of what is not imported. Problems with a record are reported with the file and byte offset;
// the rest of the file is read.
import type { RunStatus } from '../../model/types';
import type { SourceFile } from '../types';
import { decodeEvent, type EventValue } from './events';
import { decodeHparams } from './hparams';
import { readRecords, type RecordProblem } from './records';
import { RunSeries } from './series';
import { scalarOf, stringsOf } from './tensor';

export interface RunImage {
	tag: string;
	step: number;
	bytes: Uint8Array;
}

export interface RunContent {
	series: RunSeries;
	images: RunImage[];
	params: [string, string][];
	status?: RunStatus;
	hparamMetricTags: string[];
	/** Smallest and largest wall time (ms) of any event. */
	firstTime: number | null;
	lastTime: number | null;
	/** Values not imported, by plugin (histograms, text, audio, …). */
	skipped: Map<string, number>;
	/** Only hparams summaries and at most one point per scalar tag: PyTorch's add_hparams folder. */
	hparamsOnly: boolean;
	/** Sound records read: 0 means no file of the folder held a readable event. */
	records: number;
}

export type Problem = { file: string; problem: RecordProblem | { kind: 'undecodable'; offset: number } };

/** Images kept per run: a log of every step's image would hold the whole run in memory. */
export const MAX_IMAGES_PER_RUN = 1_000;

export async function readRun(files: SourceFile[], onProblem: (p: Problem) => void): Promise<RunContent> {
	const run: RunContent = {
		series: new RunSeries(),
		images: [],
		params: [],
		hparamMetricTags: [],
		firstTime: null,
		lastTime: null,
		skipped: new Map(),
		hparamsOnly: true,
		records: 0
	};
	// Plugin metadata is often on a tag's first value only: remembered across events and files.
	const plugins = new Map<string, { name: string; scalar: boolean }>();
	let hasHparams = false;
	for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
		for await (const record of readRecords(file, (problem) => onProblem({ file: file.path, problem }))) {
			run.records++;
			let event;
			try {
				event = decodeEvent(record.data);
			} catch {
				onProblem({ file: file.path, problem: { kind: 'undecodable', offset: record.offset } });
				continue;
			}
			const time = Math.round(event.wallTime * 1000);
			if (event.wallTime > 0) {
				run.firstTime = run.firstTime === null ? time : Math.min(run.firstTime, time);
				run.lastTime = run.lastTime === null ? time : Math.max(run.lastTime, time);
			}
			if (event.fileVersion !== undefined) run.series.setFileVersion(event.fileVersion);
			const summaryTags = event.values.length > 0 ? event.values.map((v) => v.tag) : null;
			run.series.beforeEvent(event.step, event.sessionStart === true, summaryTags);
			for (const value of event.values) {
				if (value.plugin) plugins.set(value.tag, { name: value.plugin, scalar: value.scalarClass === true });
				const plugin = plugins.get(value.tag);
				if (plugin?.name === 'hparams') {
					hasHparams = true;
					takeHparams(run, value);
				} else takeValue(run, value, plugin, event.step, time);
			}
		}
	}
	run.hparamsOnly = hasHparams && [...run.series.byTag.values()].every((p) => p.steps.length <= 1);
	return run;
}

function takeHparams(run: RunContent, value: EventValue): void {
	if (!value.pluginContent) return;
	const data = decodeHparams(value.pluginContent);
	if (data?.kind === 'start') run.params.push(...data.params);
	else if (data?.kind === 'end' && data.status) run.status = data.status;
	else if (data?.kind === 'experiment') run.hparamMetricTags.push(...data.metricTags);
}

function takeValue(
	run: RunContent,
	value: EventValue,
	plugin: { name: string; scalar: boolean } | undefined,
	step: number,
	time: number
): void {
	if (value.simpleValue !== undefined) {
		run.series.add(value.tag, step, value.simpleValue, time);
		return;
	}
	if (value.image) {
		addImage(run, value.tag, step, value.image);
		return;
	}
	if (value.tensor && (plugin?.name === 'scalars' || plugin?.scalar)) {
		const scalar = scalarOf(value.tensor);
		if (scalar !== undefined) {
			run.series.add(value.tag, step, scalar, time);
			return;
		}
	}
	if (value.tensor && plugin?.name === 'images') {
		// TF2 images: a string tensor of width, height, then the encoded images of the step.
		for (const image of stringsOf(value.tensor).slice(2)) addImage(run, value.tag, step, image);
		return;
	}
	const what = value.other ?? plugin?.name ?? 'untyped tensor';
	run.skipped.set(what, (run.skipped.get(what) ?? 0) + 1);
}

function addImage(run: RunContent, tag: string, step: number, bytes: Uint8Array): void {
	if (run.images.length >= MAX_IMAGES_PER_RUN) {
		run.skipped.set(
			'images over the per-run limit',
			(run.skipped.get('images over the per-run limit') ?? 0) + 1
		);
		return;
	}
	run.images.push({ tag, step, bytes: bytes.slice() });
}
