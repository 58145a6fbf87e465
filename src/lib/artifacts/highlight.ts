// Syntax highlighting for text previews under HIGHLIGHT_CAP: Prism's tokenizer (a well-kept grammar library) turns
// the text into typed tokens, and the preview renders each token as a text node in a span. Prism's own HTML
// output is never used, so an artifact's content is never parsed as markup.
import './prism-setup';
import Prism from 'prismjs';
import 'prismjs/components/prism-json';
import 'prismjs/components/prism-yaml';
import 'prismjs/components/prism-python';
import 'prismjs/components/prism-markdown';
import 'prismjs/components/prism-bash';
import 'prismjs/components/prism-toml';
import 'prismjs/components/prism-sql';
import 'prismjs/components/prism-ini';
import { baseName, extension } from './paths';

export const HIGHLIGHT_CAP = 100 * 1024;

export interface Token {
	text: string;
	/** Prism's token type ('string', 'number', 'comment', 'key', …); '' for plain text. */
	type: string;
}

const BY_EXTENSION: Record<string, string> = {
	json: 'json',
	yaml: 'yaml',
	yml: 'yaml',
	py: 'python',
	md: 'markdown',
	markdown: 'markdown',
	sh: 'bash',
	bash: 'bash',
	toml: 'toml',
	sql: 'sql',
	ini: 'ini',
	cfg: 'ini'
};

/** The grammar for a file, or null for plain text. MLmodel is YAML. */
export function languageFor(path: string): string | null {
	if (baseName(path) === 'MLmodel') return 'yaml';
	const language = BY_EXTENSION[extension(path)];
	return language && Prism.languages[language] ? language : null;
}

/** Flat tokens of `text`, or null when it is too large to highlight (it is then shown plain). */
export function highlight(text: string, language: string): Token[] | null {
	const grammar = Prism.languages[language];
	if (!grammar || text.length > HIGHLIGHT_CAP) return null;
	const out: Token[] = [];
	const walk = (stream: Prism.TokenStream, type: string) => {
		if (typeof stream === 'string') out.push({ text: stream, type });
		else if (Array.isArray(stream)) stream.forEach((s) => walk(s, type));
		else walk(stream.content, stream.type);
	};
	walk(Prism.tokenize(text, grammar), '');
	return out;
}
