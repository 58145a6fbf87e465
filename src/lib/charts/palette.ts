// Run colours: a fixed categorical palette so a run keeps its colour across the charts of a view.
import { schemeTableau10 } from 'd3';

const EXTRA = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
export const PALETTE: readonly string[] = [...schemeTableau10, ...EXTRA];

/** The colour of the i-th run of a view (wraps around after the palette's 18 colours). */
export function runColor(index: number): string {
	return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] as string;
}
