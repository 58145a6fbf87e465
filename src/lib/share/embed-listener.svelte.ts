// The page side of the embedding protocol (docs/embedding.md): listens on every page for messages from the
// window that opened Runboard (or the page that frames it), answers pings once the database is ready, and
// imports a posted file through the shared importer, so progress and the report show as for a drop. A file
// from an origin the person has not approved waits for their answer in src/lib/components/share/EmbedPrompt.svelte.
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { page } from '$app/state';
import { app } from '$lib/state/app.svelte';
import { importer } from '$lib/state/import.svelte';
import { browserStore } from './sources';
import { allowOrigin, isAllowedOrigin, isRememberableOrigin } from './embed-trust';
import {
	EMBED_MAX_BYTES,
	EMBED_PROTOCOL_VERSION,
	parseEmbedMessage,
	type EmbedReply
} from './embed-protocol';

/** A file waiting for the person's answer, with where it came from. */
export interface PendingEmbed {
	origin: string;
	title: string;
	fileName: string;
	size: number;
	/** Whether "Always allow this origin" can be offered (not for opaque origins). */
	rememberable: boolean;
	file: Blob;
	source: Window;
}

/** Test build only: a smaller size cap, so the e2e test can send an oversize file without allocating 1 GB. */
const TEST_CAP_KEY = 'runboard:test-embed-max-bytes';
const MAX_NOTICES = 3;

class EmbedState {
	// Raw, never a deep proxy: the proxy would probe the sender's Window (a cross-origin object throws on that).
	pending = $state.raw<PendingEmbed | null>(null);
	/** Recent refusals, newest last, shown as dismissible notes (the opener also gets each as a reply). */
	notices = $state<{ id: number; text: string }[]>([]);
	private nextNotice = 0;

	receive(event: MessageEvent): void {
		const parsed = parseEmbedMessage(event.data, maxBytes());
		if (!parsed.ok && parsed.code === 'NOT_RUNBOARD') return;
		const origin = event.origin;
		const source = event.source;
		if (!isOpenerOrParent(source)) {
			// A message from a window that did not open this tab: never answered, only noted when it carries a file.
			if (!(parsed.ok && parsed.request.kind === 'ping'))
				this.notice(
					`A message from ${origin} was ignored: only the page that opened Runboard can send files.`
				);
			return;
		}
		if (!parsed.ok) {
			this.notice(`${origin} sent a message Runboard cannot use: ${parsed.message}`);
			return reply(source, origin, failure(parsed.code, parsed.message));
		}
		const request = parsed.request;
		// Pings before the database is open go unanswered: the opener keeps pinging until files can be taken.
		if (request.kind === 'ping') {
			if (app.connection.kind === 'ready')
				reply(source, origin, { runboard: 'pong', version: EMBED_PROTOCOL_VERSION });
			return;
		}
		if (this.pending || importer.running) {
			const busy = this.pending
				? `Runboard is asking about a file from ${this.pending.origin}`
				: 'Runboard is importing another file';
			this.notice(`A file from ${origin} was refused: ${busy.replace('Runboard is', 'Runboard was')}.`);
			return reply(source, origin, failure('BUSY', `${busy}; send it again when that is done.`));
		}
		const embed: PendingEmbed = {
			origin,
			title: request.title,
			fileName: request.fileName,
			size: request.size,
			rememberable: isRememberableOrigin(origin),
			file: request.file,
			source
		};
		if (origin === location.origin || isAllowedOrigin(browserStore(), origin)) void this.import(embed);
		else this.pending = embed;
	}

	/** The person's answer to the prompt. */
	answer(accept: boolean, remember: boolean): void {
		const embed = this.pending;
		if (!embed) return;
		this.pending = null;
		if (!accept)
			return reply(embed.source, embed.origin, failure('REFUSED', 'The person refused to import the file.'));
		if (remember) allowOrigin(browserStore(), embed.origin);
		void this.import(embed);
	}

	dismiss(id: number): void {
		this.notices = this.notices.filter((n) => n.id !== id);
	}

	/** Imports like a drop (the Import page shows progress and the report), answers, then opens the runs. */
	private async import(embed: PendingEmbed): Promise<void> {
		const file = new File([embed.file], embed.fileName);
		const done = importer.start([{ path: embed.fileName, file }]);
		if (!page.url.pathname.endsWith('/import/')) await goto(resolve('/import/'));
		await done;
		const report = importer.report;
		if (!report) {
			const error = importer.error;
			return reply(embed.source, embed.origin, failure(error?.code ?? 'IMPORT_FAILED', error?.message ?? ''));
		}
		if (report.cancelled)
			return reply(embed.source, embed.origin, failure('CANCELLED', 'The import was cancelled in Runboard.'));
		reply(embed.source, embed.origin, {
			runboard: 'result',
			ok: true,
			experiments: report.experiments.map((e) => ({ experimentId: e.experimentId, name: e.name })),
			runsWritten: report.runsWritten,
			metricPoints: report.metricPoints,
			artifactFiles: report.artifactFiles,
			warnings: report.warnings.reduce((sum, group) => sum + group.count, 0)
		});
		// One experiment: open it, as a link's import does; several: the report on the Import page lists them.
		if (report.experiments.length === 1)
			await goto(resolve('/experiments/[id]', { id: report.experiments[0]!.experimentId }));
	}

	private notice(text: string): void {
		this.notices = [...this.notices, { id: this.nextNotice++, text }].slice(-MAX_NOTICES);
	}
}

export const embed = new EmbedState();

/** Starts listening (from the root layout); returns the function that stops. */
export function listenForEmbeds(): () => void {
	const handler = (event: MessageEvent) => embed.receive(event);
	window.addEventListener('message', handler);
	return () => window.removeEventListener('message', handler);
}

/** Only the opener or the framing page may talk to Runboard: any other window is not who the person came from. */
function isOpenerOrParent(source: MessageEventSource | null): source is Window {
	if (source === null) return false;
	return source === window.opener || (window.parent !== window && source === window.parent);
}

function failure(code: string, message: string): EmbedReply {
	return { runboard: 'result', ok: false, error: { code, message } };
}

/** Answers the sender only: its own origin is the target (an opaque origin can only be answered with '*'). */
function reply(source: Window, origin: string, message: EmbedReply): void {
	try {
		source.postMessage(message, origin === 'null' ? '*' : origin);
	} catch {
		// The opener closed or navigated away: nobody is left to answer.
	}
}

function maxBytes(): number {
	if (import.meta.env.VITE_RUNBOARD_TEST_HOOKS !== '1') return EMBED_MAX_BYTES;
	const cap = Number(browserStore().getItem(TEST_CAP_KEY));
	return cap > 0 ? cap : EMBED_MAX_BYTES;
}
