// What the Train page's form asks, read and checked: one value or a comma-separated list per hyper-parameter,
// crossed into a grid of jobs. Every refusal names the field and the value at fault.
import type { ModelKind, TrainJob } from './jobs';

/** More runs than this at once is refused: a workshop grid, not a sweep. */
export const MAX_RUNS = 25;

export const DEFAULT_FORM = {
	model: 'elasticnet' as ModelKind,
	alpha: '0.0001, 0.001, 0.01',
	l1Ratio: '0.2, 0.8'
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

interface Field {
	name: string;
	check: (v: number) => string | null;
}

const ALPHA: Field = {
	name: 'alpha',
	check: (v) => (v > 0 && v <= 1000 ? null : 'must be greater than 0 and at most 1000')
};
const L1_RATIO: Field = {
	name: 'l1_ratio',
	check: (v) => (v >= 0 && v <= 1 ? null : 'must be between 0 and 1')
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** "0.01, 0.1 , 1" → [0.01, 0.1, 1]; repeats are dropped, the order kept. */
function parseList(text: string, field: Field): Parsed<number[]> {
	const parts = text.split(',').map((p) => p.trim());
	if (parts.length === 1 && parts[0] === '') return { ok: false, error: `Enter at least one ${field.name}.` };
	const values: number[] = [];
	for (const part of parts) {
		if (part === '') return { ok: false, error: `${field.name}: a value is missing between two commas.` };
		const shown = part.length > 20 ? `${part.slice(0, 20)}…` : part;
		if (!DECIMAL.test(part)) return { ok: false, error: `${field.name}: “${shown}” is not a number.` };
		const value = Number(part);
		const problem = Number.isFinite(value) ? field.check(value) : 'is too large';
		if (problem) return { ok: false, error: `${field.name} ${problem} (got ${shown}).` };
		if (!values.includes(value)) values.push(value);
	}
	return { ok: true, value: values };
}

export function parseModel(text: string | null | undefined): ModelKind | null {
	return text === 'elasticnet' || text === 'sgd' ? text : null;
}

/** The jobs of a form: every alpha × every l1_ratio, alphas outermost. */
export function parseGrid(form: { model: ModelKind; alpha: string; l1Ratio: string }): Parsed<TrainJob[]> {
	const alphas = parseList(form.alpha, ALPHA);
	if (!alphas.ok) return alphas;
	const ratios = parseList(form.l1Ratio, L1_RATIO);
	if (!ratios.ok) return ratios;
	const runs = alphas.value.length * ratios.value.length;
	if (runs > MAX_RUNS) {
		return {
			ok: false,
			error: `That grid is ${runs} runs (${alphas.value.length} alphas × ${ratios.value.length} l1_ratios); at most ${MAX_RUNS} at once.`
		};
	}
	return {
		ok: true,
		value: alphas.value.flatMap((alpha) =>
			ratios.value.map((l1Ratio) => ({ model: form.model, alpha, l1Ratio }))
		)
	};
}
