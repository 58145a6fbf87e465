// Which metrics of some runs have histories (more than one point in a run) and which are single values: the
// experiment page's chart view draws line charts for the first and bar charts for the second. Reads the latest
// values' point counts (latest_metrics.points, kept by every write), not the points themselves.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { MetricShape } from '$lib/api/db-api';
import { all } from './sql';

export function metricShapes(db: Database, runIds: string[]): MetricShape[] {
	if (runIds.length === 0) return [];
	// Grouped by the interned key id first, named after: a string per key, not per row.
	return all<{ key: string; runs: number; max_points: number }>(
		db,
		`SELECT mk.key, c.runs, c.max_points FROM (
			SELECT lm.key_id, count(*) AS runs, max(lm.points) AS max_points FROM latest_metrics lm
			WHERE lm.run_pk IN (SELECT r.run_pk FROM runs r WHERE r.run_uuid IN (SELECT value FROM json_each(?)))
			GROUP BY lm.key_id
		) c JOIN metric_keys mk ON mk.key_id = c.key_id ORDER BY mk.key`,
		[JSON.stringify(runIds)]
	).map((r) => ({ key: r.key, runs: r.runs, maxPoints: r.max_points }));
}
