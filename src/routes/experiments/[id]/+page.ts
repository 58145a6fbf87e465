// Experiment ids come from the browser's database, so this page cannot be prerendered: the host serves the
// 404.html SPA shell for it, which renders it on the client.
export const prerender = false;
