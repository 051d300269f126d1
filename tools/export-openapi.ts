/**
 * Writes the gateway's OpenAPI document to apps/web/src/api/openapi.json, from which
 * `npm run api:types` generates the web application's API types (apps/web/src/api/schema.d.ts).
 * It builds the Nest application without listening and without needing Postgres or Temporal.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../libs/config';
import { createGatewayApp, openApiDocument } from '../apps/gateway/main';

const OUTPUT = join(__dirname, '..', '..', 'apps', 'web', 'src', 'api', 'openapi.json');

async function main(): Promise<void> {
  // Nothing is queried: a closed port keeps the gateway from reaching a real database.
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: 'postgres://openapi@127.0.0.1:1/none',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    LOG_LEVEL: 'error',
  });
  const app = await createGatewayApp(config);
  await app.init();
  writeFileSync(OUTPUT, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
  console.log(`wrote ${OUTPUT}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
