// The guided tour's state: one store, kept in localStorage so the tour survives reloads and navigation, fed by the
// pages' signals (signals.ts). Transitions are pure (steps.ts); this file only stores, listens and looks up facts.
import { untrack } from 'svelte';
import { runboard } from '$lib/client';
import { TOUR_EVENT, type TourSignal, type TourSignalDetail } from './signals';
import {
	back,
	next,
	onSignal,
	parseState,
	startOrResume,
	STEPS,
	type SignalFacts,
	type TourState
} from './steps';

export const TOUR_STORAGE_KEY = 'runboard:tour';

class Tour {
	state = $state<TourState | null>(null);
	/** Bumped when the panel should take focus (the person asked for the tour, or for it back). */
	focusRequests = $state(0);

	readonly step = $derived(this.state ? STEPS[this.state.step] : undefined);
	readonly shown = $derived(this.state?.status === 'active');
	readonly hidden = $derived(this.state?.status === 'hidden');

	load() {
		this.state = parseState(localStorage.getItem(TOUR_STORAGE_KEY));
	}

	private set(next: TourState) {
		const text = JSON.stringify(next);
		if (this.state && JSON.stringify(this.state) === text) return;
		this.state = next;
		localStorage.setItem(TOUR_STORAGE_KEY, text);
	}

	/**
	 * Starts (or resumes) the tour. `experimentId`: the experiment page shown, if any — its runs may already be
	 * enough to skip training (the demo's are).
	 */
	start(experimentId?: string, focus = true) {
		this.set(startOrResume(this.state));
		if (focus) this.focusRequests++;
		if (experimentId) void this.receive('experiment-opened', { experimentId });
	}

	dismiss() {
		if (this.state) this.set({ ...this.state, status: 'hidden' });
	}

	finish() {
		if (this.state) this.set({ ...this.state, status: 'done' });
	}

	back() {
		if (this.state) this.set(back(this.state));
	}

	next() {
		if (this.state) this.set(next(this.state));
	}

	/** A page's signal: learn from it, and move on when it completes the step shown (or the next). */
	async receive(signal: TourSignal, detail: TourSignalDetail) {
		if (!this.state) return;
		const facts: SignalFacts = {};
		// Only the first step needs to know whether the experiment opened already has runs to compare.
		if (signal === 'experiment-opened' && this.state.status === 'active' && this.state.step === 0) {
			const experimentId = detail.experimentId;
			if (experimentId) {
				const found = await runboard
					.searchRuns({ experimentIds: [experimentId], maxResults: 2 })
					.catch(() => null);
				facts.runCount = found?.runs.length ?? 0;
			}
		}
		if (this.state) this.set(onSignal(this.state, signal, detail, facts));
	}

	/** Listens for the pages' signals and for another tab's progress; returns the cleanup. */
	listen(): () => void {
		const onEvent = (e: Event) => {
			const { signal, ...detail } = (e as CustomEvent<TourSignalDetail & { signal: TourSignal }>).detail;
			// Pages signal from their effects, synchronously: untracked, the tour's state is not read into them.
			untrack(() => void this.receive(signal, detail));
		};
		const onStorage = (e: StorageEvent) => {
			if (e.key === TOUR_STORAGE_KEY) this.state = parseState(e.newValue);
		};
		window.addEventListener(TOUR_EVENT, onEvent);
		window.addEventListener('storage', onStorage);
		return () => {
			window.removeEventListener(TOUR_EVENT, onEvent);
			window.removeEventListener('storage', onStorage);
		};
	}
}

export const tour = new Tour();
