// Images logged per step with MLflow's log_image(key=, step=): files in `images/` named
// `<key>+step+<step>+timestamp+<ms>+<uuid>.png` with a `+compressed.webp` thumbnail beside each ('/' in a key is
// written as '#'). Runs tag themselves `mlflow.loggedImages`.

export interface StepImage {
	key: string;
	step: number;
	timestamp: number;
	path: string;
}

const PATTERN = /^images\/(.+)\+step\+(-?\d+)\+timestamp\+(\d+)\+[0-9a-f-]+\.(png|jpe?g|gif|webp)$/i;

/** The step images among artifact paths (thumbnails skipped), by key then step. */
export function stepImages(paths: string[]): StepImage[] {
	const out: StepImage[] = [];
	for (const path of paths) {
		if (path.endsWith('+compressed.webp')) continue;
		const m = PATTERN.exec(path);
		if (!m) continue;
		out.push({
			key: (m[1] as string).replaceAll('#', '/'),
			step: Number(m[2]),
			timestamp: Number(m[3]),
			path
		});
	}
	return out.sort((a, b) => a.key.localeCompare(b.key) || a.step - b.step || a.timestamp - b.timestamp);
}

/** The image of `key` at `step`, else the latest one logged before it (a run may log fewer steps). */
export function imageAt(images: StepImage[], key: string, step: number): StepImage | undefined {
	let best: StepImage | undefined;
	for (const image of images) {
		if (image.key !== key || image.step > step) continue;
		if (!best || image.step >= best.step) best = image;
	}
	return best;
}
