// The parsed form of an MLflow run-search filter and order_by (grammar: docs/formats.md §4).
// Pure data, made by parse.ts and turned into SQL by workers/db/search-sql.ts, both in the database worker: the
// page sends filter and order_by strings, never an AST.

export type Entity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

export type Comparator =
	'=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN' | 'IS NULL' | 'IS NOT NULL';

export interface Condition {
	entity: Entity;
	/** Metric/param/tag key, or an attribute name (run_id, run_name, status, start_time, ...). */
	key: string;
	comparator: Comparator;
	/** number for numeric comparisons, string for string ones, string[] for IN lists, null for IS [NOT] NULL. */
	value: number | string | string[] | null;
}

/**
 * MLflow filters are a conjunction of conditions. Runboard's OR/parentheses extension (docs/formats.md §4.6) adds
 * `anyOf`: every group must have at least one matching alternative. A plain MLflow filter never sets it, so
 * `{ conditions }` stays the whole story for the MLflow subset.
 */
export interface Filter {
	conditions: Condition[];
	anyOf?: Filter[][];
}

export interface OrderTerm {
	entity: Entity;
	key: string;
	ascending: boolean;
}
