// The postMessage protocol by which another page (a course page, a notebook, a tool) hands Runboard a file to
// import (docs/embedding.md). Pure: it reads a message's data and says what it is, or why it is refused. Every
// field is untrusted: the sender may be any page on the web, so nothing here runs, fetches or parses markup, and
// names are only ever shown as text.

/** Bumped when the messages change in a way an opener must know about; sent in the pong. */
export const EMBED_PROTOCOL_VERSION = 1;
/**
 * The largest file accepted by postMessage. A posted file sits whole in memory (in the sender's process and,
 * copied, in this one) before the import streams it to storage: larger files belong in a `?url=` link or a drop.
 */
export const EMBED_MAX_BYTES = 1024 * 1024 * 1024;
/** Longest title and file name kept (longer ones are cut): they are shown in the prompt and the report. */
export const EMBED_MAX_NAME = 200;

/** What an opener asks for: a ping (is Runboard listening?) or a file to import. */
export type EmbedRequest =
	{ kind: 'ping' } | { kind: 'import'; file: Blob; title: string; fileName: string; size: number };

/** Why a message is refused; the opener gets the code and the message. */
export type EmbedRefusalCode = 'INVALID_MESSAGE' | 'TOO_LARGE';

export type EmbedParse =
	| { ok: true; request: EmbedRequest }
	| { ok: false; code: EmbedRefusalCode; message: string }
	/** Not a Runboard message at all (another script's traffic): ignored without a word. */
	| { ok: false; code: 'NOT_RUNBOARD' };

/** The answers Runboard posts back to the opener. */
export type EmbedReply =
	| { runboard: 'pong'; version: number }
	| {
			runboard: 'result';
			ok: true;
			experiments: { experimentId: string; name: string }[];
			runsWritten: number;
			metricPoints: number;
			artifactFiles: number;
			warnings: number;
	  }
	| { runboard: 'result'; ok: false; error: { code: string; message: string } };

const refuse = (code: EmbedRefusalCode, message: string): EmbedParse => ({ ok: false, code, message });

/** Reads one message's `data`, with `maxBytes` the size cap (EMBED_MAX_BYTES outside tests). */
export function parseEmbedMessage(data: unknown, maxBytes = EMBED_MAX_BYTES): EmbedParse {
	if (!isRecord(data) || !('runboard' in data)) return { ok: false, code: 'NOT_RUNBOARD' };
	const body = data.runboard;
	if (body === 'ping') return { ok: true, request: { kind: 'ping' } };
	if (!isRecord(body))
		return refuse(
			'INVALID_MESSAGE',
			"A Runboard message is { runboard: 'ping' } or { runboard: { bundle, title } }."
		);
	const file = asBlob(body.bundle);
	if (!file)
		return refuse(
			'INVALID_MESSAGE',
			'The message has no file: `bundle` must be an ArrayBuffer, a typed array or a Blob.'
		);
	if (file.size === 0) return refuse('INVALID_MESSAGE', 'The file in the message is empty.');
	if (file.size > maxBytes)
		return refuse(
			'TOO_LARGE',
			`The file is ${megabytes(file.size)}; Runboard accepts at most ${megabytes(maxBytes)} by postMessage. ` +
				'Share it as a link (?url=) or download it and drop it on the Import page instead.'
		);
	for (const field of ['title', 'fileName'] as const) {
		if (body[field] !== undefined && typeof body[field] !== 'string')
			return refuse('INVALID_MESSAGE', `\`${field}\` must be a string.`);
	}
	const title = cleanText(body.title as string | undefined);
	const fileName = safeFileName((body.fileName as string | undefined) ?? title);
	return { ok: true, request: { kind: 'import', file, title: title || fileName, fileName, size: file.size } };
}

/** The file as a Blob (bytes are copied out of a view so that a later change by the sender cannot reach it). */
function asBlob(value: unknown): Blob | null {
	if (value instanceof Blob) return value;
	if (value instanceof ArrayBuffer) return new Blob([value]);
	if (ArrayBuffer.isView(value))
		return new Blob([new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice()]);
	return null;
}

/** Control characters and runs of spaces become one space; cut to EMBED_MAX_NAME characters. */
export function cleanText(text: string | undefined): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
	const flat = (text ?? '').replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
	return [...flat].slice(0, EMBED_MAX_NAME).join('');
}

/**
 * A name the importers get as the file's path: its last path segment only (no folders, no `..`), never empty.
 * The importers sniff a single file's bytes, so the name is a hint (`mlflow.db`, `x.runboard.zip`), not a rule.
 */
export function safeFileName(name: string | undefined): string {
	const last = cleanText(name).split(/[/\\]/).pop() ?? '';
	const plain = last.replace(/^\.+/, '').trim();
	return plain || 'embedded-file';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function megabytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return mb < 1 ? `${(bytes / 1024).toFixed(1)} kB` : `${mb.toFixed(mb < 10 ? 1 : 0)} MB`;
}
