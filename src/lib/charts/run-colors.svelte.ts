// The run colours every chart reads (run-colors.ts says how a colour is chosen and stored). Reactive: a chart that
// asked for a run's colour repaints when it changes here or in another open tab (the `storage` event).
import {
	checkColor,
	defaultRunColor,
	parseChosenColors,
	RUN_COLORS_KEY,
	serializeChosenColors
} from './run-colors';

type ColorStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class RunColors {
	#chosen: Map<string, string>;
	/** Bumped on every change: `of` reads it, so charts re-derive their series. */
	#version = $state(0);

	constructor(private readonly storage: ColorStorage | null) {
		this.#chosen = parseChosenColors(this.#read());
	}

	#read(): string | null {
		try {
			return this.storage?.getItem(RUN_COLORS_KEY) ?? null;
		} catch {
			return null;
		}
	}

	/** The run's colour: the one chosen, else its default. */
	of(runId: string): string {
		void this.#version;
		return this.#chosen.get(runId) ?? defaultRunColor(runId);
	}

	/** Whether a person chose this run's colour. */
	isChosen(runId: string): boolean {
		void this.#version;
		return this.#chosen.has(runId);
	}

	/** Chooses a colour (null: back to the default). Anything but `#rrggbb` is refused. */
	set(runId: string, color: string | null): void {
		const checked = color === null ? null : checkColor(color);
		if (color !== null && checked === null) throw new Error(`Not a colour: use #rrggbb (got ${color}).`);
		this.#chosen.delete(runId);
		if (checked && checked !== defaultRunColor(runId)) this.#chosen.set(runId, checked);
		this.#version++;
		try {
			if (this.#chosen.size === 0) this.storage?.removeItem(RUN_COLORS_KEY);
			else this.storage?.setItem(RUN_COLORS_KEY, serializeChosenColors(this.#chosen));
		} catch {
			// Storage full or refused (private windows): the colour holds for this tab.
		}
	}

	/** Another tab changed the colours: read them again. */
	reload(): void {
		this.#chosen = parseChosenColors(this.#read());
		this.#version++;
	}
}

function browserStorage(): ColorStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

export const runColors = new RunColors(browserStorage());

if (typeof window !== 'undefined') {
	window.addEventListener('storage', (e) => {
		if (e.key === RUN_COLORS_KEY || e.key === null) runColors.reload();
	});
}
