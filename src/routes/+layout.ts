// A static, client-rendered app: every page is a prerendered shell; data lives in the browser's database.
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'always';
