// The Compare view's whole state in a short URL: `?runs=<id>,<id>…&v=<state>`, where <state> is the JSON of
// everything else, deflated and base64url-encoded. Run ids stay readable (100 runs ≈ 3.3 kB); defaults are
// left out, so a fresh view has no `v` at all. Decoding never throws: a damaged URL falls back to defaults.
// This file knows no chart kind (what a chart entry means is the kinds' business: ./kinds/index.ts), and imports
// no Svelte, so Node scripts and the e2e tests can read a view's URL too; the app reads it through ./state.ts.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { DEFAULT_VIEW, type LineChartView, type XAxis } from '../charts/line/types';
import type { ChartSpec } from './kinds';

/** A brush on one parallel-coordinates axis: a value range (numeric axes) or the chosen categories. */
export type AxisBrush = { range: [number, number] } | { values: string[] };

export interface ParallelState {
	/** Field ids shown as axes, in order; undefined = the default choice. */
	axes?: string[];
	logAxes: string[];
	brushes: Record<string, AxisBrush>;
	colorBy?: string;
}

export interface CompareState {
	/** Run ids, in column order. */
	runs: string[];
	/** Instead of a list of runs: every run of this experiment (for views over thousands of runs). */
	experiment?: string;
	baseline?: string;
	diffOnly: boolean;
	line: { view: LineChartView; groupBy?: string };
	parallel: ParallelState;
	/** The chart cards; null = a default choice made from the data (so a plain link still shows charts). */
	charts: ChartSpec[] | null;
}

export function defaultState(runs: string[] = []): CompareState {
	return {
		runs,
		diffOnly: false,
		line: { view: { ...DEFAULT_VIEW } },
		parallel: { logAxes: [], brushes: {} },
		charts: null
	};
}

const RUN_ID = /^[0-9a-zA-Z_-]{1,64}$/;

/** A chart is written as its spec (plain JSON): the spec is its URL form. */
export function encodeState(state: CompareState): URLSearchParams {
	const params = new URLSearchParams();
	if (state.experiment) params.set('exp', state.experiment);
	if (state.runs.length > 0) params.set('runs', state.runs.join(','));
	const rest: Record<string, unknown> = {};
	if (state.baseline) rest.b = state.baseline;
	if (state.diffOnly) rest.d = 1;
	if (JSON.stringify(state.line.view) !== JSON.stringify(DEFAULT_VIEW)) rest.l = state.line.view;
	if (state.line.groupBy) rest.g = state.line.groupBy;
	const p = state.parallel;
	if (p.axes || p.logAxes.length || Object.keys(p.brushes).length || p.colorBy) rest.p = p;
	if (state.charts) rest.c = state.charts;
	if (Object.keys(rest).length) params.set('v', toBase64Url(deflateSync(strToU8(JSON.stringify(rest)))));
	return params;
}

/** Reads one chart entry of the URL: a spec, or null for an entry that is no chart. */
export type ChartReader = (entry: unknown) => ChartSpec | null;

/** The view a URL holds; chart entries are read by `readChart` (without one, `charts` stays null: unread). */
export function decodeUrl(params: URLSearchParams, readChart?: ChartReader): CompareState {
	const runs = (params.get('runs') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter((s) => RUN_ID.test(s));
	const state = defaultState([...new Set(runs)]);
	const experiment = params.get('exp');
	if (experiment && RUN_ID.test(experiment)) state.experiment = experiment;
	const encoded = params.get('v');
	// A deflated blob can expand a thousandfold: a cap on its size keeps a hostile link from freezing the tab.
	if (!encoded || encoded.length > 20_000) return state;
	let rest: Record<string, unknown>;
	try {
		rest = JSON.parse(strFromU8(inflateSync(fromBase64Url(encoded))));
	} catch {
		return state;
	}
	if (typeof rest !== 'object' || rest === null) return state;
	if (typeof rest.b === 'string') state.baseline = rest.b;
	state.diffOnly = rest.d === 1;
	state.line.view = readView(rest.l);
	if (typeof rest.g === 'string') state.line.groupBy = rest.g;
	state.parallel = readParallel(rest.p);
	if (readChart && Array.isArray(rest.c))
		state.charts = rest.c.flatMap((entry: unknown) => readChart(entry) ?? []);
	return state;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isString) : []);

function readView(v: unknown): LineChartView {
	const view: LineChartView = { ...DEFAULT_VIEW };
	if (typeof v !== 'object' || v === null) return view;
	const o = v as Record<string, unknown>;
	const x = o.xAxis as Record<string, unknown> | undefined;
	if (x && (x.kind === 'step' || x.kind === 'time' || x.kind === 'relative')) view.xAxis = { kind: x.kind };
	if (x && x.kind === 'metric' && isString(x.key)) view.xAxis = { kind: 'metric', key: x.key } as XAxis;
	if (o.yScale === 'log') view.yScale = 'log';
	if (isNumber(o.smoothing)) view.smoothing = Math.min(0.99, Math.max(0, o.smoothing));
	view.ignoreOutliers = o.ignoreOutliers === true;
	const r = o.xRange;
	if (Array.isArray(r) && r.length === 2 && isNumber(r[0]) && isNumber(r[1])) view.xRange = [r[0], r[1]];
	if (o.aggregate === 'minmax' || o.aggregate === 'std') view.aggregate = o.aggregate;
	return view;
}

function readParallel(v: unknown): ParallelState {
	const state: ParallelState = { logAxes: [], brushes: {} };
	if (typeof v !== 'object' || v === null) return state;
	const o = v as Record<string, unknown>;
	if (Array.isArray(o.axes)) state.axes = strings(o.axes);
	state.logAxes = strings(o.logAxes);
	if (isString(o.colorBy)) state.colorBy = o.colorBy;
	// A null-prototype map: field ids are untrusted text (a param could be named "__proto__").
	const brushes: Record<string, AxisBrush> = Object.create(null);
	if (typeof o.brushes === 'object' && o.brushes !== null) {
		for (const [axis, b] of Object.entries(o.brushes as Record<string, unknown>)) {
			const brush = b as Record<string, unknown> | null;
			const range = brush?.range;
			if (Array.isArray(range) && range.length === 2 && isNumber(range[0]) && isNumber(range[1]))
				brushes[axis] = { range: [range[0], range[1]] };
			else if (Array.isArray(brush?.values)) brushes[axis] = { values: strings(brush.values) };
		}
	}
	state.brushes = brushes;
	return state;
}

function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
	const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
	return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
