// Markdown notes (mlflow.note.content) are untrusted: rendered by marked, then sanitised by DOMPurify with a
// small allow-list. Links keep only http(s) and mailto targets; images are dropped (no tracking pixels).
import DOMPurify from 'dompurify';
import { marked } from 'marked';

// An allow-list, checked on the decoded attribute value DOMPurify leaves: entity tricks (&#106;avascript:),
// leading whitespace or control characters, and every other scheme (javascript:, data:, vbscript:, relative
// links) fail it, so the link loses its href and stays plain text.
const SAFE_LINK = /^(?:https?:|mailto:)/i;

let hooked = false;

function installHooks(): void {
	if (hooked) return;
	hooked = true;
	DOMPurify.addHook('afterSanitizeAttributes', (node) => {
		if (node.tagName === 'A') {
			const href = node.getAttribute('href') ?? '';
			if (!SAFE_LINK.test(href)) node.removeAttribute('href');
			else {
				node.setAttribute('target', '_blank');
				node.setAttribute('rel', 'noopener noreferrer nofollow');
			}
		}
	});
}

export function renderMarkdown(source: string): string {
	installHooks();
	const html = marked.parse(source, { async: false, gfm: true, breaks: false });
	return DOMPurify.sanitize(html, {
		ALLOWED_TAGS: [
			'a',
			'b',
			'blockquote',
			'br',
			'code',
			'del',
			'em',
			'h1',
			'h2',
			'h3',
			'h4',
			'h5',
			'h6',
			'hr',
			'i',
			'li',
			'ol',
			'p',
			'pre',
			'strong',
			'table',
			'tbody',
			'td',
			'th',
			'thead',
			'tr',
			'ul'
		],
		ALLOWED_ATTR: ['href', 'title', 'align'],
		// The same allow-list as the hook, so DOMPurify itself already drops any other URL.
		ALLOWED_URI_REGEXP: SAFE_LINK,
		// Table cell alignment is not a URL: exempt it from that check.
		ADD_URI_SAFE_ATTR: ['align'],
		ALLOW_DATA_ATTR: false,
		ALLOW_ARIA_ATTR: false
	});
}
