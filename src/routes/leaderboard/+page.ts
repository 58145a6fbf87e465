// The leaderboard's shell is prerendered like the other static pages; what it ranks is in the query string (read
// on the client), so one prerendered page serves every board.
export const prerender = true;
