// Run colours: a fixed categorical palette so a run keeps its colour across the charts of a view.
// d3's schemeTableau10, written out: importing it from d3 would bring d3's colour modules into every page that
// shows a run's colour swatch (the experiment page's table), not only into the pages that draw charts.
const TABLEAU10 = [
	'#4e79a7',
	'#f28e2c',
	'#e15759',
	'#76b7b2',
	'#59a14f',
	'#edc949',
	'#af7aa1',
	'#ff9da7',
	'#9c755f',
	'#bab0ab'
];
const EXTRA = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
export const PALETTE: readonly string[] = [...TABLEAU10, ...EXTRA];

/** The colour of the i-th category of a view (wraps around after the palette's 18 colours). */
export function runColor(index: number): string {
	return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] as string;
}
