// Which way a metric is better, read from its name, and which metric a view ranks by when nobody chose one: shared
// by the leaderboard (src/lib/leaderboard/rank.ts) and the best run Compare marks for the tour (src/lib/tour/marks.ts),
// so both call the same run the best. Pure: tested in tests/unit/leaderboard-rank.test.ts.

export type Direction = 'asc' | 'desc';

// Names that are better high. Long words match anywhere in the name (val_accuracy, mean_precision); short ones
// only as a whole word (r2, f1, auc: "r2" inside "err2" is not a score).
const HIGHER_WORDS = ['accuracy', 'precision', 'recall', 'score', 'auroc', 'bleu', 'rouge', 'ndcg', 'dice'];
const HIGHER_TOKENS = new Set(['r2', 'f1', 'auc', 'acc', 'map', 'iou', 'top1', 'top5', 'reward', 'return']);
// Names that are better low, checked first ("error_score" is an error).
const LOWER_WORDS = ['loss', 'error', 'rmse', 'perplexity', 'distance', 'regret'];
const LOWER_TOKENS = new Set(['mae', 'mse', 'mape', 'err', 'wer', 'cer', 'nll', 'ppl', 'fid']);

/** Ascending for errors and losses (rmse, mae, loss, …), descending for scores (r2, accuracy, f1, auc, …). */
export function knownDirection(metric: string): Direction | null {
	const name = metric.toLowerCase();
	const tokens = name.split(/[^a-z0-9]+/);
	if (LOWER_WORDS.some((w) => name.includes(w)) || tokens.some((t) => LOWER_TOKENS.has(t))) return 'asc';
	if (HIGHER_WORDS.some((w) => name.includes(w)) || tokens.some((t) => HIGHER_TOKENS.has(t))) return 'desc';
	return null;
}

/** The direction a metric is ranked in unless chosen: its known one, else ascending (most metrics are errors). */
export const defaultDirection = (metric: string): Direction => knownDirection(metric) ?? 'asc';

/** Headline metrics a board opens on when a run has one, in this order (the tutorial's rmse first). */
const HEADLINE = ['rmse', 'test_rmse', 'val_loss', 'loss', 'accuracy', 'r2'];

/** The metric a board opens on: a headline one, else the first whose direction is known, else the first. */
export const defaultMetric = (metrics: readonly string[]): string | null =>
	HEADLINE.find((m) => metrics.includes(m)) ??
	metrics.find((m) => knownDirection(m) !== null) ??
	metrics[0] ??
	null;
