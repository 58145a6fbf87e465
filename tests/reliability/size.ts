// How big the reliability sweeps are: CI runs the default size on 2 cores within its budget; a nightly run
// (RELIABILITY_SIZE=nightly) runs the larger one. Every suite prints the size it ran.
export const NIGHTLY = process.env.RELIABILITY_SIZE === 'nightly';

/** `ci` by default, `nightly` when asked. */
export function sized(ci: number, nightly: number): number {
	return NIGHTLY ? nightly : ci;
}
