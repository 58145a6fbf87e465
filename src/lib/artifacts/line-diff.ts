// Line diff of two texts for the artifact comparison (TextDiff.svelte imports this lazily: the 'diff' library is
// fetched only when a text comparison opens, not with the run or compare page).
import { diffLines } from 'diff';

export interface DiffLine {
	kind: 'same' | 'added' | 'removed';
	text: string;
	/** Line number in the base text (same/removed) or in the other text (added). */
	line: number;
}

/** Line diff of `other` against `base`, one entry per line. */
export function lineDiff(base: string, other: string): DiffLine[] {
	const out: DiffLine[] = [];
	let baseLine = 1;
	let otherLine = 1;
	for (const part of diffLines(base, other)) {
		const lines = part.value.replace(/\n$/, '').split('\n');
		for (const text of lines) {
			if (part.added) out.push({ kind: 'added', text, line: otherLine++ });
			else if (part.removed) out.push({ kind: 'removed', text, line: baseLine++ });
			else {
				out.push({ kind: 'same', text, line: baseLine++ });
				otherLine++;
			}
		}
	}
	return out;
}
