// The guided path through MLflow's getting-started tutorial, as data and pure transitions: which step comes next
// for a page's signal (signals.ts), Back and Next, and the state kept in localStorage. No DOM, no Svelte: the store
// (tour.svelte.ts) and the panel (src/lib/components/tour/) use these, and tests/unit/tour-steps.test.ts checks them.
import type { TourSignal, TourSignalDetail } from './signals';

export type StepId = 'train' | 'open-experiment' | 'select-runs' | 'compare' | 'best-run' | 'model' | 'done';

/** What earlier steps learned, so later ones can say where to go (and which run is the best). */
export interface TourContext {
	experimentId?: string;
	/** The runs selected, then the runs compared, best first. */
	runIds?: string[];
	bestRunId?: string;
}

export interface TourState {
	/** Index into STEPS of the step shown. */
	step: number;
	/** The furthest step reached: Next goes back up to it after Back, never past it. */
	furthest: number;
	/** `hidden`: dismissed with its progress kept ("Resume tour"); `done`: finished. */
	status: 'active' | 'hidden' | 'done';
	context: TourContext;
}

/** A place the panel links to when the step's control is not on this page (a path under the site's base). */
export interface Away {
	path: string;
	label: string;
	/** Why the control is not here, when the page is the right one but lacks it. */
	note?: string;
}

export interface Step {
	id: StepId;
	title: string;
	text: string;
	/** CSS selectors of the control to highlight, in order of preference; the first visible match wins. */
	targets: string[];
	/** The page signal that completes this step. */
	signal?: TourSignal;
	/** `here`: the page shown, as a path under the site's base (`/runs/<id>/`). */
	away: (context: TourContext, here: string) => Away | null;
}

const experimentPage = (c: TourContext): Away =>
	c.experimentId
		? { path: `/experiments/${c.experimentId}/`, label: 'Open the experiment' }
		: { path: '/', label: 'Your experiments' };

/**
 * Where a model is when this page shows none: the best run, or, on a compared run's page that kept no model files
 * (an evaluation run), the next best of the compared runs.
 */
function modelElsewhere(c: TourContext, here: string): Away | null {
	const ranked = c.runIds ?? (c.bestRunId ? [c.bestRunId] : []);
	const at = ranked.findIndex((runId) => here === `/runs/${runId}/`);
	if (at < 0) return c.bestRunId ? { path: `/runs/${c.bestRunId}/`, label: 'Open the best run' } : null;
	const nextBest = ranked[at + 1];
	const note = 'This run kept no model files.';
	return nextBest
		? { path: `/runs/${nextBest}/`, label: 'Open the next best run', note }
		: { path: '/', label: 'Your experiments', note };
}

export const STEPS: readonly Step[] = [
	{
		id: 'train',
		title: 'Train runs',
		text: 'Train a few models on the Train page: each training is logged as a run with its parameters, metrics and model, as MLflow autologging does. Already have an experiment with two or more runs? Open it and the tour continues there.',
		targets: ['[data-tour="train-button"]'],
		signal: 'trained',
		away: () => ({ path: '/train/', label: 'Open the Train page' })
	},
	{
		id: 'open-experiment',
		title: 'Open the experiment',
		text: 'The runs went into an experiment. Open it to see them in one table.',
		targets: ['[data-tour="open-experiment"]'],
		signal: 'experiment-opened',
		away: experimentPage
	},
	{
		id: 'select-runs',
		title: 'Select runs',
		text: 'Tick the boxes of two or more runs to compare them.',
		targets: ['[data-tour="select-run"]:not(:checked)'],
		signal: 'runs-selected',
		away: experimentPage
	},
	{
		id: 'compare',
		title: 'Compare them',
		text: 'Press Compare: the selected runs’ parameters and metrics side by side, with charts.',
		targets: ['[data-tour="compare-button"]'],
		signal: 'compared',
		away: experimentPage
	},
	{
		id: 'best-run',
		title: 'Open the best run',
		text: 'In the Table tab, the run with the lowest rmse (or the best of the first metric) is marked. Open it.',
		targets: ['[data-tour="best-run"]', '[data-tour="compare-table-tab"]'],
		signal: 'best-run-opened',
		away: (c) =>
			c.bestRunId
				? { path: `/runs/${c.bestRunId}/`, label: 'Open the best run' }
				: c.runIds && c.runIds.length > 0
					? { path: `/compare/?runs=${c.runIds.join(',')}`, label: 'Back to Compare' }
					: experimentPage(c)
	},
	{
		id: 'model',
		title: 'Look at its model',
		text: 'Under Artifacts, the model holds what MLflow saved with it: MLmodel says how to load it, requirements.txt what it needs. Open one of them.',
		// A model's files once its folder is open, else the folder (or the logged model) to open.
		targets: [
			'[data-tour="model-artifact"][data-path$="requirements.txt"]',
			'[data-tour="model-artifact"][data-path$="MLmodel"]',
			'[data-tour="model-artifact"]'
		],
		signal: 'model-opened',
		away: modelElsewhere
	},
	{
		id: 'done',
		title: 'You did the tutorial',
		text: 'You trained runs, compared them, picked the best and read what its model needs: MLflow’s getting-started path, in your browser.',
		targets: [],
		away: () => null
	}
];

export const stepIndex = (id: StepId): number => STEPS.findIndex((s) => s.id === id);

export function freshState(context: TourContext = {}): TourState {
	return { step: 0, furthest: 0, status: 'active', context };
}

/** Facts the store looks up for a signal: how many runs the opened experiment has. */
export interface SignalFacts {
	runCount?: number;
}

/** What a signal teaches about the tutorial (kept even while the tour is hidden). */
export function learn(context: TourContext, signal: TourSignal, detail: TourSignalDetail): TourContext {
	switch (signal) {
		case 'trained':
		case 'experiment-opened':
			return detail.experimentId ? { ...context, experimentId: detail.experimentId } : context;
		case 'runs-selected':
			return detail.runIds ? { ...context, runIds: detail.runIds } : context;
		case 'compared':
			return { ...context, runIds: detail.runIds ?? context.runIds, bestRunId: detail.runId };
		default:
			return context;
	}
}

/**
 * The state after a page's signal. A signal completes the step shown or the one after it (a person who presses
 * "Compare all" without selecting has compared); older signals (opening the experiment again) change nothing.
 */
export function onSignal(
	state: TourState,
	signal: TourSignal,
	detail: TourSignalDetail,
	facts: SignalFacts = {}
): TourState {
	const context = learn(state.context, signal, detail);
	if (state.status !== 'active') return { ...state, context };
	const done = STEPS.findIndex((s) => s.signal === signal);
	if (done !== state.step && done !== state.step + 1) return { ...state, context };
	// From the first step, opening an experiment skips training only when it already has runs to compare.
	if (signal === 'experiment-opened' && state.step === 0 && (facts.runCount ?? 0) < 2)
		return { ...state, context };
	// The best run, not any run: once Compare named it, another run's page does not count, nor opening another
	// run's model from the step before. On the model step any run's model does (the best may have kept none).
	const wantsBest = signal === 'best-run-opened' || (signal === 'model-opened' && done !== state.step);
	if (wantsBest && context.bestRunId && detail.runId !== context.bestRunId) return { ...state, context };
	const step = done + 1;
	return { ...state, step, furthest: Math.max(state.furthest, step), context };
}

export function back(state: TourState): TourState {
	return { ...state, step: Math.max(0, state.step - 1) };
}

/** Next only revisits steps already reached: the tour moves on by doing, not by skipping. */
export function next(state: TourState): TourState {
	return { ...state, step: Math.min(state.furthest, state.step + 1) };
}

export const canGoBack = (state: TourState) => state.step > 0 && state.step < STEPS.length - 1;
export const canGoNext = (state: TourState) => state.step < state.furthest;

/** Start, or carry on: a finished (or never started) tour starts over; a hidden one resumes at its step. */
export function startOrResume(state: TourState | null): TourState {
	if (!state || state.status === 'done') return freshState(state?.context);
	return { ...state, status: 'active' };
}

/** A stored state, or null when there is none or it is not one (an older format, a hand-edited value). */
export function parseState(text: string | null): TourState | null {
	if (!text) return null;
	try {
		const value = JSON.parse(text) as Partial<TourState> | null;
		if (!value || typeof value !== 'object') return null;
		const { step, furthest, status, context } = value;
		const last = STEPS.length - 1;
		const isIndex = (n: unknown): n is number =>
			Number.isInteger(n) && (n as number) >= 0 && (n as number) <= last;
		if (!isIndex(step) || !isIndex(furthest) || furthest < step) return null;
		if (status !== 'active' && status !== 'hidden' && status !== 'done') return null;
		const c = context && typeof context === 'object' ? context : {};
		const asText = (v: unknown) => (typeof v === 'string' ? v : undefined);
		const ids = Array.isArray(c.runIds)
			? c.runIds.filter((id): id is string => typeof id === 'string')
			: undefined;
		return {
			step,
			furthest,
			status,
			context: { experimentId: asText(c.experimentId), runIds: ids, bestRunId: asText(c.bestRunId) }
		};
	} catch {
		return null;
	}
}
