// One run's scalar series while its event files are read, with TensorBoard's purge of orphaned data applied as
// it goes (docs/formats.md §5.9, the rule of tensorboard's EventAccumulator with purge_orphaned_data on):
// - files of version 2 or later: a session START after the run's first one (the program restarted) drops every
//   point of every tag whose step is ≥ the START event's step;
// - older files (no version, or `brain.Event:1`): a summary whose step is below the last summary's step drops
//   the points of that summary's tags whose step is ≥ its step.
// The points that remain are what TensorBoard shows; duplicates of a step are all kept, in file order.

class Points {
	steps: number[] = [];
	values: number[] = [];
	times: number[] = [];

	push(step: number, value: number, time: number): void {
		this.steps.push(step);
		this.values.push(value);
		this.times.push(time);
	}

	/** Keeps the points before `step`; how many were dropped. */
	dropFrom(step: number): number {
		let kept = 0;
		for (let i = 0; i < this.steps.length; i++) {
			if ((this.steps[i] as number) >= step) continue;
			this.steps[kept] = this.steps[i] as number;
			this.values[kept] = this.values[i] as number;
			this.times[kept] = this.times[i] as number;
			kept++;
		}
		const dropped = this.steps.length - kept;
		this.steps.length = this.values.length = this.times.length = kept;
		return dropped;
	}
}

export class RunSeries {
	readonly byTag = new Map<string, Points>();
	private fileVersion = 0;
	private mostRecentStep = -1;
	/** The first START begins the run; only later ones are restarts. */
	private seenSessionStart = false;
	/** Points dropped by restarts or steps going back, for the report. */
	purged = 0;

	/** As TensorBoard parses it: the number after the last `brain.Event:`; -1 when there is none. */
	setFileVersion(text: string): void {
		const token = text.split('brain.Event:').at(-1)?.trim() ?? '';
		const version = token === '' ? NaN : Number(token);
		this.fileVersion = Number.isNaN(version) ? -1 : version;
	}

	/** Called for every event, before its values are added. */
	beforeEvent(step: number, sessionStart: boolean, summaryTags: string[] | null): void {
		if (this.fileVersion >= 2) {
			if (sessionStart && this.seenSessionStart) {
				for (const points of this.byTag.values()) this.purged += points.dropFrom(step);
			} else if (sessionStart) this.seenSessionStart = true;
		} else if (summaryTags && step < this.mostRecentStep) {
			for (const tag of summaryTags) this.purged += this.byTag.get(tag)?.dropFrom(step) ?? 0;
		}
		if (summaryTags) this.mostRecentStep = step;
	}

	add(tag: string, step: number, value: number, time: number): void {
		let points = this.byTag.get(tag);
		if (!points) this.byTag.set(tag, (points = new Points()));
		points.push(step, value, time);
	}

	get pointCount(): number {
		let n = 0;
		for (const p of this.byTag.values()) n += p.steps.length;
		return n;
	}
}
