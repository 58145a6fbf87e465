// One W&B run read from its log: the records folded into what the run is at the end (the last run record's
// fields, the config and summary after every update and removal, the exit) and the history as metric points.
// A history row's step is its `_step` (else the record's step, else one past the last); its time `_timestamp`
// (seconds). Keys starting with `_` are W&B's own and no metric. docs/formats.md §6.8.
import { MetricPacker } from '../metric-packer';
import type { SourceFile } from '../types';
import { WireError } from '../tensorboard/protobuf';
import { readLog, type LogProblem } from './log';
import { decodeRecord, type Environment, type Item, type RunFields } from './records';
import { itemValue, numericLeaves, UNPARSED } from './values';

export type Problem = LogProblem | { kind: 'undecodable'; offset: number };

export interface RunContent {
	run: RunFields | null;
	env: Environment | null;
	config: Map<string, unknown>;
	summary: Map<string, unknown>;
	/** Summary records were seen (an empty summary is still one). */
	hasSummary: boolean;
	exit: { exitCode: number; runtime: number } | null;
	packer: MetricPacker;
	historyKeys: Set<string>;
	firstTime: number | null;
	lastTime: number | null;
	lastStep: number | null;
	/** History values that are no number (text, media, lists), by key. */
	skipped: Map<string, number>;
	records: number;
	/** The SDK that wrote the log, from its telemetry records. */
	cliVersion: string;
	pythonVersion: string;
}

/** A step past this is no step (W&B's are int64 counters from 0); such a row is skipped. */
const MAX_STEP = Number.MAX_SAFE_INTEGER;

function apply(map: Map<string, unknown>, update: Item[], remove: Item[]): void {
	for (const item of update) {
		const value = itemValue(item);
		if (item.key && value !== UNPARSED) map.set(item.key, value);
	}
	for (const item of remove) map.delete(item.key);
}

export async function readRun(log: SourceFile, onProblem: (p: Problem) => void): Promise<RunContent> {
	const c: RunContent = {
		run: null,
		env: null,
		config: new Map(),
		summary: new Map(),
		hasSummary: false,
		exit: null,
		packer: new MetricPacker(),
		historyKeys: new Set(),
		firstTime: null,
		lastTime: null,
		lastStep: null,
		skipped: new Map(),
		records: 0,
		cliVersion: '',
		pythonVersion: ''
	};
	for await (const message of readLog(log, onProblem)) {
		let record;
		try {
			record = decodeRecord(message.data);
		} catch (e) {
			if (!(e instanceof WireError) && !(e instanceof RangeError)) throw e;
			onProblem({ kind: 'undecodable', offset: message.offset });
			continue;
		}
		c.records++;
		switch (record.kind) {
			case 'run':
				c.run = record.run;
				apply(c.config, record.run.config, []);
				if (record.run.summary.length > 0) {
					c.hasSummary = true;
					apply(c.summary, record.run.summary, []);
				}
				break;
			case 'config':
				apply(c.config, record.update, record.remove);
				break;
			case 'summary':
				c.hasSummary = true;
				apply(c.summary, record.update, record.remove);
				break;
			case 'exit':
				c.exit = { exitCode: record.exitCode, runtime: record.runtime };
				break;
			case 'environment':
				// Newer SDKs write a second, nearly empty environment record: keep the fullest.
				if (!c.env || record.env.program || record.env.os)
					c.env = { ...c.env, ...nonEmpty(record.env) } as Environment;
				break;
			case 'telemetry':
				c.cliVersion = record.cliVersion || c.cliVersion;
				c.pythonVersion = record.pythonVersion || c.pythonVersion;
				break;
			case 'history':
				addRow(c, record.items, record.step);
				break;
		}
	}
	return c;
}

function nonEmpty(env: Environment): Partial<Environment> {
	return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '' && v !== null));
}

function addRow(c: RunContent, items: Item[], recordStep: number | null): void {
	const values = new Map<string, unknown>();
	for (const item of items) if (item.key) values.set(item.key, itemValue(item));
	const stepValue = values.get('_step');
	let step =
		typeof stepValue === 'number' && Number.isInteger(stepValue)
			? stepValue
			: (recordStep ?? (c.lastStep === null ? 0 : c.lastStep + 1));
	if (!Number.isSafeInteger(step) || Math.abs(step) > MAX_STEP)
		step = c.lastStep === null ? 0 : c.lastStep + 1;
	const seconds = values.get('_timestamp');
	const time =
		typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 && seconds < 1e11
			? Math.round(seconds * 1000)
			: (c.lastTime ?? 0);
	if (time > 0) {
		c.firstTime ??= time;
		c.lastTime = time;
	}
	c.lastStep = step;
	for (const [key, value] of values) {
		if (key.startsWith('_')) continue;
		const leaves: [string, number][] = [];
		const skipped = value === UNPARSED ? 1 : numericLeaves(key, value, leaves);
		if (skipped > 0) c.skipped.set(key, (c.skipped.get(key) ?? 0) + skipped);
		for (const [k, v] of leaves) {
			c.historyKeys.add(k);
			c.packer.push(c.packer.keyId(k), v, step, time);
		}
	}
}
