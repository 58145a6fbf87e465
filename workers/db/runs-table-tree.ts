// Nested runs (MLflow's parent/child runs, linked by the mlflow.parentRunId tag): the table's order rearranged so
// each child follows its parent, children keeping the sort order among themselves, at any depth; a collapsed
// parent hides its descendants. Linear passes over typed arrays, so 100,000 runs cost milliseconds. Untrusted
// links are expected: a parent that is not in the view leaves the child at top level, and a parent loop
// (self-parent, A→B→A, …) is broken by putting every run of the loop at top level — never a hang, never a lost run.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { PARENT_RUN_TAG } from '$lib/model/types';

/** Why a run that names a parent is at top level: its parent is not in the view, or its parents loop. */
export const DETACHED_MISSING = 1;
export const DETACHED_LOOP = 2;

export interface RunTree {
	/** Every run of the order, each parent before its children (preorder), roots in the order's order. */
	pks: Int32Array;
	/** Aligned with pks: how deep under a top-level run (0 at top level). */
	depth: Int32Array;
	/** Aligned with pks: how many runs of the order are under it (children, grandchildren …). */
	descendants: Int32Array;
	/** Aligned with pks: 0, DETACHED_MISSING or DETACHED_LOOP. */
	detached: Uint8Array;
}

/**
 * Each run's parent by run_pk (every experiment: links may cross them): -1 none, 0 a parent run id that is not
 * in the database, else the parent's run_pk. One JSON value, not a row per run (see baseOrder).
 */
export function loadParents(db: Database, size: number): Int32Array {
	const row = db.selectObject(
		`SELECT json_group_array(t.run_pk) AS pks, json_group_array(ifnull(p.run_pk, 0)) AS parents
		FROM tags t LEFT JOIN runs p ON p.run_uuid = t.value WHERE t.key = ? AND t.value <> ''`,
		[PARENT_RUN_TAG]
	) as { pks: string; parents: string };
	const parents = new Int32Array(size).fill(-1);
	const pks = JSON.parse(row.pks) as number[];
	const of = JSON.parse(row.parents) as number[];
	pks.forEach((pk, i) => {
		if (pk < size) parents[pk] = of[i] as number;
	});
	return parents;
}

/**
 * The order as a forest. `pinned` runs stay at top level (pins go first: pinFirst put them at the front), so a
 * pinned child is shown among the pins rather than under its parent.
 */
export function buildRunTree(order: Int32Array, parents: Int32Array, pinned: ReadonlySet<number>): RunTree {
	const n = order.length;
	// Positions by run_pk (parents covers every run_pk): -1 when not in the order.
	const pos = new Int32Array(parents.length).fill(-1);
	for (let i = 0; i < n; i++) pos[order[i] as number] = i;
	// up[i]: the position of run i's parent in the order, or -1 at top level.
	const up = new Int32Array(n).fill(-1);
	const flag = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		const pk = order[i] as number;
		const parent = parents[pk] ?? -1;
		if (parent === -1 || pinned.has(pk)) continue;
		const at = parent > 0 ? (pos[parent] ?? -1) : -1;
		if (parent === pk) flag[i] = DETACHED_LOOP;
		else if (at < 0) flag[i] = DETACHED_MISSING;
		else up[i] = at;
	}
	breakLoops(up, flag);
	// Children by parent, in order (CSR): a pass to count, a pass to place.
	const start = new Int32Array(n + 1);
	for (let i = 0; i < n; i++) {
		const p = up[i] as number;
		if (p >= 0) start[p + 1] = (start[p + 1] as number) + 1;
	}
	for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
	const fill = start.slice(0, n);
	const kids = new Int32Array(start[n] as number);
	for (let i = 0; i < n; i++) {
		const p = up[i] as number;
		if (p >= 0) kids[(fill[p] as number)++] = i;
	}
	// Preorder by an explicit stack (no recursion: a chain of 100,000 would overflow it).
	const pre = new Int32Array(n);
	const depth = new Int32Array(n);
	const stack = new Int32Array(n);
	const stackDepth = new Int32Array(n);
	const out = preorder(up, start, kids, pre, depth, stack, stackDepth);
	const descendants = new Int32Array(n);
	const size = new Int32Array(n).fill(1);
	for (let k = out - 1; k >= 0; k--) {
		const i = pre[k] as number;
		descendants[k] = (size[i] as number) - 1;
		const p = up[i] as number;
		if (p >= 0) size[p] = (size[p] as number) + (size[i] as number);
	}
	const pks = new Int32Array(n);
	const detached = new Uint8Array(n);
	for (let k = 0; k < n; k++) {
		pks[k] = order[pre[k] as number] as number;
		detached[k] = flag[pre[k] as number] as number;
	}
	return { pks, depth, descendants, detached };
}

/** Fills pre/depth with the forest's preorder, roots in order; returns how many were placed (all of them). */
function preorder(
	up: Int32Array,
	start: Int32Array,
	kids: Int32Array,
	pre: Int32Array,
	depth: Int32Array,
	stack: Int32Array,
	stackDepth: Int32Array
): number {
	let out = 0;
	for (let r = 0; r < up.length; r++) {
		if ((up[r] as number) >= 0) continue;
		let top = 0;
		stack[top] = r;
		stackDepth[top++] = 0;
		while (top > 0) {
			const i = stack[--top] as number;
			const d = stackDepth[top] as number;
			pre[out] = i;
			depth[out++] = d;
			// Pushed last-first, so the first child comes off the stack first.
			for (let c = (start[i + 1] as number) - 1; c >= (start[i] as number); c--) {
				stack[top] = kids[c] as number;
				stackDepth[top++] = d + 1;
			}
		}
	}
	return out;
}

/**
 * Puts every run on a parent loop at top level (marked DETACHED_LOOP); their other descendants stay under them.
 * Each run is walked once: a walk follows parents until a run already settled, or one on the walk itself (a loop).
 */
function breakLoops(up: Int32Array, flag: Uint8Array): void {
	const state = new Uint8Array(up.length); // 0 not seen, 1 on the current walk, 2 settled
	const walk: number[] = [];
	for (let i = 0; i < up.length; i++) {
		let j = i;
		while (j >= 0 && state[j] === 0) {
			state[j] = 1;
			walk.push(j);
			j = up[j] as number;
		}
		if (j >= 0 && state[j] === 1) {
			for (let k = walk.length - 1; k >= 0; k--) {
				const m = walk[k] as number;
				up[m] = -1;
				flag[m] = DETACHED_LOOP;
				if (m === j) break;
			}
		}
		for (const m of walk) state[m] = 2;
		walk.length = 0;
	}
}

/**
 * The tree's runs that show: a run is hidden when any run above it is collapsed. Positions into the tree's
 * arrays; `isOpen` says by run_pk whether a parent's children show.
 */
export function visibleRuns(tree: RunTree, isOpen: (pk: number) => boolean): Int32Array {
	const n = tree.pks.length;
	const shown = new Int32Array(n);
	let count = 0;
	for (let k = 0; k < n;) {
		shown[count++] = k;
		const below = tree.descendants[k] as number;
		k += below > 0 && !isOpen(tree.pks[k] as number) ? below + 1 : 1;
	}
	return shown.subarray(0, count);
}
