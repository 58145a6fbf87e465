// The guided path's one contract with the pages it walks through: a page that completes a step of the tutorial says
// so here, and the tour (src/lib/tour/, mounted once in the layout) listens. Pages never import the tour itself,
// so a page works the same with the tour dismissed, finished or never started.

/** The tutorial's steps, as a page can report them. */
export type TourSignal =
	| 'trained' // the Train page finished training (detail.experimentId)
	| 'experiment-opened'
	| 'runs-selected'
	| 'compared'
	| 'best-run-opened'
	| 'model-opened';

export interface TourSignalDetail {
	experimentId?: string;
	runId?: string;
	runIds?: string[];
}

export const TOUR_EVENT = 'runboard-tour';

export function signalTour(signal: TourSignal, detail: TourSignalDetail = {}): void {
	if (typeof window === 'undefined') return;
	window.dispatchEvent(new CustomEvent(TOUR_EVENT, { detail: { signal, ...detail } }));
}
