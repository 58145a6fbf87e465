// A run's colour, the same in every chart and view: a default derived from the run id (a hash into the palette,
// so it does not depend on the run's position in a view) unless the person chose one. Chosen colours are kept in
// localStorage as one JSON object; what is read back is untrusted (another tab, an extension, a hand edit), so only
// `#rrggbb` values under plausible run ids survive parsing. The reactive store is run-colors.svelte.ts.
import { PALETTE } from './palette';

export const RUN_COLORS_KEY = 'runboard.runColors';
/** Enough for every run a person colours by hand; past it the oldest choices are dropped. */
export const MAX_CHOSEN_COLORS = 5_000;

const HEX_COLOR = /^#[0-9a-f]{6}$/;
const RUN_ID = /^[\w-]{1,64}$/;

/** A colour as `#rrggbb` in lower case, or null when it is anything else (names, rgb(), url(), script). */
export function checkColor(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const lower = value.toLowerCase();
	return HEX_COLOR.test(lower) ? lower : null;
}

/** FNV-1a: cheap, and spreads similar ids (MLflow's are random hex) over the palette. */
function hash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** The run's colour when none was chosen: stable across views, tabs and reloads. */
export function defaultRunColor(runId: string): string {
	return PALETTE[hash(runId) % PALETTE.length] as string;
}

/** Chosen colours from their stored text; anything malformed is left out (never thrown). */
export function parseChosenColors(text: string | null): Map<string, string> {
	const out = new Map<string, string>();
	if (!text) return out;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return out;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return out;
	for (const [runId, value] of Object.entries(parsed)) {
		const color = checkColor(value);
		if (color && RUN_ID.test(runId)) out.set(runId, color);
		if (out.size >= MAX_CHOSEN_COLORS) break;
	}
	return out;
}

/** The stored text of chosen colours, the newest MAX_CHOSEN_COLORS (a Map keeps insertion order). */
export function serializeChosenColors(chosen: ReadonlyMap<string, string>): string {
	const entries = [...chosen];
	return JSON.stringify(Object.fromEntries(entries.slice(Math.max(0, entries.length - MAX_CHOSEN_COLORS))));
}
