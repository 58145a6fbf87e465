// The Compare view's shell is prerendered like the other static pages; which runs it shows is in the query
// string (read on the client), so one prerendered page serves every comparison.
export const prerender = true;
