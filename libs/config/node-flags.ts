/**
 * Node (V8) flags the gateway runs with, wherever it is started: `npm start`, `npm run
 * start:gateway`, the Docker image and the compose file (which spell them out; a unit test keeps
 * them in step with this list) and the benchmarks.
 *
 * `--max-semi-space-size=64`: each in-flight queue page is short-lived garbage (50 rows, their
 * DTOs, 37 KB of JSON), and with 32 pages in flight the default young generation was scavenged so
 * often that it showed as 15 % of the machine's CPU at province scale, where the gateway also keeps
 * the report roll-ups in memory. With up to 64 MB per semi-space the queue served 7–13 % more pages
 * a second at province scale (bench/README.md, runs F and G). V8 grows the young generation to it
 * only under load.
 *
 * `--no-allocation-site-pretenuring`: with V8's allocation-site pretenuring on, each scavenge
 * during queue reading promoted 6.4–7.0 MB into the old generation (the pages' rows as `pg` parses
 * them, their ISO instants, the JSON: objects dead a few milliseconds later) and paused the
 * gateway 11–13 ms; without it 1.3–1.6 MB and about 5.5 ms, and the gateway spent about 12 % less
 * CPU per queue page. Loading the report roll-ups at start took as long either way (bench/README.md,
 * run H).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--no-allocation-site-pretenuring'];
